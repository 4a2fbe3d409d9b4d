// The search vocabulary (search_words, search_lexemes) built once from every paper, as
// after a bulk load: the statements of lib/search/vocabulary.ts's rebuildSearchVocabulary,
// sent with pg, because that function's Prisma batch transaction has Prisma's default
// 5 s timeout, which a rebuild of ~100k papers outlasts. bench/ingest.ts checks the
// result against the app's own vocabulary, so a drift from lib/ fails that benchmark.
import type pg from "pg";

const WORD_FILTER = "length(word) BETWEEN 3 AND 40 AND word ~ '^[a-z][a-z0-9-]*$'";

/** Rebuilds both tables in one transaction, then ANALYZEs them. */
export async function rebuildVocabulary(client: pg.Client): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("TRUNCATE search_words, search_lexemes");
    await client.query(`INSERT INTO search_words (word, ndoc)
      SELECT word, ndoc FROM ts_stat($q$SELECT to_tsvector('simple'::regconfig, title || ' ' || abstract) FROM papers$q$) WHERE ${WORD_FILTER}`);
    await client.query("INSERT INTO search_lexemes (lexeme, ndoc) SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM papers')");
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  await client.query("ANALYZE search_words");
  await client.query("ANALYZE search_lexemes");
}
