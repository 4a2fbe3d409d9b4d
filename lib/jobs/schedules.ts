// The app's own schedules, kept by pg-boss in Postgres so any number of processes (or
// machines) on one database share them: the ingest at INGEST_CRON, then the digest at
// DIGEST_CRON.
import { PgBoss } from "pg-boss";
import { DIGEST_QUEUE, registerDigestJobs, type DigestJobOptions } from "./digest-jobs";
import { INGEST_QUEUE, registerIngestJobs, type IngestJobOptions } from "./ingest-jobs";

export type ScheduleOptions = {
  databaseUrl: string;
  log: (line: string) => void;
  digest?: DigestJobOptions;
  ingest?: IngestJobOptions;
};

export type Schedules = {
  /** Queue a job now, as a cron tick would (for operators and tests). */
  runDigestNow: () => Promise<void>;
  runIngestNow: () => Promise<void>;
  /** Fetches no more jobs, waits up to `timeoutMs` for those running (then fails them, to be retried), closes. */
  stop: (timeoutMs?: number) => Promise<void>;
};

export async function startSchedules(options: ScheduleOptions): Promise<Schedules> {
  const boss = new PgBoss({ connectionString: options.databaseUrl, max: 3, application_name: "paperboy-jobs" });
  boss.on("error", (error: Error) => options.log(`job queue error: ${error.message}`));
  await boss.start();
  if (options.digest) {
    await registerDigestJobs(boss, options.digest);
    options.log(`digest scheduled at "${options.digest.cron}" (UTC)`);
  }
  if (options.ingest) {
    await registerIngestJobs(boss, options.ingest);
    options.log(`ingest scheduled at "${options.ingest.cron}" (UTC)`);
  }
  return {
    runDigestNow: async () => {
      await boss.send(DIGEST_QUEUE, {});
    },
    runIngestNow: async () => {
      await boss.send(INGEST_QUEUE, {});
    },
    stop: (timeoutMs) => boss.stop({ graceful: true, timeout: timeoutMs }),
  };
}
