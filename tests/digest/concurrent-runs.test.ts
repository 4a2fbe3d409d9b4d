// Two workers on the same day's digest at once (executeDigestRun says it is safe in
// several processes): claims with FOR UPDATE SKIP LOCKED split the work, and a lease
// that runs out hands a stuck worker's rows to the other.
import { beforeAll, afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createDigestRun, executeDigestRun } from "@/lib/digest/run";
import { countByRecipient, seedSubscribers, testMailer, testRunOptions } from "@/tests/helpers/digest-fixtures";
import { perTestSmtp } from "@/tests/helpers/per-test-smtp";
import { resetDatabase } from "../setup/reset-database";

const SUBSCRIBERS = 12;
const emails = Array.from({ length: SUBSCRIBERS }, (_, n) => `worker${String(n).padStart(2, "0")}@example.org`);

describe("concurrent digest workers", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const { server, runDigest, defer } = perTestSmtp();

  beforeAll(async () => {
    await resetDatabase();
    await seedSubscribers(db, emails.map((email) => ({ email })), new Date("2026-11-01T00:00:00Z"));
  });
  afterAll(() => db.$disconnect());

  /** A worker: its own run row and its own pooled mailer, like a second process. */
  const worker = runDigest;

  it.each([1, 3])("two workers started together, %i in flight each: every subscriber gets one message, both runs end done", async (concurrency) => {
    const date = `2026-11-${String(8 + concurrency).padStart(2, "0")}`;
    const smtp = await server();
    const settings = { batchSize: 2, leaseMs: 10_000, concurrency };
    const [a, b] = await Promise.all([worker(date, smtp.url, settings), worker(date, smtp.url, settings)]);

    expect(Object.fromEntries(countByRecipient(smtp.envelopes))).toEqual(Object.fromEntries(emails.map((e) => [e, 1])));
    for (const status of [a, b]) expect(status).toMatchObject({ status: "done", recipients: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0 });
    const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(date) } });
    expect(rows.every((row) => row.state === "sent" && row.attempts === 1 && row.interruptedAt === null)).toBe(true);
  });

  it("a worker that starts on a run already done leaves it done, its start time unchanged", async () => {
    const date = "2026-11-20";
    const smtp = await server();
    const { mailer, cleanup } = testMailer(smtp.url);
    defer(cleanup);
    const { runId } = await createDigestRun(date);
    const first = await executeDigestRun(runId, testRunOptions(mailer, () => new Date(`${date}T06:00:00Z`)));
    expect(first).toMatchObject({ status: "done", sent: SUBSCRIBERS });
    const before = await db.digestRun.findUniqueOrThrow({ where: { id: runId } });
    const late = await executeDigestRun(runId, testRunOptions(mailer, () => new Date(`${date}T07:00:00Z`)));
    expect(late).toMatchObject({ status: "done", sent: SUBSCRIBERS });
    expect((await db.digestRun.findUniqueOrThrow({ where: { id: runId } })).startedAt).toEqual(before.startedAt);
    expect(smtp.envelopes).toHaveLength(SUBSCRIBERS);
  });

  // Regression test for a fixed bug (lib/digest/deliver.ts): a worker claims a whole batch under one lease and then
  // sends every row of it without checking it still holds the lease. When one send is
  // slow (a tarpitting or stalled server: up to the 30 s socket timeout per message,
  // with batchSize 50 against a 5-minute lease), the lease runs out, another worker
  // takes the rows over and sends them, and then the first worker sends them all again.
  // The README's promise (only the one message in flight may go twice) breaks: here
  // every row of the stuck claim is sent twice. Fix: before each send, renew the lease
  // of that one row and go on only if this worker still holds it, e.g.
  //   UPDATE digest_deliveries SET lease_until = now + leaseMs
  //   WHERE id = $id AND state = 'sending' AND lease_until = $leaseThisWorkerSet RETURNING id
  // (or a claim token column checked the same way), and make the final "sent"/"pending"
  // update conditional on it as well.
  it("a worker whose lease ran out does not send the rows another worker took over", async () => {
    let reachedStall!: () => void;
    const stalled = new Promise<void>((resolve) => (reachedStall = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const smtp = await server({
      // The very first RCPT TO (worker A's first message) hangs until the test releases it.
      onRcptTo: () => {
        if (!first) return;
        first = false;
        reachedStall();
        return released;
      },
    });
    const settings = { batchSize: 4, leaseMs: 300 };

    const a = worker("2026-11-10", smtp.url, settings);
    await stalled;
    // Worker B does the rest, waits out A's lease, and takes over A's four rows.
    const b = await worker("2026-11-10", smtp.url, settings);
    expect(b).toMatchObject({ status: "done", sent: SUBSCRIBERS });
    release();
    await a;

    const counts = countByRecipient(smtp.envelopes);
    expect([...counts.keys()].sort()).toEqual(emails);
    const duplicates = [...counts.values()].filter((count) => count > 1).length;
    expect(duplicates).toBeLessThanOrEqual(1);
  });
});
