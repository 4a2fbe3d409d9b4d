import type { Database } from "@/lib/db/client";

/** A run as /api/cron/ingest/runs/<id> shows it. */
export async function getIngestRun(db: Database, runId: string) {
  const run = await db.ingestRun.findUnique({ where: { id: runId } });
  if (!run) return null;
  const { id, source, description, status, startedAt, finishedAt, read, inserted, updated, unchanged, skipped, failed, issues, error } = run;
  return { runId: id, source, description, status, startedAt, finishedAt, read, inserted, updated, unchanged, skipped, failed, issues, error };
}
