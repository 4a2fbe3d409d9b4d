// The search vocabulary (materialized views search_words and search_lexemes, see
// prisma/migrations/*_search_vocabulary) is derived from the papers. Whatever adds
// or changes papers calls this afterwards.
import type { Database } from "@/lib/db/client";

export async function refreshSearchVocabulary(db: Database): Promise<void> {
  // CONCURRENTLY keeps the views readable during the refresh; it needs the unique
  // indexes the migration creates, and a view that was populated once before.
  await db.$executeRaw`REFRESH MATERIALIZED VIEW CONCURRENTLY search_words`;
  await db.$executeRaw`REFRESH MATERIALIZED VIEW CONCURRENTLY search_lexemes`;
}
