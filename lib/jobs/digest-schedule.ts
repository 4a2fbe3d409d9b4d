// The daily digest, scheduled by the app itself. pg-boss keeps the schedule and the
// queue in Postgres, so with any number of app processes (or machines) on one
// database, each cron tick makes exactly one job and exactly one process runs it.
// And even a second run for the same day would send nothing new: deliveries are
// unique per (subscriber, day).
import { PgBoss } from "pg-boss";

export const DIGEST_QUEUE = "digest-daily";

export type DigestScheduleOptions = {
  databaseUrl: string;
  cron: string;
  /** Starts and finishes one day's run (lib/digest/run.ts). */
  runDigest: () => Promise<void>;
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
  await boss.schedule(DIGEST_QUEUE, options.cron, {}, { tz: "UTC" });
  await boss.work(DIGEST_QUEUE, async () => {
    await options.runDigest();
  });
  options.log(`digest scheduled at "${options.cron}" (UTC)`);
  return {
    runNow: async () => {
      await boss.send(DIGEST_QUEUE, {});
    },
    stop: () => boss.stop({ graceful: true }),
  };
}
