// The scheduled ingest (yesterday's and today's papers from INGEST_SOURCES). One job
// per tick across all processes; pg-boss retries a failed tick twice, a few minutes
// apart (a source that is briefly down still gets read before the digest at 07:00).
//
// A job runs outside any request, where Next refuses revalidateTag ("static generation
// store missing"), so it cannot expire the cached pages' data (lib/cache): the papers it
// adds show within CACHE_BOUND_SECONDS (lib/cache/tags.ts), as after `npm run ingest`.
// /api/cron/ingest, which runs inside a request, expires them at once.
import type { PgBoss } from "pg-boss";

export const INGEST_QUEUE = "ingest-daily";

export type IngestJobOptions = { cron: string; run: () => Promise<void> };

export async function registerIngestJobs(boss: PgBoss, options: IngestJobOptions): Promise<void> {
  await boss.createQueue(INGEST_QUEUE, { retryLimit: 2, retryDelay: 300 });
  await boss.schedule(INGEST_QUEUE, options.cron, {}, { tz: "UTC" });
  await boss.work(INGEST_QUEUE, async () => {
    await options.run();
  });
}
