// Writes one batch of ingested records into papers, authors and observations, in one
// transaction, as set-based SQL (a staging table, then a handful of statements), so a
// batch of thousands costs a few round trips, not thousands.
//
// Identity (the merge rule):
//   1. a record with an arXiv id is the paper with that id (any version);
//   2. else, or when no paper has the id yet, the paper with the same normalised title
//      that has no arXiv id (a demo or JSONL paper), which then gains the id;
//      a record without an id matches any paper with its title;
//   3. else a new paper, whose id derives from the arXiv id (or the title without one).
// Which text wins when a paper already exists: see `WINS` below.
import type { Database } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { paperIdFor } from "@/lib/papers/paper-id";
import { titleKey } from "@/lib/papers/title-key";
import { recountSearchVocabulary, updateSearchVocabulary } from "@/lib/search/vocabulary";
import type { IngestRecord, IngestSource } from "../record";

export type MergeCounts = { inserted: number; updated: number; unchanged: number };

/** Paper ids: stable per arXiv id, so a title change never changes a URL. */
export function newPaperId(record: Pick<IngestRecord, "arxivId" | "title">): string {
  return record.arxivId ? paperIdFor(`arxiv:${record.arxivId}`) : paperIdFor(titleKey(record.title));
}

// Lists travel as one string per record, split in SQL; U+001F never occurs in the values
// (names and URLs are whitespace-normalised text, categories are [a-z.-]).
const SEPARATOR = "\u001f";
const joinList = (values: string[]): string => values.map((v) => v.replaceAll(SEPARATOR, "")).join(SEPARATOR);

// How authoritative a source's text is: arXiv itself over an aggregator over a
// hand-made file over the demo listing. Same rank: the newer arXiv version wins.
const SOURCE_RANK = Prisma.raw(
  `CASE %s WHEN 'arxiv' THEN 3 WHEN 'arxiv-snapshot' THEN 3 WHEN 'hf-daily' THEN 2 WHEN 'jsonl' THEN 1 ELSE 0 END`,
);
const rankOf = (column: string) => Prisma.raw(SOURCE_RANK.text.replace("%s", column));
const WINS = Prisma.sql`(p.id IS NULL OR (${rankOf("s.source")} >= ${rankOf("p.source")}
  AND coalesce(s.arxiv_version, 0) >= coalesce(p.arxiv_version, 0)))`;

/** Serialises writers: two ingests of the same paper never interleave their reads and writes. */
const WRITER_LOCK = 72707370;

