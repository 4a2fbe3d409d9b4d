import { after } from "next/server";
import { invalidateAfterIngest } from "@/lib/cache/invalidate";
import { CACHE_BOUND_SECONDS } from "@/lib/cache/tags";
import { withCron } from "@/lib/cron/with-cron";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { queueDailyIngest, runQueued } from "@/lib/ingest/daily-ingest";
import { describeRun, touchedPapers } from "@/lib/ingest/run/run-ingest";
import { realNetwork } from "@/lib/ingest/sources/network";

/**
 * Fetches yesterday's and today's papers from INGEST_SOURCES. Answers at once with one
 * run per source (poll /api/cron/ingest/runs/<id>); the runs continue after the response,
 * and once they are done the cached lists and papers are recomputed on their next read
 * (Next accepts revalidateTag inside after(): it still belongs to this request).
 */
async function start(): Promise<Response> {
  const log = (line: string) => console.log(`[ingest] ${line}`);
  const runs = await queueDailyIngest(db, env, realNetwork(log), new Date());
  after(async () => {
    const results = await runQueued(runs);
    for (const result of results) log(`run ${result.runId}: ${describeRun(result)}`);
    if (results.some(touchedPapers)) expireCachedPages(log);
  });
  return Response.json(
    { runs: runs.map(({ runId, source }) => ({ runId, source, status: "queued", statusUrl: `/api/cron/ingest/runs/${runId}` })) },
    { status: 202 },
  );
}

/**
 * Best effort: the papers are written whatever happens here. Next refuses it outside a
 * request (the route called directly, as tests do); then the time bound applies.
 */
function expireCachedPages(log: (line: string) => void): void {
  try {
    invalidateAfterIngest();
  } catch (error) {
    log(`cached pages not expired (${error instanceof Error ? error.message : String(error)}): they refresh within ${CACHE_BOUND_SECONDS} s`);
  }
}

export const GET = withCron(start);
export const POST = withCron(start);
