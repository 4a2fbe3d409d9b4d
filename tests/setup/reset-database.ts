import { createPrismaClient } from "@/lib/db/client";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";

/** Empties every table (keeping the schema) so each test file starts clean. */
export async function resetDatabase(): Promise<void> {
  const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 1 });
  await db.$executeRawUnsafe(`TRUNCATE papers, authors, paper_authors, votes, subscribers, followed_keywords, auth_tokens, rate_limits, digest_editions, digest_runs, digest_deliveries, for_you_sent, paper_observations, ingest_runs, ingest_checkpoints, search_words, search_lexemes RESTART IDENTITY CASCADE`);
  await rebuildSearchVocabulary(db);
  await db.$disconnect();
}
