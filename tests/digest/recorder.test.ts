// The digest's group commit (lib/digest/recorder.ts), with the statement itself replaced:
// which requests go in which statement, what each lane hears back, and that a failed
// statement fails exactly the lanes whose requests it carried.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ClaimedDelivery } from "@/lib/digest/claim";
import { createRecorder } from "@/lib/digest/recorder";
import { settleAndBegin, type Settlement } from "@/lib/digest/settle";

vi.mock("@/lib/digest/settle", () => ({ settleAndBegin: vi.fn() }));

type Statement = { settled: bigint[]; begun: bigint[]; finish: (begun?: bigint[]) => void; fail: (error: Error) => void };

const row = (id: number): ClaimedDelivery => ({ id: BigInt(id), subscriberId: `s${id}`, attempts: 1, claim: "claim" });
const ended = (id: number): Settlement => ({ delivery: row(id), forYouIds: [], outcome: { state: "sent", messageId: `<${id}@x>`, sentAt: new Date() } });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("digest recorder", () => {
  let statements: Statement[];

  beforeEach(() => {
    statements = [];
    // Each statement waits until the test finishes it; by default every row it begins is ours.
    vi.mocked(settleAndBegin).mockImplementation(
      (_date, settlements, begins) =>
        new Promise((resolve, reject) => {
          const begun = begins.map((b) => b.id);
          statements.push({
            settled: settlements.map((s) => s.delivery.id),
            begun,
            finish: (ours = begun) => resolve(new Set(ours)),
            fail: reject,
          });
        }),
    );
  });

  const recorder = () => createRecorder("2026-11-23", () => ({ now: new Date(), leaseMs: 1_000 }));

  it("an idle recorder writes a request at once, in a statement of its own", async () => {
    const record = recorder();
    const begun = record(ended(1), row(2));
    await flush();
    expect(statements).toMatchObject([{ settled: [1n], begun: [2n] }]);
    statements[0].finish();
    await expect(begun).resolves.toBe(true);
  });

  it("requests made while a statement runs wait, then go together; a lone one waits for a free statement", async () => {
    const record = recorder();
    const first = record(undefined, row(1));
    await flush();
    // One statement runs: a single request waits rather than pay for a statement of its own…
    const second = record(ended(1), row(2));
    await flush();
    expect(statements).toHaveLength(1);
    // …two go in a second statement, together.
    const third = record(ended(3), row(4));
    await flush();
    expect(statements.map((s) => s.begun)).toEqual([[1n], [2n, 4n]]);
    // With both statements running, more requests wait for one of them.
    const fourth = record(ended(5), undefined);
    const fifth = record(undefined, row(6));
    await flush();
    expect(statements).toHaveLength(2);
    statements[0].finish();
    await flush();
    expect(statements[2]).toMatchObject({ settled: [5n], begun: [6n] });
    statements[1].finish([4n]); // row 2 was taken over by another worker
    statements[2].finish();
    await expect(Promise.all([first, second, third, fourth, fifth])).resolves.toEqual([true, false, true, false, true]);
  });

  it("a failed statement fails the lanes it carried, and the next statement still goes", async () => {
    const record = recorder();
    const first = record(undefined, row(1));
    await flush();
    const second = record(ended(1), row(2));
    const third = record(ended(3), row(4));
    await flush();
    statements[1].fail(new Error("connection lost"));
    await expect(second).rejects.toThrow("connection lost");
    await expect(third).rejects.toThrow("connection lost");
    statements[0].finish();
    await expect(first).resolves.toBe(true);
    const after = record(ended(5), row(6));
    await flush();
    statements[2].finish();
    await expect(after).resolves.toBe(true);
  });
});
