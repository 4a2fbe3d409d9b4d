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
import { onStopSignal, processStopSignal, STOP_GRACE_MS, stopWork } from "./graceful-stop";
import { startSchedules, type Schedules } from "./schedules";

const log = (line: string) => console.log(`[jobs] ${line}`);

/** Called once per server process (instrumentation.ts). */
export async function startJobs(): Promise<void> {
  const started: { schedules?: Schedules } = {};
  // Before anything else, so that Next's own handler is the only one to have come first.
  stopGracefullyOnSignals(process.listenerCount("SIGTERM") === 0, () => started.schedules);
  started.schedules = await startConfiguredSchedules();
}

async function startConfiguredSchedules(): Promise<Schedules | undefined> {
  if (!env.DATABASE_URL || (env.DIGEST_CRON === "off" && env.INGEST_CRON === "off")) return undefined;
  try {
    return await startSchedules({
      databaseUrl: env.DATABASE_URL,
      log,
      digest: env.DIGEST_CRON === "off" ? undefined : {
        cron: env.DIGEST_CRON,
        startRun: async () => (await createDigestRun(editionDateOf(new Date()))).runId,
        deliver: async (runId, jobSignal) => {
          const signal = AbortSignal.any([processStopSignal(), jobSignal]);
          const status = await executeDigestRun(runId, digestRunOptions(mailerFromEnv(), emailBaseUrl(), { signal }));
          log(`digest ${status.date}: ${status.sent} sent, ${status.failed} failed, ${status.skipped} skipped${status.status === "stopped" ? " (stopped)" : ""}`);
          // Failing the job has pg-boss retry it, in another process or after the restart.
          if (status.status === "stopped") throw new Error(`digest ${status.date} stopped with deliveries left; the job is retried`);
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
    return undefined;
  }
}

/**
 * On SIGTERM or SIGINT: stop the digest runs gracefully (graceful-stop.ts) and pg-boss
 * (no new jobs; it waits for those running, which end once their run stopped).
 *
 * Who exits: `next start` installs a handler of its own, which closes the HTTP server,
 * waits for open requests and `after()` tasks and exits, unless NEXT_MANUAL_SIG_HANDLE is
 * set. With it (scripts/start.ts sets it), or outside Next (tests/helpers/app-process.ts),
 * no one else handles the signal and this exits, once the work stopped: 0, or 1 if the
 * grace period ran out. Without it, Next may exit before pg-boss's jobs end; their rows
 * are then recovered as after a crash.
 */
function stopGracefullyOnSignals(exitWhenStopped: boolean, schedules: () => Schedules | undefined): void {
  onStopSignal((signal) => {
    log(`${signal}: stopping the digest: sends in flight finish, claimed rows are released (up to ${STOP_GRACE_MS / 1000} s)`);
    void stopWork(STOP_GRACE_MS, () => [schedules()?.stop(STOP_GRACE_MS) ?? Promise.resolve()]).then(async (stopped) => {
      log(stopped ? "background work stopped" : `still working after ${STOP_GRACE_MS / 1000} s: rows in flight are left to their lease`);
      if (!exitWhenStopped) return;
      await db.$disconnect().catch(() => {});
      process.exit(stopped ? 0 : 1);
    });
  });
}
