import "server-only";
import { claimer, markSkipped, type ClaimedDelivery } from "./claim";
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
  const claimNext = claimer(content.date, options);
  const feed = deliveryFeed(() => nextBatch(claimNext, content), lanes);
  const record = createRecorder(content.date, () => ({ now: options.now(), leaseMs: options.leaseMs }));
  const results = await Promise.allSettled(Array.from({ length: lanes }, () => lane(feed, record, content.date, options)));
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

async function nextBatch(claimNext: () => Promise<ClaimedDelivery[] | null>, content: RunContent): Promise<ReadyDelivery[] | null> {
  const claimed = await claimNext();
  if (claimed === null) return null;
  const { ready, skipped } = await prepareBatch(claimed, content);
  await markSkipped(claimed[0].claim, skipped);
  return ready;
}

/** One message at a time: begin it (with the previous one's record), send it, repeat. */
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
