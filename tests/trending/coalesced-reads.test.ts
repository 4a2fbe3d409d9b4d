// The reads behind cached queries (lib/cache/coalesced-reads.ts): concurrent callers share
// one, and one that overlapped an invalidation of its tags is read again.
import { describe, expect, it } from "vitest";
import { coalescedRead, noteInvalidated } from "@/lib/cache/coalesced-reads";

/** How many entries the module's state (kept on globalThis) holds, over all its collections. */
function remembered(): number {
  const state = (globalThis as { paperboyCoalescedReads?: Record<string, Map<unknown, unknown> | Set<unknown>> }).paperboyCoalescedReads!;
  return Object.values(state).reduce((sum, collection) => sum + collection.size, 0);
}

/** A read that returns "<label> #<n>" once released, counting how often it ran. */
function controlledRead(label: string) {
  let runs = 0;
  let release: () => void = () => {};
  const read = () => {
    runs += 1;
    const run = runs;
    return new Promise<string>((resolve) => (release = () => resolve(`${label} #${run}`)));
  };
  return { read, runs: () => runs, release: () => release() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("coalescedRead", () => {
  it("runs one read for concurrent callers of the same entry, and a new one once it settled", async () => {
    const list = controlledRead("list");
    const first = coalescedRead("entry-a", ["tag-a"], list.read);
    const second = coalescedRead("entry-a", ["tag-a"], list.read);
    list.release();
    expect(await Promise.all([first, second])).toEqual(["list #1", "list #1"]);
    const third = coalescedRead("entry-a", ["tag-a"], list.read);
    list.release();
    expect(await third).toBe("list #2");
  });

  it("keeps entries apart", async () => {
    const a = controlledRead("a");
    const b = controlledRead("b");
    const readA = coalescedRead("entry-b1", ["tag-b"], a.read);
    const readB = coalescedRead("entry-b2", ["tag-b"], b.read);
    a.release();
    b.release();
    expect(await Promise.all([readA, readB])).toEqual(["a #1", "b #1"]);
  });

  it("reads again when its tags were invalidated while it ran, so a caller after the invalidation gets data from after it", async () => {
    const list = controlledRead("list");
    const before = coalescedRead("entry-c", ["tag-c", "other"], list.read);
    noteInvalidated(["tag-c"]);
    const after = coalescedRead("entry-c", ["tag-c", "other"], list.read);
    list.release();
    await settle();
    expect(list.runs()).toBe(2);
    list.release();
    expect(await Promise.all([before, after])).toEqual(["list #2", "list #2"]);
  });

  it("reads only once more, and ignores invalidations of other tags", async () => {
    const list = controlledRead("list");
    const pending = coalescedRead("entry-d", ["tag-d"], list.read);
    noteInvalidated(["unrelated"]);
    list.release();
    expect(await pending).toBe("list #1");

    const again = coalescedRead("entry-d", ["tag-d"], list.read);
    noteInvalidated(["tag-d"]);
    list.release();
    await settle();
    noteInvalidated(["tag-d"]);
    list.release();
    expect(await again).toBe("list #3");
    expect(list.runs()).toBe(3);
  });

  it("remembers only the reads in flight: invalidating a hundred thousand papers' tags keeps nothing", async () => {
    for (let paper = 0; paper < 100_000; paper += 1) noteInvalidated([`paper:${paper}`, "trending"]);
    expect(remembered()).toBe(0);
    const list = controlledRead("list");
    const pending = coalescedRead("entry-e", ["paper:7"], list.read);
    expect(remembered()).toBeGreaterThan(0);
    list.release();
    expect(await pending).toBe("list #1");
    expect(remembered()).toBe(0);
  });
});
