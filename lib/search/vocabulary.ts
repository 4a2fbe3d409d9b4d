// The search vocabulary: search_words (unstemmed words, for "Did you mean") and
// search_lexemes (stemmed lexemes with document frequencies, for similar papers).
// Ingest batches keep both current with updateSearchVocabulary, inside their own
// transaction; recountSearchVocabulary recomputes them from every paper (a bulk import,
// and rebuildSearchVocabulary: the demo load, tests, or repair after papers changed
// behind the app's back).
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Which words are worth suggesting: the same rule for the rebuild and for the deltas.
const WORD_FILTER = `length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z][a-z0-9-]*$'`;
// A paper's words, unstemmed: the same for the rebuild and for the deltas.
const PAPER_WORDS = `to_tsvector('simple'::regconfig, title || ' ' || abstract)`;
const wordsOf = (table: string) => `SELECT ${PAPER_WORDS} FROM ${table}`;
const lexemesOf = (table: string) =>
  `SELECT setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(abstract, '')), 'B') FROM ${table}`;

/**
 * Applies a batch's text changes, after the papers were written. `changes` names a
 * table (a temp table of the batch) with columns id, old_title, old_abstract (null for
 * a new paper) and title, abstract.
 */
export async function updateSearchVocabulary(tx: Prisma.TransactionClient, changes: string): Promise<void> {
  const added = `(SELECT title, abstract FROM ${changes})`;
  // The new lexemes are already in the stored search vectors: reading them costs a
  // seventh of running the English stemmer again (bench/README.md, ingest).
  const addedLexemes = `SELECT p.search_vector FROM papers p JOIN ${changes} c ON c.id = p.id`;
  const removed = `(SELECT old_title AS title, old_abstract AS abstract FROM ${changes} WHERE old_title IS NOT NULL)`;
  await tx.$executeRawUnsafe(`
    INSERT INTO search_words (word, ndoc)
    SELECT word, sum(n)::int FROM (
      SELECT word, ndoc AS n FROM ts_stat($q$${wordsOf(`${added} AS t`)}$q$)
      UNION ALL
      SELECT word, -ndoc FROM ts_stat($q$${wordsOf(`${removed} AS t`)}$q$)
    ) delta
    WHERE ${WORD_FILTER}
    GROUP BY word HAVING sum(n) <> 0
    ON CONFLICT (word) DO UPDATE SET ndoc = search_words.ndoc + excluded.ndoc`);
  await tx.$executeRawUnsafe(`
    INSERT INTO search_lexemes (lexeme, ndoc)
    SELECT word, sum(n)::int FROM (
      SELECT word, ndoc AS n FROM ts_stat($q$${addedLexemes}$q$)
      UNION ALL
      SELECT word, -ndoc FROM ts_stat($q$${lexemesOf(`${removed} AS t`)}$q$)
    ) delta
    GROUP BY word HAVING sum(n) <> 0
    ON CONFLICT (lexeme) DO UPDATE SET ndoc = search_lexemes.ndoc + excluded.ndoc`);
  // Only a changed paper's vanished words reach zero.
  await tx.$executeRaw`DELETE FROM search_words WHERE ndoc <= 0`;
  await tx.$executeRaw`DELETE FROM search_lexemes WHERE ndoc <= 0`;
}

/**
 * The statements that count the vocabulary of every paper afresh, in one transaction.
 * Plain aggregates, not ts_stat as the batches use: ts_stat reads its query through a
 * cursor, which never runs in parallel, while an aggregate in CREATE TABLE AS does
 * (INSERT … SELECT does not, in Postgres 15). At 1M papers on 2 cores the word list took
 * 73 s against ts_stat's 129 s, with the same counts. Parallel workers see the rows the
 * transaction wrote, so a bulk import can count its own papers before it commits.
 * bench/vocabulary-rebuild.ts sends the same statements.
 */
export const RECOUNT_VOCABULARY: readonly string[] = [
  "TRUNCATE search_words, search_lexemes",
  `CREATE TEMP TABLE recounted_words ON COMMIT DROP AS
   SELECT word, count(*)::int AS ndoc
   FROM papers, unnest(tsvector_to_array(${PAPER_WORDS})) AS word
   WHERE ${WORD_FILTER}
   GROUP BY word`,
  "INSERT INTO search_words (word, ndoc) SELECT word, ndoc FROM recounted_words",
  `CREATE TEMP TABLE recounted_lexemes ON COMMIT DROP AS
   SELECT lexeme, count(*)::int AS ndoc FROM papers, unnest(tsvector_to_array(search_vector)) AS lexeme GROUP BY lexeme`,
  "INSERT INTO search_lexemes (lexeme, ndoc) SELECT lexeme, ndoc FROM recounted_lexemes",
  "DROP TABLE recounted_words, recounted_lexemes",
];

/** Counts the vocabulary of every paper afresh, in the caller's transaction. */
export async function recountSearchVocabulary(tx: Prisma.TransactionClient): Promise<void> {
  for (const statement of RECOUNT_VOCABULARY) await tx.$executeRawUnsafe(statement);
}

/** Recomputes the vocabulary from every paper, then settles the index (see below). */
export async function rebuildSearchVocabulary(db: Database): Promise<void> {
  // ~112 s at 1M papers: Prisma's 5 s default would abort it on any real corpus.
  await db.$transaction((tx) => recountSearchVocabulary(tx), { timeout: 30 * 60_000, maxWait: 30_000 });
  await settleSearchIndex(db);
}

/**
 * After bulk writes: a bulk import leaves new rows in the GIN index's pending list
 * (slow to search) and the planner's statistics stale (it then prefers sequential
 * scans). Both are settled here.
 */
export async function settleSearchIndex(db: Database): Promise<void> {
  await db.$queryRaw`SELECT gin_clean_pending_list('papers_search_idx'::regclass)`;
  await db.$executeRaw`ANALYZE papers`;
  await db.$executeRaw`ANALYZE search_words`;
  await db.$executeRaw`ANALYZE search_lexemes`;
}
