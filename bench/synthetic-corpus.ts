// A deterministic synthetic corpus for benchmarks: N papers made from the demo
// corpus (prisma/demo) so that they read, tokenise and stem like the real ones.
//
//   abstracts  whole demo sentences, recombined across papers and perturbed (about
//              one content word in eight replaced by a word drawn with its observed
//              frequency), so common phrases ("large language models") survive and
//              word frequencies stay Zipf-like, as in the demo corpus;
//   titles     a demo title perturbed the same way, cut or extended to 6–14 words,
//              often led by an invented method name ("Qorvix: ..."), which grows the
//              vocabulary the way new papers do;
//   dates      spread over the 5 years before `now`, denser towards the present;
//   votes      a few per paper (0–20, about 2.5 on average), cast after publication.
//
// Same seed, same corpus on every machine (only the dates are relative to `now`).
// Papers are stored with source "bench". Nothing here runs in `npm test`.
import { createHash } from "node:crypto";
import pg from "pg";
import type { DumpListing } from "@/lib/ingest/demo/parse-dump";
import { seededRandom } from "@/lib/ingest/demo/seeded-random";
import { titleKey } from "@/lib/papers/title-key";

export const SYNTHETIC_SEED = 100_003;
export const SYNTHETIC_SPAN_YEARS = 5;

const DAY_MS = 86_400_000;
const TITLE_WORDS = { min: 6, max: 14 };
const ABSTRACT_WORDS = { min: 120, max: 250 };
/** Chance that a replaceable word of a reused sentence or title is swapped for a sampled one. */
const ABSTRACT_SWAP = 0.12;
const TITLE_SWAP = 0.3;

export type SyntheticPaper = {
  id: string;
  title: string;
  titleKey: string;
  abstract: string;
  publishedAt: Date;
  /** When each vote was cast; voter ids are "bench:<index>". */
  votes: Date[];
};

/** A sentence or title split into words once, with the positions a perturbation may swap. */
type Fragment = { words: string[]; slots: number[]; tails: string[]; capitals: boolean[] };

/** The observed material the generator draws from. */
type Model = {
  titles: Fragment[];
  openingSentences: Fragment[];
  sentences: Fragment[];
  /** Every occurrence of every replaceable word: uniform picks reproduce the observed frequencies. */
  abstractWords: string[];
  titleWords: string[];
};

// A plain lower-case word (optionally followed by punctuation) may be swapped;
// acronyms, names, numbers, hyphenated and capitalised words keep the text readable.
const REPLACEABLE = /^([a-z]{4,})([,.;:]?)$/;
const TITLE_REPLACEABLE = /^([A-Za-z][a-z]{3,})([,:]?)$/;
const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[A-Z(])/;

function fragment(text: string, pattern: RegExp, pool: string[]): Fragment {
  const words = text.split(/\s+/);
  const result: Fragment = { words, slots: [], tails: [], capitals: [] };
  words.forEach((word, index) => {
    const match = pattern.exec(word);
    if (!match) return;
    result.slots.push(index);
    result.tails.push(match[2]);
    result.capitals.push(/^[A-Z]/.test(match[1]));
    pool.push(match[1].toLowerCase());
  });
  return result;
}

export function buildModel(listings: DumpListing[]): Model {
  const model: Model = { titles: [], openingSentences: [], sentences: [], abstractWords: [], titleWords: [] };
  for (const { title, abstract } of listings) {
    model.titles.push(fragment(title, TITLE_REPLACEABLE, model.titleWords));
    abstract.split(SENTENCE_SPLIT).forEach((sentence, index) => {
      const parsed = fragment(sentence, REPLACEABLE, model.abstractWords);
      // Links belong to one paper; short fragments are split artefacts ("e.g.").
      if (/https?:|github|www\./i.test(sentence) || parsed.words.length < 5) return;
      (index === 0 ? model.openingSentences : model.sentences).push(parsed);
    });
  }
  return model;
}

const SYLLABLES = ["ka", "lo", "vi", "ra", "ze", "mo", "tri", "qu", "nex", "dar", "sol", "fen", "or", "ix", "el", "pra", "gen", "ve", "ta", "lum"];
const SUFFIXES = ["", "", "", "Net", "Former", "GPT", "Diff", "Bench", "-2", "-XL", "Fusion", "Agent"];
const CONNECTIVES = ["for", "with", "via", "in", "and", "of"];
const DANGLING = new Set(["a", "an", "the", "of", "for", "with", "via", "in", "and", "on", "to", "from", "by", "at", "is", "are", "we"]);

