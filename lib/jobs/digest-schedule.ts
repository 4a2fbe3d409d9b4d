// The daily digest, scheduled by the app itself. pg-boss keeps the schedule and the
// queues in Postgres, so with any number of app processes (or machines) on one
// database each cron tick makes exactly one run. The run fans out: it queues
// FAN_OUT delivery jobs, which every process's workers pick up, so all of them send
// that run's deliveries together (rows are shared through FOR UPDATE SKIP LOCKED,
// lib/digest/deliver.ts). Even a second run for the same day would send nothing new:
// deliveries are unique per (subscriber, day).
import { PgBoss } from "pg-boss";

export const DIGEST_QUEUE = "digest-daily";
export const DELIVER_QUEUE = "digest-deliver";
/** Delivery jobs per run: how many workers, across all processes, may send at once. */
export const FAN_OUT = 4;

export type DigestScheduleOptions = {
  databaseUrl: string;
  cron: string;
  /** Creates the day's run (lib/digest/run.ts); returns its id. */
  startRun: () => Promise<string>;
  /** Sends the run's deliveries until none is left; safe to run in parallel. */
  deliver: (runId: string) => Promise<void>;
  log: (line: string) => void;
};

export type DigestSchedule = {
  /** Queues a run now, as a cron tick would (for operators and tests). */
  runNow: () => Promise<void>;
  stop: () => Promise<void>;
};

export async function startDigestSchedule(options: DigestScheduleOptions): Promise<DigestSchedule> {
  const boss = new PgBoss({ connectionString: options.databaseUrl, max: 3, application_name: "paperboy-jobs" });
  boss.on("error", (error: Error) => options.log(`job queue error: ${error.message}`));
  await boss.start();
  await boss.createQueue(DIGEST_QUEUE);
  await boss.createQueue(DELIVER_QUEUE);
  await boss.schedule(DIGEST_QUEUE, options.cron, {}, { tz: "UTC" });
  await boss.work(DIGEST_QUEUE, async () => {
    const runId = await options.startRun();
    await boss.insert(DELIVER_QUEUE, Array.from({ length: FAN_OUT }, () => ({ data: { runId } })));
  });
  await boss.work<{ runId: string }>(DELIVER_QUEUE, { localConcurrency: 2 }, async ([job]) => {
    await options.deliver(job.data.runId);
  });
  options.log(`digest scheduled at "${options.cron}" (UTC)`);
  return {
    runNow: async () => {
      await boss.send(DIGEST_QUEUE, {});
    },
    stop: () => boss.stop({ graceful: true }),
  };
}
