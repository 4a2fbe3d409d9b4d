// One worker with several sends in flight (RunOptions.concurrency, DIGEST_CONCURRENCY):
// what a crash could leave ambiguous, rows begun and not yet recorded, never exceeds
// the concurrency, and a slow send never makes the worker send its own row twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { countByRecipient, seedSubscribers } from "@/tests/helpers/digest-fixtures";
import { perTestSmtp } from "@/tests/helpers/per-test-smtp";
import { sleep } from "@/tests/helpers/smtp-test-server";
import { resetDatabase } from "../setup/reset-database";

const SUBSCRIBERS = 24;
const emails = Array.from({ length: SUBSCRIBERS }, (_, n) => `lane${String(n).padStart(2, "0")}@example.org`);

describe("sends in flight in one digest worker", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const { server, runDigest } = perTestSmtp();

  beforeAll(async () => {
    await resetDatabase();
    await seedSubscribers(db, emails.map((email) => ({ email })), new Date("2026-11-01T00:00:00Z"));
  });
  afterAll(() => db.$disconnect());

  const run = runDigest;

  /** Rows whose send began and which are not recorded: what a crash right now would leave ambiguous. */
  async function begunUnrecorded(date: string): Promise<number> {
    return db.digestDelivery.count({ where: { editionDate: new Date(date), state: "sending", sendStartedAt: { not: null } } });
  }

  it("with concurrency 3, sends overlap, yet no more than 3 rows are ever begun and unrecorded", async () => {
    const date = "2026-11-16";
    const seen: number[] = [];
    const smtp = await server({
      // A relay that takes a moment per message, so the lanes' sends overlap.
      onRcptTo: () => sleep(15),
      // The server holds the whole message and has not answered yet: this send is as ambiguous as it gets.
      onData: async () => void seen.push(await begunUnrecorded(date)),
    });
    const status = await run(date, smtp.url, { concurrency: 3, batchSize: 4 });

    expect(status).toMatchObject({ status: "done", recipients: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0 });
    expect(Object.fromEntries(countByRecipient(smtp.envelopes))).toEqual(Object.fromEntries(emails.map((e) => [e, 1])));
    expect(seen).toHaveLength(SUBSCRIBERS);
    expect(Math.max(...seen)).toBeLessThanOrEqual(3);
    // Several in flight for real: one lane at a time would never see more than its own.
    expect(Math.max(...seen)).toBeGreaterThan(1);
    const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(date) } });
    expect(rows.every((row) => row.attempts === 1 && row.interruptedAt === null && row.leaseUntil === null)).toBe(true);
  });

  // Regression test for a bug of the concurrent sender (lib/digest/claim.ts): the worker claims its
  // next batch while its lanes send, and a claim takes over every row whose lease ran out.
  // A send slower than the lease (a tarpitting relay, a short lease) let the worker claim
  // the very row one of its lanes was sending, mark it interrupted and send it again from
  // another lane: a duplicate with no crash at all. Fix: a claim skips the claiming
  // worker's own rows (one claim token per worker round, `claim_token IS DISTINCT FROM`).
  it("a send slower than the lease is not taken over by the same worker's next claim", async () => {
    const date = "2026-11-17";
    const stalled = emails[0];
    const smtp = await server({
      // The first recipient's relay stalls past the lease; the others are slow enough that
      // the worker is still claiming batches when that lease has run out.
      onRcptTo: (to) => sleep(to === stalled ? 1_200 : 40),
    });
    const status = await run(date, smtp.url, { concurrency: 2, batchSize: 2, leaseMs: 300 });

    expect(status).toMatchObject({ status: "done", sent: SUBSCRIBERS, failed: 0 });
    expect(Object.fromEntries(countByRecipient(smtp.envelopes))).toEqual(Object.fromEntries(emails.map((e) => [e, 1])));
    const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(date) }, include: { subscriber: { select: { email: true } } } });
    expect(rows.filter((row) => row.interruptedAt !== null)).toEqual([]);
    expect(rows.find((row) => row.subscriber.email === stalled)).toMatchObject({ state: "sent", attempts: 1 });
  });
});
