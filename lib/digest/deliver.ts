import "server-only";
import { claimer, markSkipped, releaseClaims, type ClaimedDelivery } from "./claim";
import { deliveryFeed, type DeliveryFeed } from "./feed";
import { prepareBatch, type ReadyDelivery, type RunContent } from "./prepare";
import { createRecorder, type Recorder } from "./recorder";
import { sendDelivery, type SendOptions } from "./send";
import type { Settlement } from "./settle";

export type DeliveryOptions = SendOptions & {
  /** Rows claimed per round trip. */
  batchSize: number;
  /** How long a claim holds before another worker may take the row over. */
  leaseMs: number;
  /**
   * Messages this worker keeps in flight (default 1). Each lane has at most one message
   * begun and not yet recorded, so it is also the most a crash can leave ambiguous.
   */
  concurrency?: number;
  /**
   * A graceful stop (SIGTERM): once aborted, no row is claimed or begun any more; each
   * lane finishes and records the send it has in flight, and the rows claimed but not
   * begun are released (claim.ts, releaseClaims), so nothing is left ambiguous.
   */
  signal?: AbortSignal;
};

/**
 * Sends every delivery of the run that is due now, `concurrency` at a time, and returns
 * once none is left to claim (retries that are not due yet stay pending). Rows are
 * claimed in batches (FOR UPDATE SKIP LOCKED, so several workers share a run); each
 * lane then records the send it finished and begins its next in one statement, shared
 * with the other lanes' when they ask at the same time (recorder.ts).
 */
export async function deliverDue(content: RunContent, options: DeliveryOptions): Promise<void> {
  const lanes = options.concurrency ?? 1;
  if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError(`digest concurrency must be a whole number ≥ 1, got ${lanes}`);
  const { signal } = options;
  if (signal?.aborted) return;
  const claims = claimer(content.date, options);
  const feed = deliveryFeed(() => nextBatch(claims.next, content), lanes);
  const record = createRecorder(content.date, () => ({ now: options.now(), leaseMs: options.leaseMs }));
  // On a stop, the rows waiting in the feed are released at once, not after the sends in
  // flight end: should one of those outlast the grace period, only its own row is left
  // for the lease to recover (as after a crash).
  let released: Promise<unknown> | undefined;
  const stop = () => {
    feed.stop();
    released = releaseClaims(claims.claim).catch(() => {}); // the final release below retries
  };
  signal?.addEventListener("abort", stop, { once: true });
  try {
    const results = await Promise.allSettled(Array.from({ length: lanes }, () => lane(feed, record, content.date, options)));
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  } finally {
    signal?.removeEventListener("abort", stop);
    if (signal?.aborted) {
      await released;
      // And those a lane held when it saw the stop, or a batch claimed while the feed stopped.
      await releaseClaims(claims.claim);
    }
  }
}

async function nextBatch(claimNext: () => Promise<ClaimedDelivery[] | null>, content: RunContent): Promise<ReadyDelivery[] | null> {
  const claimed = await claimNext();
  if (claimed === null) return null;
  const { ready, skipped } = await prepareBatch(claimed, content);
  await markSkipped(claimed[0].claim, skipped);
  return ready;
}

/** One message at a time: begin it (with the previous one's record), send it, repeat; until none is due or the run stops. */
async function lane(feed: DeliveryFeed, record: Recorder, date: string, options: DeliveryOptions): Promise<void> {
  let ended: Settlement | undefined;
  try {
    for (;;) {
      let next = feed.poll();
      if (!next && ended) {
        // Record it at once rather than keep an accepted message unrecorded while a batch is claimed.
        await record(ended, undefined);
        ended = undefined;
      }
      next ??= await feed.take();
      if (!next) return;
      if (options.signal?.aborted) {
        // Stopping: record the send that ended, begin no other (`next` is released by deliverDue).
        if (ended) await record(ended, undefined);
        return;
      }
      const begun = await record(ended, next);
      ended = undefined;
      if (!begun) continue; // another worker holds it now
      ended = { delivery: next, forYouIds: next.forYouIds, outcome: await sendDelivery(date, next, options) };
    }
  } catch (error) {
    feed.stop();
    throw error;
  }
}
