import "server-only";
import { db, type Database } from "@/lib/db";
import { env } from "@/lib/env";
import { databaseIsUp, describeDatabaseError, noteDatabaseError } from "./availability";

export type Health =
  | { status: "ok"; database: "ok"; papers: number }
  | { status: "error"; database: "error" };

const DOWN: Health = { status: "error", database: "error" };

/**
 * The papers count without counting a large table: below 10,000 rows an exact count
 * (a millisecond), above that the planner's estimate (pg_class.reltuples, kept by
 * ANALYZE and autovacuum), so a load balancer asking every few seconds costs nothing
 * at a million papers. The subquery runs only when its branch is taken.
 */
async function countPapers(database: Database): Promise<number> {
  const [row] = await database.$queryRaw<{ papers: bigint }[]>`
    SELECT CASE WHEN reltuples >= 10000 THEN reltuples::bigint ELSE (SELECT count(*) FROM papers) END AS papers
    FROM pg_class WHERE oid = 'papers'::regclass`;
  return Number(row.papers);
}

/**
 * Answers within about a second even when the database is down: the shared probe
 * (lib/db/availability.ts, at most one `SELECT 1` a second) is asked first, and only a
 * database that answers it is asked for the count.
 */
export async function checkHealth(database: Database = db, databaseUrl: string | undefined = env.DATABASE_URL): Promise<Health> {
  if (databaseUrl && !(await databaseIsUp(databaseUrl))) return DOWN;
  try {
    return { status: "ok", database: "ok", papers: await countPapers(database) };
  } catch (error) {
    noteDatabaseError(error);
    // The reason goes to the server log, never to the client (it may name hosts).
    console.error(`health check: database unreachable: ${describeDatabaseError(error)}`);
    return DOWN;
  }
}
