import { after } from "next/server";
import { withCron } from "@/lib/cron/with-cron";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { queueDailyIngest, runQueued } from "@/lib/ingest/daily-ingest";
import { describeRun } from "@/lib/ingest/run/run-ingest";
import { realNetwork } from "@/lib/ingest/sources/network";

/**
 * Fetches yesterday's and today's papers from INGEST_SOURCES. Answers at once with one
 * run per source (poll /api/cron/ingest/runs/<id>); the runs continue after the response.
 */
async function start(): Promise<Response> {
  const log = (line: string) => console.log(`[ingest] ${line}`);
  const runs = await queueDailyIngest(db, env, realNetwork(log), new Date());
  after(async () => {
    for (const result of await runQueued(runs)) log(`run ${result.runId}: ${describeRun(result)}`);
  });
  return Response.json(
    { runs: runs.map(({ runId, source }) => ({ runId, source, status: "queued", statusUrl: `/api/cron/ingest/runs/${runId}` })) },
    { status: 202 },
  );
}

export const GET = withCron(start);
export const POST = withCron(start);
