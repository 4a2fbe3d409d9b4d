// The search vocabulary (materialized views search_words and search_lexemes, see
// prisma/migrations/*_search_vocabulary) is derived from the papers. Whatever adds
// or changes papers calls this afterwards; it also settles the search index after bulk writes.
import type { Database } from "@/lib/db/client";

export async function refreshSearchVocabulary(db: Database): Promise<void> {
  // A bulk import leaves new rows in the GIN index's pending list (slow to search) and
  // the planner's statistics stale (it then prefers sequential scans): settle both.
  await db.$queryRaw`SELECT gin_clean_pending_list('papers_search_vector_idx'::regclass)`;
  await db.$executeRaw`ANALYZE papers`;
  // CONCURRENTLY keeps the views readable during the refresh; it needs the unique
  // indexes the migration creates, and a view that was populated once before.
  await db.$executeRaw`REFRESH MATERIALIZED VIEW CONCURRENTLY search_words`;
  await db.$executeRaw`REFRESH MATERIALIZED VIEW CONCURRENTLY search_lexemes`;
}