export async function mergeBatch(
  db: Database,
  records: IngestRecord[],
  source: IngestSource,
  options: { checkpoint?: { key: string; position: number } } = {},
): Promise<MergeCounts> {
  if (records.length === 0 && !options.checkpoint) return { inserted: 0, updated: 0, unchanged: 0 };

  return db.$transaction(
    async (tx) => {
      await lockWriters(tx);
      await createStage(tx);
      await appendToStage(tx, records, source, 0);
      const counts = await mergeStaged(tx);
      if (options.checkpoint) {
        await tx.$executeRaw`
          INSERT INTO ingest_checkpoints (key, position, updated_at)
          VALUES (${options.checkpoint.key}, ${options.checkpoint.position}, now())
          ON CONFLICT (key) DO UPDATE SET position = excluded.position, updated_at = now()`;
      }
      // Records superseded by another of the same batch changed nothing themselves.
      return { ...counts, unchanged: records.length - counts.inserted - counts.updated };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

/**
 * Serialises writers for the rest of the transaction. (The temp tables below have no
 * statistics, so the planner's cost guesses cross JIT's thresholds: it compiled for
 * ~150 ms statements that run in 5 ms. lib/db turns JIT off on every connection.)
 */
export async function lockWriters(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${WRITER_LOCK})`;
}

/** The transaction's staging table: the records as sent, then their resolved paper ids. */
export async function createStage(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`
    CREATE TEMP TABLE ingest_stage (
      ord int, arxiv_id text, arxiv_version int, title text, title_key text, abstract text, authors text[],
      published_at timestamptz, source_updated_at timestamptz, categories text[], comment text, links text[],
      observed_at timestamptz, upvotes int, github_stars int, comments int, featured_at timestamptz,
      new_id text, paper_id text, title_match boolean, source text
    ) ON COMMIT DROP`;
}

/** Adds records to the stage; `firstOrd` continues the order across calls (later records win ties). */
export async function appendToStage(
  tx: Prisma.TransactionClient,
  records: IngestRecord[],
  source: IngestSource,
  firstOrd: number,
): Promise<void> {
  if (records.length === 0) return;
  const column = <T>(pick: (r: IngestRecord) => T) => records.map(pick);
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  await tx.$executeRaw`
    INSERT INTO ingest_stage
    SELECT (${firstOrd}::int + u.ord)::int, u.arxiv_id, u.arxiv_version, u.title, u.title_key, u.abstract,
           string_to_array(u.authors, ${SEPARATOR}),
           u.published_at, u.source_updated_at,
           string_to_array(u.categories, ${SEPARATOR}),
           u.comment, string_to_array(u.links, ${SEPARATOR}),
           u.observed_at, u.upvotes, u.github_stars, u.comments, u.featured_at,
           u.new_id, NULL, false, ${source}::text
    FROM unnest(
      ${column((r) => r.arxivId)}::text[], ${column((r) => r.arxivVersion)}::int[],
      ${column((r) => r.title)}::text[], ${column((r) => titleKey(r.title))}::text[],
      ${column((r) => r.abstract)}::text[], ${column((r) => joinList(r.authors))}::text[],
      ${column((r) => iso(r.publishedAt))}::timestamptz[], ${column((r) => iso(r.sourceUpdatedAt))}::timestamptz[],
      ${column((r) => joinList(r.categories))}::text[], ${column((r) => r.comment)}::text[],
      ${column((r) => joinList(r.links))}::text[],
      ${column((r) => iso(r.observation?.observedAt))}::timestamptz[], ${column((r) => r.observation?.upvotes ?? null)}::int[],
      ${column((r) => r.observation?.githubStars ?? null)}::int[], ${column((r) => r.observation?.comments ?? null)}::int[],
      ${column((r) => iso(r.observation?.featuredAt))}::timestamptz[], ${column(newPaperId)}::text[]
    ) WITH ORDINALITY AS u(arxiv_id, arxiv_version, title, title_key, abstract, authors, published_at,
      source_updated_at, categories, comment, links, observed_at, upvotes, github_stars, comments, featured_at, new_id, ord)`;
}

/**
 * Merges everything staged into papers, authors and observations, and keeps the search
 * vocabulary current: by the batch's changes, or, with `recountVocabulary` (a bulk
 * import, whose papers are all new), counted afresh from every paper, which Postgres
 * spreads over its parallel workers. Returns what it inserted and updated; the rest of
 * the staged records changed nothing.
 */
export async function mergeStaged(
  tx: Prisma.TransactionClient,
  { recountVocabulary = false }: { recountVocabulary?: boolean } = {},
): Promise<Omit<MergeCounts, "unchanged">> {
  // One row per identity in the batch: the highest version, then the last seen.
  await tx.$executeRaw`
    DELETE FROM ingest_stage s USING ingest_stage t
    WHERE coalesce(s.arxiv_id, 't:' || s.title_key) = coalesce(t.arxiv_id, 't:' || t.title_key)
      AND (coalesce(t.arxiv_version, 0), t.ord) > (coalesce(s.arxiv_version, 0), s.ord)`;

  await tx.$executeRaw`
    UPDATE ingest_stage s SET paper_id = p.id FROM papers p
    WHERE s.arxiv_id IS NOT NULL AND p.arxiv_id = s.arxiv_id`;
  await tx.$executeRaw`
    UPDATE ingest_stage s SET title_match = true, paper_id = (
      SELECT p.id FROM papers p
      WHERE p.title_key = s.title_key AND (s.arxiv_id IS NULL OR p.arxiv_id IS NULL)
      ORDER BY p.arxiv_id IS NOT NULL DESC, p.created_at, p.id LIMIT 1)
    WHERE s.paper_id IS NULL AND EXISTS (
      SELECT 1 FROM papers p WHERE p.title_key = s.title_key AND (s.arxiv_id IS NULL OR p.arxiv_id IS NULL))`;
  // Two arXiv records in one batch may both match one id-less paper by title: the
  // first claims it, the others are different papers and become new ones.
  await tx.$executeRaw`
    UPDATE ingest_stage s SET paper_id = NULL, title_match = false FROM ingest_stage t
    WHERE s.arxiv_id IS NOT NULL AND s.title_match AND t.paper_id = s.paper_id AND t.ord <> s.ord
      AND (NOT t.title_match OR t.ord < s.ord)`;
  await tx.$executeRaw`UPDATE ingest_stage SET paper_id = new_id WHERE paper_id IS NULL`;
  // An id-less record that lands on a paper another record of the batch also writes
  // merges into that one (the arXiv record, else the earlier one).
  await tx.$executeRaw`
    DELETE FROM ingest_stage s USING ingest_stage t
    WHERE s.arxiv_id IS NULL AND t.paper_id = s.paper_id AND t.ord <> s.ord
      AND (t.arxiv_id IS NOT NULL OR t.ord < s.ord)`;

  // The merged row, computed once; only rows that differ from what is stored are written,
  // so re-ingesting the same records rewrites nothing (and re-indexes nothing).
  await tx.$executeRaw`
    CREATE TEMP TABLE ingest_merged ON COMMIT DROP AS
    SELECT s.paper_id AS id, p.id IS NULL AS is_new, s.ord, s.authors,
           ${WINS} AND cardinality(s.authors) > 0 AS replace_authors,
           coalesce(p.arxiv_id, s.arxiv_id) AS arxiv_id,
           CASE WHEN ${WINS} THEN coalesce(s.arxiv_version, p.arxiv_version) ELSE p.arxiv_version END AS arxiv_version,
           CASE WHEN ${WINS} THEN s.title ELSE p.title END AS title,
           CASE WHEN ${WINS} THEN s.title_key ELSE p.title_key END AS title_key,
           CASE WHEN ${WINS} AND s.abstract <> '' THEN s.abstract ELSE coalesce(p.abstract, s.abstract) END AS abstract,
           CASE WHEN ${WINS} THEN s.published_at ELSE p.published_at END AS published_at,
           CASE WHEN ${WINS} THEN s.source ELSE p.source END AS source,
           coalesce(p.links, '{}') || ARRAY(
             SELECT l FROM unnest(s.links) WITH ORDINALITY AS u(l, i)
             WHERE p.links IS NULL OR NOT (l = ANY (p.links)) ORDER BY i) AS links,
           CASE WHEN ${WINS} AND cardinality(s.categories) > 0 THEN s.categories ELSE coalesce(p.categories, '{}') END AS categories,
           CASE WHEN ${WINS} THEN coalesce(s.comment, p.comment) ELSE coalesce(p.comment, s.comment) END AS comment,
           CASE WHEN ${WINS} THEN coalesce(s.source_updated_at, p.source_updated_at) ELSE p.source_updated_at END AS source_updated_at
    FROM ingest_stage s LEFT JOIN papers p ON p.id = s.paper_id`;

  // What the vocabulary must learn and forget: new papers, and changed titles or abstracts.
  if (!recountVocabulary) {
    await tx.$executeRaw`
      CREATE TEMP TABLE ingest_text_changes ON COMMIT DROP AS
      SELECT m.id, p.title AS old_title, p.abstract AS old_abstract, m.title, m.abstract
      FROM ingest_merged m LEFT JOIN papers p ON p.id = m.id
      WHERE p.id IS NULL OR (p.title, p.abstract) IS DISTINCT FROM (m.title, m.abstract)`;
  }

  // Counted in SQL: a bulk import writes a million rows, which need not travel back.
  const [written] = await tx.$queryRaw<{ inserted: number; updated_ids: string[] }[]>`
    WITH written AS (
      INSERT INTO papers (id, arxiv_id, arxiv_version, title, title_key, abstract, published_at, source, links,
                          categories, comment, source_updated_at, updated_at)
      SELECT m.id, m.arxiv_id, m.arxiv_version, m.title, m.title_key, m.abstract, m.published_at, m.source, m.links,
             m.categories, m.comment, m.source_updated_at, now()
      FROM ingest_merged m LEFT JOIN papers p ON p.id = m.id
      WHERE p.id IS NULL
         OR (p.arxiv_id, p.arxiv_version, p.title, p.abstract, p.published_at, p.source, p.links, p.categories,
             p.comment, p.source_updated_at)
            IS DISTINCT FROM
            (m.arxiv_id, m.arxiv_version, m.title, m.abstract, m.published_at, m.source, m.links, m.categories,
             m.comment, m.source_updated_at)
      ON CONFLICT (id) DO UPDATE SET
        arxiv_id = excluded.arxiv_id, arxiv_version = excluded.arxiv_version, title = excluded.title,
        title_key = excluded.title_key, abstract = excluded.abstract, published_at = excluded.published_at,
        source = excluded.source, links = excluded.links, categories = excluded.categories,
        comment = excluded.comment, source_updated_at = excluded.source_updated_at, updated_at = now()
      RETURNING id, (xmax = 0) AS is_new
    )
    SELECT count(*) FILTER (WHERE is_new)::int AS inserted,
           coalesce(array_agg(id) FILTER (WHERE NOT is_new), '{}') AS updated_ids
    FROM written`;

  if (recountVocabulary) await recountSearchVocabulary(tx);
  else await updateSearchVocabulary(tx, "ingest_text_changes");
  const authorsChanged = await writeAuthors(tx);
  await tx.$executeRaw`
    INSERT INTO paper_observations (paper_id, source, observed_at, upvotes, github_stars, comments, featured_at)
    SELECT paper_id, source, observed_at, upvotes, github_stars, comments, featured_at
    FROM ingest_stage WHERE observed_at IS NOT NULL`;

  // A paper whose only change is its author list still counts as updated.
  const updated = new Set([...written!.updated_ids, ...authorsChanged]).size;
  return { inserted: written!.inserted, updated };
}

/**
 * Replaces the author lists of papers whose winning record brought a different one.
 * Returns the ids of existing papers whose authors changed.
 */
async function writeAuthors(tx: Prisma.TransactionClient): Promise<string[]> {
  // Temp tables have no statistics, so joins between them can turn into nested loops:
  // everything needed is already on ingest_merged, and only existing papers look up
  // their current list (one index range each).
  await tx.$executeRaw`
    CREATE TEMP TABLE ingest_authorship ON COMMIT DROP AS
    SELECT m.id AS paper_id, m.is_new, m.authors FROM ingest_merged m
    WHERE m.replace_authors AND m.is_new
    UNION ALL
    SELECT m.id, false, m.authors FROM ingest_merged m
    CROSS JOIN LATERAL (
      SELECT coalesce(array_agg(a.name ORDER BY pa.position), '{}') AS names
      FROM paper_authors pa JOIN authors a ON a.id = pa.author_id WHERE pa.paper_id = m.id
    ) current
    WHERE m.replace_authors AND NOT m.is_new AND m.authors IS DISTINCT FROM current.names`;
  await tx.$executeRaw`
    INSERT INTO authors (name)
    SELECT DISTINCT name FROM ingest_authorship, unnest(authors) AS name
    ORDER BY name
    ON CONFLICT (name) DO NOTHING`;
  await tx.$executeRaw`DELETE FROM paper_authors pa USING ingest_authorship x WHERE NOT x.is_new AND pa.paper_id = x.paper_id`;
  await tx.$executeRaw`
    INSERT INTO paper_authors (paper_id, author_id, position)
    SELECT x.paper_id, a.id, (u.i - 1)::int
    FROM ingest_authorship x, unnest(x.authors) WITH ORDINALITY AS u(name, i)
    JOIN authors a ON a.name = u.name`;
  const changed = await tx.$queryRaw<{ paper_id: string }[]>`
    SELECT paper_id FROM ingest_authorship WHERE NOT is_new`;
  return changed.map((row) => row.paper_id);
}
