// A digest run killed mid-send (SIGKILL: no clean-up, no finally) and resumed by
// another process: every subscriber ends with the digest, and a message can be sent
// twice only where the dead process had it in flight: its row says interrupted, and
// there are at most as many such rows as the run had sends in flight (concurrency).
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createDigestRun, executeDigestRun, type RunStatus } from "@/lib/digest/run";
import { clockFrom, countByRecipient, DAY_MS, seedPapers, seedSubscribers, testMailer, testRunOptions } from "@/tests/helpers/digest-fixtures";
import { startSmtpTestServer, type SmtpTestServer } from "@/tests/helpers/smtp-test-server";
import { resetDatabase } from "../setup/reset-database";

const DATE = "2026-11-23";
const SUBSCRIBERS = 200;
const KILL_AT = 50;
// A short lease, so the resumed run takes the dead child's rows over within a second.
const SETTINGS = { batchSize: 16, leaseMs: 500, retryBaseMs: 20, maxAttempts: 5, digestSize: 10 };

const emails = Array.from({ length: SUBSCRIBERS }, (_, n) => `reader${String(n).padStart(3, "0")}@example.org`);

type Exit = { code: number | null; signal: NodeJS.Signals | null };

describe.each([1, 4])("digest run with %i in flight, killed mid-run and resumed", (concurrency) => {
  const settings = { ...SETTINGS, concurrency };
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const clock = clockFrom(`${DATE}T06:00:00Z`);
  let smtp: SmtpTestServer;
  let child: ChildProcess | undefined;
  let exited: Promise<Exit>;
  let childOutput = "";
  /** When each message's DATA arrived (performance.now()), in order. */
  const arrivals: number[] = [];
  let killedRecipient: string | undefined;

  beforeAll(async () => {
    await resetDatabase();
    const start = new Date(`${DATE}T06:00:00Z`).getTime();
    await seedPapers(
      db,
      Array.from({ length: 12 }, (_, n) => ({
        id: `crash${String(n).padStart(7, "0")}`,
        title: `Resumable delivery study number ${n}`,
        abstract: `A paper about sending each message once, part ${n}. `.repeat(6),
        publishedAt: new Date(start - DAY_MS),
        votes: Array.from({ length: 12 - n }, (_, v) => new Date(start - (v + 1) * 3_600_000)),
      })),
    );
    await seedSubscribers(db, emails.map((email) => ({ email })), new Date(start));
    smtp = await startSmtpTestServer({
      onData: async (_message, session) => {
        arrivals.push(performance.now());
        if (arrivals.length !== KILL_AT || !child) return;
        // The SMTP server has the whole message; the sender dies before it hears "250".
        killedRecipient = session.envelope.rcptTo[0]?.address;
        child.kill("SIGKILL");
        await exited;
      },
    });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await smtp?.close();
    await db.$disconnect();
  });

  let runId: string;
  let resumed: RunStatus;
  let rates: { child: number; resumed: number };
  /** Rows whose send had begun and was not recorded when the child died: the ambiguous ones. */
  let begunAtKill: string[];
  /** Rows the child had claimed but not begun to send. */
  let claimedAtKill: string[];

  it("the child is killed after the server accepted its 50th message; the rows show where it stopped", async () => {
    ({ runId } = await createDigestRun(DATE));
    child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "tests/helpers/digest-child.ts"], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DIGEST_RUN_ID: runId,
        DIGEST_SMTP_URL: smtp.url,
        DIGEST_OPTIONS: JSON.stringify({ ...settings, clockOffsetMs: clock.offsetMs }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk: Buffer) => (childOutput += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (childOutput += chunk.toString()));
    exited = new Promise((resolve) => child!.on("exit", (code, signal) => resolve({ code, signal })));

    const exit = await exited;
    expect(exit, childOutput).toEqual({ code: null, signal: "SIGKILL" });
    // The server keeps the 50th message once the hook returns, just after the child is gone
    // (with several in flight, messages on other connections may have finished meanwhile).
    await smtp.waitFor(KILL_AT);
    expect(killedRecipient).toBeDefined();

    const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(DATE) }, include: { subscriber: { select: { email: true } } } });
    const emailsWhere = (keep: (row: (typeof rows)[number]) => boolean) => rows.filter(keep).map((row) => row.subscriber.email).sort();
    begunAtKill = emailsWhere((row) => row.state === "sending" && row.sendStartedAt !== null);
    claimedAtKill = emailsWhere((row) => row.state === "sending" && row.sendStartedAt === null);
    // The bound: no more rows can be ambiguous than there were sends in flight, and the
    // message the server held when the child died is one of them.
    expect(begunAtKill.length).toBeGreaterThanOrEqual(1);
    expect(begunAtKill.length).toBeLessThanOrEqual(concurrency);
    expect(begunAtKill).toContain(killedRecipient);
    // Every message the server received is recorded as sent or is among the ambiguous rows.
    const sent = new Set(emailsWhere((row) => row.state === "sent"));
    for (const envelope of smtp.envelopes) for (const to of envelope.to) expect(sent.has(to) || begunAtKill.includes(to), to).toBe(true);
    expect(sent.size).toBeGreaterThanOrEqual(KILL_AT - concurrency);
    // The dead child's connections die with it, some mid-message: the server saw those resets and nothing else.
    for (const error of smtp.errors) expect(["ECONNRESET", "EPIPE"]).toContain(error.code);
    expect((await db.digestRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");
    rates = { child: (KILL_AT - 1) / ((arrivals[KILL_AT - 1] - arrivals[0]) / 1000), resumed: 0 };
  }, 30_000);

  it("a resumed run in another process finishes the day: status done, every subscriber sent", async () => {
    const { mailer, cleanup } = testMailer(smtp.url);
    const resumeFrom = arrivals.length;
    try {
      resumed = await executeDigestRun(runId, testRunOptions(mailer, clock.now, settings));
    } finally {
      await cleanup();
    }
    expect(resumed).toMatchObject({ runId, date: DATE, status: "done", recipients: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0, skipped: 0 });
    const resumedArrivals = arrivals.slice(resumeFrom);
    rates.resumed = (resumedArrivals.length - 1) / ((resumedArrivals.at(-1)! - resumedArrivals[0]) / 1000);
    console.info(
      `[crash-resume] ${concurrency} in flight, rough throughput to the local SMTP test server (a test, not a benchmark): ` +
        `child ${rates.child.toFixed(0)} messages/s over ${KILL_AT - 1}, resumed ${rates.resumed.toFixed(0)} messages/s over ${resumedArrivals.length - 1}; ` +
        `${begunAtKill.length} ambiguous at the kill`,
    );
  }, 30_000);

  it("every subscriber has the digest; duplicates only among the sends in flight at the kill, whose rows say interrupted", async () => {
    const counts = countByRecipient(smtp.envelopes);
    expect([...counts.keys()].sort()).toEqual(emails);
    const duplicated = [...counts].filter(([, count]) => count > 1);
    // The message the server held at the kill went twice; any other duplicate was in flight too.
    expect(duplicated).toContainEqual([killedRecipient, 2]);
    for (const [email, count] of duplicated) {
      expect(begunAtKill).toContain(email);
      expect(count).toBe(2);
    }
    expect(smtp.messages).toHaveLength(SUBSCRIBERS + duplicated.length);
    // Both copies carry the same Message-ID, so clients that de-duplicate show it once.
    for (const [email] of duplicated) {
      const copies = smtp.messages.filter((_, index) => smtp.envelopes[index].to.includes(email));
      expect(new Set(copies.map((mail) => mail.messageId)).size).toBe(1);
    }

    const rows = await db.digestDelivery.findMany({ where: { editionDate: new Date(DATE) }, include: { subscriber: { select: { email: true } } } });
    expect(rows).toHaveLength(SUBSCRIBERS);
    for (const row of rows) expect(row.state).toBe("sent");
    // Exactly the rows whose send had begun are marked interrupted, each sent on its second attempt.
    const interrupted = rows.filter((row) => row.interruptedAt !== null);
    expect(interrupted.map((row) => row.subscriber.email).sort()).toEqual(begunAtKill);
    for (const row of interrupted) expect(row.attempts).toBe(2);
    // The rest of the dead child's claims (claimed, never begun) were claimed twice, sent once, not interrupted.
    const reclaimed = rows.filter((row) => row.attempts === 2 && row.interruptedAt === null);
    expect(reclaimed.map((row) => row.subscriber.email).sort()).toEqual(claimedAtKill);
    expect(rows.filter((row) => row.attempts > 2)).toEqual([]);
  });
});
