// The digest's delivery feed (lib/digest/feed.ts) with stand-in batches: it claims the
// next batch before the lanes run dry, ends when nothing is due, stops on request and
// hands a failure to the lanes once what it holds is sent.
import { describe, expect, it } from "vitest";
import { deliveryFeed } from "@/lib/digest/feed";
import type { ReadyDelivery } from "@/lib/digest/prepare";

const delivery = (id: number) => ({ id: BigInt(id) }) as ReadyDelivery;
const ids = (list: (ReadyDelivery | undefined)[]) => list.map((d) => (d ? Number(d.id) : null));

/** Batches of the given ids, then null (nothing due); counts the claims. */
function batches(...list: (number[] | Error)[]) {
  const source = { claims: 0, next: async (): Promise<ReadyDelivery[] | null> => {
    const batch = list[source.claims++];
    if (batch instanceof Error) throw batch;
    return batch ? batch.map(delivery) : null;
  } };
  return source;
}

describe("digest delivery feed", () => {
  it("claims the next batch as soon as no more than lowWater deliveries wait, and ends when nothing is due", async () => {
    const source = batches([1, 2, 3, 4], [5, 6], []);
    const feed = deliveryFeed(source.next, 2);
    expect(ids([await feed.take(), await feed.take()])).toEqual([1, 2]);
    // Two left: the second batch is being claimed while they are sent.
    expect(source.claims).toBe(2);
    expect(ids([feed.poll(), feed.poll(), await feed.take(), await feed.take()])).toEqual([3, 4, 5, 6]);
    // An empty batch (all skipped) is not the end; null is.
    expect(await feed.take()).toBeUndefined();
    expect(source.claims).toBe(4);
  });

  it("poll never waits for a batch", async () => {
    const feed = deliveryFeed(batches([1]).next, 1);
    expect(feed.poll()).toBeUndefined();
    expect(ids([await feed.take()])).toEqual([1]);
  });

  it("after stop(), hands out nothing more and claims nothing more", async () => {
    const source = batches([1, 2, 3], [4, 5, 6]);
    const feed = deliveryFeed(source.next, 0);
    expect(ids([await feed.take()])).toEqual([1]);
    feed.stop();
    expect(await feed.take()).toBeUndefined();
    expect(source.claims).toBe(1);
  });

  it("a failed claim reaches the lanes after the deliveries already claimed", async () => {
    const feed = deliveryFeed(batches([1, 2], new Error("database gone")).next, 1);
    expect(ids([await feed.take(), await feed.take()])).toEqual([1, 2]);
    await expect(feed.take()).rejects.toThrow("database gone");
  });
});
