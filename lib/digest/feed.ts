import type { ReadyDelivery } from "./prepare";

/** Where a run's sending lanes take their deliveries from. */
export type DeliveryFeed = {
  /** The next prepared delivery if one is waiting; never waits. */
  poll(): ReadyDelivery | undefined;
  /** The next delivery, waiting for a batch to be claimed if needed; undefined once nothing is due. */
  take(): Promise<ReadyDelivery | undefined>;
  /** Hands out nothing more (a lane failed: the others finish the send they hold and end). */
  stop(): void;
};

/**
 * Deliveries from `nextBatch` (a claimed, prepared batch; null once nothing is due),
 * fetched ahead: the next batch is claimed as soon as no more than `lowWater` are
 * waiting, so the lanes keep sending while it is queried and rendered. Claimed rows
 * that wait here have not begun sending, so a crash never makes them ambiguous.
 */
export function deliveryFeed(nextBatch: () => Promise<ReadyDelivery[] | null>, lowWater: number): DeliveryFeed {
  const waiting: ReadyDelivery[] = [];
  let exhausted = false;
  let failure: { error: unknown } | undefined;
  let filling: Promise<void> | undefined;

  async function fillUp(): Promise<void> {
    try {
      do {
        const batch = await nextBatch();
        if (batch === null) exhausted = true;
        else if (!exhausted) waiting.push(...batch);
      } while (!exhausted && waiting.length <= lowWater);
    } catch (error) {
      failure = { error };
      exhausted = true;
    }
  }

  function fill(): Promise<void> {
    // .finally runs asynchronously, so `filling` is set before it is cleared.
    if (!filling && !exhausted) filling = fillUp().finally(() => (filling = undefined));
    return filling ?? Promise.resolve();
  }

  function poll(): ReadyDelivery | undefined {
    const next = waiting.shift();
    if (waiting.length <= lowWater) void fill();
    return next;
  }

  return {
    poll,
    async take() {
      for (;;) {
        const next = poll();
        if (next) return next;
        if (failure) throw failure.error;
        if (exhausted && !filling) return undefined;
        await fill();
      }
    },
    stop() {
      exhausted = true;
      // Claimed but not begun: another worker takes them over once their lease runs out.
      waiting.length = 0;
    },
  };
}
