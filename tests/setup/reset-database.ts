import { createPrismaClient } from "@/lib/db/client";
import { searchCache } from "@/lib/search/cached-search";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";

/** Empties every table (keeping the schema) and pg-boss's job queue, so each test file starts clean. */
export async function resetDatabase(): Promise<void> {
  const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 1 });
  await db.$executeRawUnsafe(`TRUNCATE papers, authors, paper_authors, votes, subscribers, followed_keywords, auth_tokens, rate_limits, digest_editions, digest_runs, digest_deliveries, for_you_sent, paper_observations, ingest_runs, ingest_checkpoints, search_words, search_lexemes RESTART IDENTITY CASCADE`);
  // pg-boss's queued jobs too: a delivery job that an earlier file's stopped app process
  // left to be retried would otherwise be taken by the next file's workers.
  await db.$executeRawUnsafe(`DO $$ BEGIN IF to_regclass('pgboss.job') IS NOT NULL THEN TRUNCATE pgboss.job; END IF; END $$`);
  await rebuildSearchVocabulary(db);
  await db.$disconnect();
  // This process's recent searches were of the rows just emptied (lib/search/cached-search.ts).
  searchCache.clear();
}
