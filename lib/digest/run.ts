import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { trackWork } from "@/lib/jobs/graceful-stop";
import { deliverDue, type DeliveryOptions } from "./deliver";
import { getOrCreateEdition } from "./edition";
import { runContent } from "./prepare";
import { isWeekend, weekdayOf } from "./schedule";

export type RunStatus = {
  runId: string;
  date: string;
  /** "stopped": a graceful stop (RunOptions.signal) ended it with deliveries left; running it again finishes the day. */
  status: "queued" | "running" | "done" | "failed" | "stopped";
  recipients: number;
  sent: number;
  failed: number;
  skipped: number;
};

export type RunOptions = DeliveryOptions & {
  digestSize: number;
  /** The run's status while it sends (at most once a second) and after each round of due deliveries. */
  onProgress?: (status: RunStatus) => void;
};

/** onProgress reads the status with a count over the day's rows: often enough for a progress line. */
const PROGRESS_EVERY_MS = 1_000;

const asDate = (date: string) => new Date(`${date}T00:00:00Z`);

export async function createDigestRun(date: string): Promise<RunStatus> {
  const run = await db.digestRun.create({ data: { id: randomUUID(), editionDate: asDate(date), status: "queued" } });
  return { runId: run.id, date, status: "queued", recipients: 0, sent: 0, failed: 0, skipped: 0 };
}

/**
 * Makes the day's deliveries (one row per due, confirmed subscriber; the unique
 * (subscriber, edition) pair makes a second run add nothing) and sends them.
 * Safe to run in several processes at once, and to re-run after a crash or a stop.
 * Once `options.signal` aborts, it ends as soon as the sends in flight are recorded
 * (deliver.ts), with status "stopped" if deliveries are left.
 */
export function executeDigestRun(runId: string, options: RunOptions): Promise<RunStatus> {
  // Tracked, so that a graceful stop of the process waits for it (lib/jobs/graceful-stop.ts).
  return trackWork(execute(runId, options));
}

async function execute(runId: string, options: RunOptions): Promise<RunStatus> {
  // A run already done stays done: a later worker of it (a delivery job retried after a
  // stop) only finds that nothing is left. Set back to "running", the run's status
  // flapped done -> running -> done while that worker looked.
  await db.digestRun.updateMany({ where: { id: runId, status: { not: "done" } }, data: { status: "running", startedAt: options.now() } });
  const run = await db.digestRun.findUniqueOrThrow({ where: { id: runId } });
  const date = run.editionDate.toISOString().slice(0, 10);
  const { signal } = options;
  try {
    const edition = await getOrCreateEdition(date, options.now(), options.digestSize);
    await planDeliveries(date);
    // Keyword matches and rendered digests are shared by every round of the run.
    const content = runContent(date, edition, options.baseUrl, options.now());
    const { onProgress } = options;
    const reportProgress = onProgress && (async () => onProgress((await getRunStatus(runId))!));
    let finished = false;
    for (;;) {
      await whileReporting(reportProgress, () => deliverDue(content, options));
      await reportProgress?.();
      const wait = await nextWakeUp(date, options.now());
      finished = wait === null;
      if (finished || signal?.aborted) break;
      await sleep(wait!, undefined, { signal }).catch(() => {}); // a stop cuts the wait short
    }
    // Another worker of the run may have finished it meanwhile: "stopped" only replaces "running".
    if (finished) await db.digestRun.update({ where: { id: runId }, data: { status: "done", finishedAt: options.now() } });
    else await db.digestRun.updateMany({ where: { id: runId, status: "running" }, data: { status: "stopped", finishedAt: options.now() } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.digestRun.update({ where: { id: runId }, data: { status: "failed", finishedAt: options.now(), error: message } });
    throw error;
  }
  return (await getRunStatus(runId))!;
}

/** Runs `work`, calling `report` every PROGRESS_EVERY_MS meanwhile (never two at once). */
async function whileReporting(report: (() => Promise<void>) | undefined, work: () => Promise<void>): Promise<void> {
  if (!report) return work();
  let reporting: Promise<void> | undefined;
  const timer = setInterval(() => {
    reporting ??= report()
      .catch(() => {}) // a missed progress line is no reason to stop sending
      .finally(() => (reporting = undefined));
  }, PROGRESS_EVERY_MS);
  try {
    await work();
  } finally {
    clearInterval(timer);
    await reporting;
  }
}

/** One delivery row per subscriber due on `date`; existing rows are left alone. Returns how many were added. */
export async function planDeliveries(date: string): Promise<number> {
  const weekend = isWeekend(date);
  const monday = weekdayOf(date) === 1;
  const added = await db.$executeRaw`
    INSERT INTO digest_deliveries (subscriber_id, edition_date)
    SELECT id, ${date}::date FROM subscribers
    WHERE confirmed_at IS NOT NULL AND unsubscribed_at IS NULL AND digest_enabled
      AND ((frequency = 'daily' AND NOT (skip_weekends AND ${weekend})) OR (frequency = 'weekly' AND ${monday}))
    ON CONFLICT (subscriber_id, edition_date) DO NOTHING`;
  // The claims (claim.ts) need the planner to know about these rows, up to 100,000 of them,
  // now: autovacuum analyzes after 10% of the table changed, seconds to days away. Without
  // statistics it sorts every row due on each claim instead of reading the next batch.
  if (added > 0) await db.$executeRaw`ANALYZE digest_deliveries`;
  return added;
}

/** Milliseconds until a retry or another worker's lease comes due; null when nothing is left. */
async function nextWakeUp(date: string, now: Date): Promise<number | null> {
  const [row] = await db.$queryRaw<{ next: Date | null }[]>`
    SELECT min(CASE WHEN state = 'pending' THEN coalesce(next_attempt_at, ${now}) ELSE lease_until END) AS next
    FROM digest_deliveries
    WHERE edition_date = ${date}::date AND state IN ('pending', 'sending')`;
  if (!row.next) return null;
  return Math.min(Math.max(row.next.getTime() - now.getTime(), 10), 5_000);
}

export async function getRunStatus(runId: string): Promise<RunStatus | null> {
  const run = await db.digestRun.findUnique({ where: { id: runId } });
  if (!run) return null;
  const counts = await db.digestDelivery.groupBy({ by: ["state"], where: { editionDate: run.editionDate }, _count: true });
  const count = (state: string) => counts.find((c) => c.state === state)?._count ?? 0;
  return {
    runId: run.id,
    date: run.editionDate.toISOString().slice(0, 10),
    status: run.status as RunStatus["status"],
    recipients: counts.reduce((sum, c) => sum + c._count, 0),
    sent: count("sent"),
    failed: count("failed"),
    skipped: count("skipped"),
  };
}
