import "server-only";
import { db } from "@/lib/db";
import { digestRunOptions } from "@/lib/digest/options";
import { createDigestRun, executeDigestRun } from "@/lib/digest/run";
import { editionDateOf } from "@/lib/digest/schedule";
import { env } from "@/lib/env";
import { queueDailyIngest, runQueued } from "@/lib/ingest/daily-ingest";
import { describeRun } from "@/lib/ingest/run/run-ingest";
import { realNetwork } from "@/lib/ingest/sources/network";
import { mailerFromEnv } from "@/lib/mail";
import { emailBaseUrl } from "@/lib/site-url";
import { startSchedules } from "./schedules";

const log = (line: string) => console.log(`[jobs] ${line}`);

/** Called once per server process (instrumentation.ts). */
export async function startJobs(): Promise<void> {
  if (!env.DATABASE_URL || (env.DIGEST_CRON === "off" && env.INGEST_CRON === "off")) return;
  try {
    await startSchedules({
      databaseUrl: env.DATABASE_URL,
      log,
      digest: env.DIGEST_CRON === "off" ? undefined : {
        cron: env.DIGEST_CRON,
        startRun: async () => (await createDigestRun(editionDateOf(new Date()))).runId,
        deliver: async (runId) => {
          const status = await executeDigestRun(runId, digestRunOptions(mailerFromEnv(), emailBaseUrl()));
          log(`digest ${status.date}: ${status.sent} sent, ${status.failed} failed, ${status.skipped} skipped`);
        },
      },
      ingest: env.INGEST_CRON === "off" ? undefined : {
        cron: env.INGEST_CRON,
        run: async () => {
          const results = await runQueued(await queueDailyIngest(db, env, realNetwork(log), new Date()));
          for (const result of results) log(`ingest ${result.runId}: ${describeRun(result)}`);
          // A failed source fails the job, so pg-boss retries it (the other's writes are idempotent).
          const failed = results.find((result) => result.status === "failed");
          if (failed) throw new Error(`ingest failed: ${failed.error}`);
        },
      },
    });
  } catch (error) {
    // The site keeps serving; the /api/cron routes and the npm scripts still work.
    log(`schedules not started: ${error instanceof Error ? error.message : String(error)}`);
  }
}