export type GeneratorOptions = { now: Date; seed?: number; spanYears?: number; excludeTitleKeys?: Iterable<string> };

/** Yields `count` papers; the i-th paper is the same on every run with the same seed. */
export function* generateSyntheticPapers(model: Model, count: number, options: GeneratorOptions): Generator<SyntheticPaper> {
  const random = seededRandom(options.seed ?? SYNTHETIC_SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const seenKeys = new Set(options.excludeTitleKeys ?? []);
  const spanMs = (options.spanYears ?? SYNTHETIC_SPAN_YEARS) * 365.25 * DAY_MS;
  const nowMs = options.now.getTime();

  /** A copy of the fragment's words with about `chance` of its swappable words replaced by sampled ones. */
  const perturb = (source: Fragment, chance: number, pool: string[]): string[] => {
    const words = [...source.words];
    source.slots.forEach((slot, i) => {
      if (random() >= chance) return;
      const word = pick(pool);
      words[slot] = (source.capitals[i] ? word[0].toUpperCase() + word.slice(1) : word) + source.tails[i];
    });
    return words;
  };

  const methodName = () => {
    const parts = Array.from({ length: between(2, 3) }, () => pick(SYLLABLES)).join("");
    return parts[0].toUpperCase() + parts.slice(1) + pick(SUFFIXES);
  };

  const makeTitle = (name: string | null): string => {
    const target = between(TITLE_WORDS.min, TITLE_WORDS.max);
    let words = perturb(pick(model.titles), TITLE_SWAP, model.titleWords);
    // Drop the base title's own "Name:" lead when we bring our own.
    if (name && words[0]?.endsWith(":")) words = words.slice(1);
    if (name) words.unshift(`${name}:`);
    while (words.length < target) words.push(pick(CONNECTIVES), pick(model.titleWords));
    words.length = Math.min(words.length, target);
    // A cut title should not end on "of the" or a dangling colon.
    while (words.length > TITLE_WORDS.min && DANGLING.has(words[words.length - 1].toLowerCase())) words.pop();
    return words.join(" ").replace(/[:,]$/, "");
  };

  const makeAbstract = (name: string | null): string => {
    const target = between(ABSTRACT_WORDS.min, ABSTRACT_WORDS.max);
    const words = perturb(pick(model.openingSentences), ABSTRACT_SWAP, model.abstractWords);
    if (name) {
      const sentence = perturb(pick(model.sentences), ABSTRACT_SWAP, model.abstractWords);
      sentence[0] = sentence[0].toLowerCase();
      words.push("We", "introduce", `${name},`, "where", ...sentence);
    }
    while (words.length < target) words.push(...perturb(pick(model.sentences), ABSTRACT_SWAP, model.abstractWords));
    if (words.length > ABSTRACT_WORDS.max) {
      words.length = ABSTRACT_WORDS.max;
      words[words.length - 1] = words[words.length - 1].replace(/[,;:]?$/, ".");
    }
    return words.join(" ");
  };

  for (let index = 0; index < count; index += 1) {
    const name = random() < 0.45 ? methodName() : null;
    let title = makeTitle(name);
    let key = titleKey(title);
    // Titles are unique in the schema: extend a rare duplicate until it is new.
    while (seenKeys.has(key)) {
      title = `${title} ${pick(model.titleWords)}`;
      key = titleKey(title);
    }
    seenKeys.add(key);
    const abstract = makeAbstract(name);
    // Denser towards the present, as publication rates grow.
    const ageMs = spanMs * random() ** 1.3;
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
 * VACUUM ANALYZEs and refreshes the search vocabulary views.
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

    log("refreshing the search vocabulary views (search_words, search_lexemes)");
    const vocabularyStart = performance.now();
    await clients[0].query("REFRESH MATERIALIZED VIEW search_words");
    await clients[0].query("REFRESH MATERIALIZED VIEW search_lexemes");
    await clients[0].query("ANALYZE search_words");
    await clients[0].query("ANALYZE search_lexemes");
    const vocabularyMs = performance.now() - vocabularyStart;

    return { papers: rows, votes, insertMs, vacuumMs, vocabularyMs };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}
