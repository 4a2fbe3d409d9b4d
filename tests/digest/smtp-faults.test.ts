// The digest run when the SMTP server misbehaves: a temporary refusal is retried, a
// permanent one fails that delivery only, and an unreachable server fails every
// delivery after maxAttempts without hanging the run; one send at a time or several.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { RunOptions } from "@/lib/digest/run";
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { countByRecipient, seedSubscribers } from "@/tests/helpers/digest-fixtures";
import { closedPortUrl, replyOnce } from "@/tests/helpers/smtp-test-server";
import { perTestSmtp } from "@/tests/helpers/per-test-smtp";
import { resetDatabase } from "../setup/reset-database";

const EMAILS = ["ada@example.org", "bob@example.org", "cy@example.org", "dee@example.org"];

describe.each([1, 3])("digest run with SMTP faults, %i in flight", (concurrency) => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  let ids: Map<string, string>;
  const { server, runDigest } = perTestSmtp();

  beforeAll(async () => {
    await resetDatabase();
    ids = await seedSubscribers(db, EMAILS.map((email) => ({ email })), new Date("2026-11-01T00:00:00Z"));
  });
  afterAll(() => db.$disconnect());

  /** A whole run for `date` (each test its own day) through a pooled mailer to `smtpUrl`. */
  const run = (date: string, smtpUrl: string, overrides: Partial<RunOptions> = {}) => runDigest(date, smtpUrl, { concurrency, ...overrides });

  async function deliveries(date: string) {
    const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(date) }, include: { subscriber: { select: { email: true } } } });
    return Object.fromEntries(
      rows.map((row) => [row.subscriber.email, { state: row.state, attempts: row.attempts, lastError: row.lastError, interruptedAt: row.interruptedAt }]),
    );
  }

  it("451 to one recipient's first RCPT TO, then 250: one message, sent on the second attempt", async () => {
    const once451 = replyOnce({ code: 451, message: "Greylisted, try again later" });
    const rcpts: string[] = [];
    const smtp = await server({
      onRcptTo: (to) => {
        rcpts.push(to);
        return to === "bob@example.org" ? once451() : undefined;
      },
    });
    const status = await run("2026-11-02", smtp.url);

    expect(Object.fromEntries(countByRecipient(smtp.envelopes))).toEqual(Object.fromEntries(EMAILS.map((e) => [e, 1])));
    expect(rcpts.filter((to) => to === "bob@example.org")).toHaveLength(2);
    expect(status).toMatchObject({ status: "done", recipients: 4, sent: 4, failed: 0, skipped: 0 });
    const rows = await deliveries("2026-11-02");
    expect(rows["bob@example.org"]).toEqual({ state: "sent", attempts: 2, lastError: null, interruptedAt: null });
    for (const email of EMAILS.filter((e) => e !== "bob@example.org")) {
      expect(rows[email]).toEqual({ state: "sent", attempts: 1, lastError: null, interruptedAt: null });
    }
  });

  it("550 to one recipient: that delivery fails at once with the reason, everyone else gets theirs", async () => {
    const smtp = await server({ onRcptTo: (to) => (to === "cy@example.org" ? { code: 550, message: "No such user" } : undefined) });
    const status = await run("2026-11-03", smtp.url);

    expect(Object.fromEntries(countByRecipient(smtp.envelopes))).toEqual({ "ada@example.org": 1, "bob@example.org": 1, "dee@example.org": 1 });
    expect(status).toMatchObject({ status: "done", recipients: 4, sent: 3, failed: 1, skipped: 0 });
    const rows = await deliveries("2026-11-03");
    // Permanent: no second attempt. The reason names the reply, never the address.
    expect(rows["cy@example.org"]).toEqual({
      state: "failed",
      attempts: 1,
      lastError: "mail not sent: the SMTP server replied 550 to RCPT TO",
      interruptedAt: null,
    });
    const run_ = await db.digestRun.findFirstOrThrow({ where: { editionDate: new Date("2026-11-03") } });
    expect(run_).toMatchObject({ status: "done", error: null });
    expect(run_.finishedAt).not.toBeNull();
  });

  it("a 4xx that never clears: failed after maxAttempts, the last reply kept", async () => {
    const smtp = await server({ onRcptTo: (to) => (to === "dee@example.org" ? { code: 452, message: "Mailbox full" } : undefined) });
    const status = await run("2026-11-04", smtp.url, { maxAttempts: 3 });

    expect(countByRecipient(smtp.envelopes).get("dee@example.org")).toBeUndefined();
    expect(status).toMatchObject({ status: "done", recipients: 4, sent: 3, failed: 1 });
    expect((await deliveries("2026-11-04"))["dee@example.org"]).toEqual({
      state: "failed",
      attempts: 3,
      lastError: "mail not sent: the SMTP server replied 452 to RCPT TO",
      interruptedAt: null,
    });
  });

  it("connection refused for the whole run: every delivery fails after maxAttempts and the run finishes", async () => {
    const status = await run("2026-11-05", await closedPortUrl(), { maxAttempts: 2, retryBaseMs: 5 });

    expect(status).toMatchObject({ status: "done", recipients: 4, sent: 0, failed: 4, skipped: 0 });
    const rows = await deliveries("2026-11-05");
    for (const email of EMAILS) {
      expect(rows[email]).toEqual({ state: "failed", attempts: 2, lastError: "mail not sent: ESOCKET ECONNREFUSED", interruptedAt: null });
    }
  });

  // Regression test for a fixed bug (lib/digest/deliver.ts): deliverBatch loads the claimed subscribers without
  // looking at unsubscribedAt / confirmedAt / digestEnabled, so a subscriber who
  // unsubscribes after the run planned their delivery (here: while it waits for a
  // retry; in production: anyone who clicks during a long run) is still mailed.
  // Fix: in deliverBatch, treat a subscriber that is no longer active like a missing
  // one (`where: { id: { in }, confirmedAt: { not: null }, unsubscribedAt: null,
  // digestEnabled: true }`, so the row ends "skipped"), or re-check in the claim query.
  it("a subscriber who unsubscribes while their delivery waits for a retry is not mailed", async () => {
    const first = replyOnce({ code: 451 });
    const smtp = await server({
      onRcptTo: async (to) => {
        if (to !== "ada@example.org") return undefined;
        const reply = first();
        // The subscriber clicks the one-click link while the server is refusing.
        if (reply) await unsubscribe(ids.get("ada@example.org")!, new Date());
        return reply;
      },
    });
    try {
      const status = await run("2026-11-06", smtp.url);
      expect(countByRecipient(smtp.envelopes).get("ada@example.org")).toBeUndefined();
      expect((await deliveries("2026-11-06"))["ada@example.org"]).toMatchObject({ state: "skipped" });
      expect(status).toMatchObject({ status: "done", recipients: 4, sent: 3, skipped: 1 });
    } finally {
      await db.subscriber.update({ where: { id: ids.get("ada@example.org")! }, data: { unsubscribedAt: null } });
    }
  });
});
