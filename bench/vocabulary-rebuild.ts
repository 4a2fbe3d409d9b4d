// The search vocabulary (search_words, search_lexemes) built once from every paper, as
// after a bulk load: lib/search/vocabulary.ts's RECOUNT_VOCABULARY statements, sent with
// pg in one transaction. bench/ingest.ts checks the result against the app's own
// vocabulary, so a drift from lib/ fails that benchmark.
import type pg from "pg";
import { RECOUNT_VOCABULARY } from "@/lib/search/vocabulary";

/** Rebuilds both tables in one transaction, then ANALYZEs them. */
export async function rebuildVocabulary(client: pg.Client): Promise<void> {
  await client.query("BEGIN");
  try {
    for (const statement of RECOUNT_VOCABULARY) await client.query(statement);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  await client.query("ANALYZE search_words");
  await client.query("ANALYZE search_lexemes");
}
