// A deterministic synthetic corpus for benchmarks: N papers made from the demo
// corpus (prisma/demo) so that they read, tokenise and stem like the real ones.
//
//   text       titles and abstracts from bench/corpus-text.ts (demo sentences and
//              titles, recombined and perturbed; invented method names);
//   dates      spread over the 5 years before `now`, denser towards the present,
//              oldest first (as a chronological ingest stores them);
//   votes      a few per paper (0–20, about 2.5 on average), cast after publication.
//
// Same seed, same corpus on every machine (only the dates are relative to `now`).
// Papers are stored with source "bench". Nothing here runs in `npm test`.
import { createHash } from "node:crypto";
import pg from "pg";
import type { DumpListing } from "@/lib/ingest/demo/parse-dump";
import { seededRandom } from "@/lib/ingest/demo/seeded-random";
import { titleKey } from "@/lib/papers/title-key";
import { buildModel, createTextGenerator, type TextModel } from "./corpus-text";
import { rebuildVocabulary } from "./vocabulary-rebuild";

export const SYNTHETIC_SEED = 100_003;
export const SYNTHETIC_SPAN_YEARS = 5;

const DAY_MS = 86_400_000;

export type SyntheticPaper = {
  id: string;
  title: string;
  titleKey: string;
  abstract: string;
  publishedAt: Date;
  /** When each vote was cast; voter ids are "bench:<index>". */
  votes: Date[];
};

export type GeneratorOptions = { now: Date; seed?: number; spanYears?: number; excludeTitleKeys?: Iterable<string> };

/** Yields `count` papers; the i-th paper is the same on every run with the same seed. */
export function* generateSyntheticPapers(model: TextModel, count: number, options: GeneratorOptions): Generator<SyntheticPaper> {
  const random = seededRandom(options.seed ?? SYNTHETIC_SEED);
  const text = createTextGenerator(model, random);
  const seenKeys = new Set(options.excludeTitleKeys ?? []);
  const spanMs = (options.spanYears ?? SYNTHETIC_SPAN_YEARS) * 365.25 * DAY_MS;
  const nowMs = options.now.getTime();

  for (let index = 0; index < count; index += 1) {
    const name = random() < 0.45 ? text.methodName() : null;
    let title = text.title(name);
    let key = titleKey(title);
    // Titles are unique in the schema: extend a rare duplicate until it is new.
    while (seenKeys.has(key)) {
      title = `${title} ${text.titleWord()}`;
      key = titleKey(title);
    }
    seenKeys.add(key);
    const abstract = text.abstract(name);
    // Denser towards the present, as publication rates grow (age = span × u^1.3),
    // and in publication order, oldest first, as a chronological ingest stores
    // papers: paper i takes the quantile of u at which a share i/count is older.
    const ageMs = spanMs * (1 - (index + random()) / count) ** 1.3;
    const publishedAt = new Date(nowMs - ageMs);
    const voteCount = Math.min(20, Math.floor(-3 * Math.log(1 - random())));
    const votes = Array.from({ length: voteCount }, () => new Date(publishedAt.getTime() + ageMs * random() ** 2));
    yield { id: syntheticPaperId(index), title, titleKey: key, abstract, publishedAt, votes };
  }
}

export function syntheticPaperId(index: number): string {
  return createHash("sha256").update(`bench:${index}`).digest("hex").slice(0, 12);
}

export type LoadProgress = { rows: number; total: number; elapsedMs: number };
export type LoadResult = { papers: number; votes: number; insertMs: number; vacuumMs: number; vocabularyMs: number };

const INSERT_PAPERS = `
  INSERT INTO papers (id, title, title_key, abstract, published_at, source, links, created_at, updated_at)
  SELECT id, title, title_key, abstract, published_at, 'bench', '{}'::text[], now(), now()
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, title, title_key, abstract, published_at)`;

const INSERT_VOTES = `
  INSERT INTO votes (paper_id, voter_id, created_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])`;

/**
 * Inserts `count` synthetic papers (and their votes) into the migrated database at
 * `url` in batches, over `connections` parallel connections (the stored tsvector
 * and the GIN indexes are computed by Postgres, which is the CPU-bound part), then
 * VACUUM ANALYZEs and rebuilds the search vocabulary.
 */
export async function loadSyntheticCorpus(
  url: string,
  listings: DumpListing[],
  options: GeneratorOptions & {
    count: number;
    batchSize?: number;
    connections?: number;
    onProgress?: (progress: LoadProgress) => void;
    log?: (line: string) => void;
  },
): Promise<LoadResult> {
  const batchSize = options.batchSize ?? 5_000;
  const log = options.log ?? (() => {});
  const papers = generateSyntheticPapers(buildModel(listings), options.count, options);
  const clients = await Promise.all(
    Array.from({ length: options.connections ?? 2 }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const started = performance.now();
  let rows = 0;
  let votes = 0;

  const nextBatch = (): SyntheticPaper[] => {
    const batch: SyntheticPaper[] = [];
    while (batch.length < batchSize) {
      const next = papers.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };

  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
          const voteRows = batch.flatMap((paper) => paper.votes.map((at, voter) => [paper.id, `bench:${voter}`, at.toISOString()]));
          await client.query("BEGIN");
          await client.query(INSERT_PAPERS, [
            batch.map((p) => p.id),
            batch.map((p) => p.title),
            batch.map((p) => p.titleKey),
            batch.map((p) => p.abstract),
            batch.map((p) => p.publishedAt.toISOString()),
          ]);
          await client.query(INSERT_VOTES, [voteRows.map((v) => v[0]), voteRows.map((v) => v[1]), voteRows.map((v) => v[2])]);
          await client.query("COMMIT");
          rows += batch.length;
          votes += voteRows.length;
          options.onProgress?.({ rows, total: options.count, elapsedMs: performance.now() - started });
        }
      }),
    );
    const insertMs = performance.now() - started;

    // Flushes the GIN pending lists and sets the visibility map (as autovacuum
    // would on a live server), and gives the planner statistics.
    log("VACUUM ANALYZE papers, votes");
    const vacuumStart = performance.now();
    await clients[0].query("VACUUM (ANALYZE) papers");
    await clients[0].query("VACUUM (ANALYZE) votes");
    const vacuumMs = performance.now() - vacuumStart;

    log("rebuilding the search vocabulary (search_words, search_lexemes)");
    const vocabularyStart = performance.now();
    await rebuildVocabulary(clients[0]);
    const vocabularyMs = performance.now() - vocabularyStart;

    return { papers: rows, votes, insertMs, vacuumMs, vocabularyMs };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}
