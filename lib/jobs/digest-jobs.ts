// The daily digest as jobs. Each cron tick makes exactly one run, whatever the number
// of app processes (pg-boss keeps the schedule in Postgres). The run fans out: it
// queues FAN_OUT delivery jobs, which every process's workers pick up, so all of them
// send that run's deliveries together (rows are shared through FOR UPDATE SKIP LOCKED,
// lib/digest/deliver.ts). Even a second run for the same day would send nothing new:
// deliveries are unique per (subscriber, day).
import type { PgBoss } from "pg-boss";

export const DIGEST_QUEUE = "digest-daily";
export const DELIVER_QUEUE = "digest-deliver";
/** Delivery jobs per run: how many workers, across all processes, may send at once. */
export const FAN_OUT = 4;
const DELIVERY_JOB_HOURS = 6;
const DELIVERY_JOB_RETRIES = 10;

export type DigestJobOptions = {
  cron: string;
  /** Creates the day's run (lib/digest/run.ts); returns its id. */
  startRun: () => Promise<string>;
  /**
   * Sends the run's deliveries until none is left; safe to run in parallel. Stops early
   * when `signal` aborts (pg-boss gave up on the job), throwing if deliveries are left.
   */
  deliver: (runId: string, signal: AbortSignal) => Promise<void>;
};

export async function registerDigestJobs(boss: PgBoss, options: DigestJobOptions): Promise<void> {
  await boss.createQueue(DIGEST_QUEUE);
  // A delivery job lasts as long as the run (100k subscribers: tens of minutes), past
  // pg-boss's 15-minute default, which would fail and retry it mid-run (harmless, the
  // per-delivery leases see to that, but noisy).
  // updateQueue too: createQueue leaves a queue made by an earlier version as it was.
  // A delivery job that a graceful stop cut short fails, to be retried by another process
  // or after the restart (it sends only what is left): one retry per stop, so more than
  // pg-boss's default 2, for a run that sees a few deploys.
  const deliveryQueue = { expireInSeconds: DELIVERY_JOB_HOURS * 3600, retryLimit: DELIVERY_JOB_RETRIES };
  await boss.createQueue(DELIVER_QUEUE, deliveryQueue);
  await boss.updateQueue(DELIVER_QUEUE, deliveryQueue);
  await boss.schedule(DIGEST_QUEUE, options.cron, {}, { tz: "UTC" });
  await boss.work(DIGEST_QUEUE, async () => {
    const runId = await options.startRun();
    await boss.insert(DELIVER_QUEUE, Array.from({ length: FAN_OUT }, () => ({ data: { runId } })));
  });
  await boss.work<{ runId: string }>(DELIVER_QUEUE, { localConcurrency: 2 }, async ([job]) => {
    await options.deliver(job.data.runId, job.signal);
  });
}
