// SIGTERM in the middle of a digest run, as a deploy or `docker stop` sends it, to a
// process of its own: the digest CLI (`npm run digest`, scripts/digest.ts) and an app
// server process (its pg-boss delivery jobs, lib/jobs). A graceful stop must differ from
// a crash (tests/digest/crash-resume.test.ts): the process stops claiming rows, lets the
// sends in flight finish and records them, gives back the rows it claimed and had not
// begun, and exits 0; no row is left half-done (sending, or interrupted on the next run).
// Then another run finishes the day: every subscriber exactly once.
//
// The SMTP test server answers each message late (DATA_DELAY_MS), so that sends are in
// flight when the signal comes; it is sent while the server holds a message, which the
// stopping process must still finish.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { createDigestRun, executeDigestRun } from "@/lib/digest/run";
import { editionDateOf } from "@/lib/digest/schedule";
import { startSchedules } from "@/lib/jobs/schedules";
import { startAppProcess, type AppProcess } from "@/tests/helpers/app-process";
import { BASE_URL, countByRecipient, DAY_MS, MAIL_FROM, seedPapers, seedSubscribers, testMailer, testRunOptions } from "@/tests/helpers/digest-fixtures";
import { sleep, startSmtpTestServer, type SmtpTestServer } from "@/tests/helpers/smtp-test-server";
import { resetDatabase } from "../setup/reset-database";
import { digestHeapFlags } from "../../scripts/digest-heap-flags";

const SUBSCRIBERS = 60;
const CONCURRENCY = 4;
/** The signal goes while the server holds this message (1-based). */
const SIGNAL_AT = 10;
const DATA_DELAY_MS = 150;
/** Hang guard for a process's exit after SIGTERM (its grace period is 8 s; it takes about 2). */
const EXIT_GUARD_MS = 20_000;

const emails = Array.from({ length: SUBSCRIBERS }, (_, n) => `stopping${String(n).padStart(2, "0")}@example.org`);
type Exit = { code: number | null; signal: NodeJS.Signals | null };

const db = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** An SMTP server that answers DATA late and calls `onSignalPoint` while it holds message SIGNAL_AT. */
async function slowSmtp(onSignalPoint: () => void) {
  let signalled!: () => void;
  /** Resolves once the signal went. */
  const signalSent = new Promise<void>((resolve) => (signalled = resolve));
  let arrivals = 0;
  let atSignal: number | undefined;
  let heldRecipient: string | undefined;
  const smtp = await startSmtpTestServer({
    onData: async (_message, session) => {
      arrivals += 1;
      if (arrivals === SIGNAL_AT) {
        // Accepted so far (this one is not yet: the server holds it).
        atSignal = smtp.messages.length;
        heldRecipient = session.envelope.rcptTo[0]?.address;
        onSignalPoint();
        signalled();
      }
      await sleep(DATA_DELAY_MS);
    },
  });
  /** Resolves with how `exited` ended, or "hang" if it did not within EXIT_GUARD_MS of the signal. */
  const exitAfterSignal = (exited: Promise<Exit>) => Promise.race([exited, signalSent.then(() => sleep(EXIT_GUARD_MS)).then(() => "hang" as const)]);
  return { smtp, atSignal: () => atSignal, heldRecipient: () => heldRecipient, exitAfterSignal };
}

async function deliveryRows() {
  return db.digestDelivery.findMany({ include: { subscriber: { select: { email: true } } }, orderBy: { id: "asc" } });
}

/** What a graceful stop leaves: each row sent (once, attempt 1) or pending as if never claimed; none half-done. */
async function expectCleanStop(smtp: SmtpTestServer): Promise<{ sent: number; pending: number }> {
  const rows = await deliveryRows();
  expect(rows).toHaveLength(SUBSCRIBERS);
  const sent = rows.filter((row) => row.state === "sent");
  const pending = rows.filter((row) => row.state === "pending");
  expect(sent.length + pending.length, `states: ${rows.map((row) => row.state).join(",")}`).toBe(SUBSCRIBERS);
  for (const row of sent) expect(row, row.subscriber.email).toMatchObject({ attempts: 1, interruptedAt: null, leaseUntil: null });
  // Released: claim, lease and the claim's attempt undone, no send noted.
  for (const row of pending) expect(row, row.subscriber.email).toMatchObject({ attempts: 0, claimToken: null, leaseUntil: null, sendStartedAt: null, interruptedAt: null });
  // The server has exactly the messages recorded as sent.
  expect([...countByRecipient(smtp.envelopes)].sort()).toEqual(sent.map((row) => [row.subscriber.email, 1] as const).sort());
  return { sent: sent.length, pending: pending.length };
}

async function seedDay(now: Date): Promise<void> {
  await resetDatabase();
  await seedPapers(
    db,
    Array.from({ length: 6 }, (_, n) => ({
      id: `stop${String(n).padStart(6, "0")}`,
      title: `Stopping without losing a message, part ${n}`,
      abstract: `How a worker hands back what it has not sent when asked to stop, part ${n}.`,
      publishedAt: new Date(now.getTime() - DAY_MS / 2),
      votes: Array.from({ length: 6 - n }, (_, v) => new Date(now.getTime() - (v + 1) * 600_000)),
    })),
  );
  await seedSubscribers(db, emails.map((email) => ({ email })), now);
}

describe("SIGTERM to `npm run digest` mid-run", () => {
  const date = editionDateOf(new Date());
  let dataDir: string;
  const servers: SmtpTestServer[] = [];
  const children: ReturnType<typeof spawn>[] = [];
  beforeEach(async () => {
    await seedDay(new Date());
    dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-graceful-"));
  });
  afterEach(async () => {
    // Only after a failure is one still running.
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    for (const smtp of servers.splice(0)) await smtp.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** scripts/digest.ts in a process of its own, as `npm run digest -- --date` runs it (its heap flags included). */
  function digestCli(smtpUrl: string) {
    const child = spawn(process.execPath, [...digestHeapFlags(), "--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "scripts/digest.ts", "--date", date], {
      cwd: process.cwd(),
      env: { ...process.env, SMTP_URL: smtpUrl, MAIL_FROM, APP_URL: BASE_URL, DATA_DIR: dataDir, DIGEST_CONCURRENCY: String(CONCURRENCY) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<Exit>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    return { child, exited, output: () => output };
  }

  it("stops claiming, finishes the sends in flight, releases the rest, exits 0; a second run sends each of the others once", async () => {
    let signalledAt = 0;
    const started: { cli?: ReturnType<typeof digestCli> } = {};
    const { smtp, atSignal, heldRecipient, exitAfterSignal } = await slowSmtp(() => {
      signalledAt = performance.now();
      started.cli!.child.kill("SIGTERM");
    });
    servers.push(smtp);
    const cli = (started.cli = digestCli(smtp.url));

    const exit = await exitAfterSignal(cli.exited);
    expect(exit, cli.output()).toEqual({ code: 0, signal: null });
    const stopSeconds = (performance.now() - signalledAt) / 1000;
    expect(cli.output()).toMatch(/\[digest\] stopped: \d+ recipients/);

    // The message the server held at the signal was finished and recorded, not lost.
    const { sent, pending } = await expectCleanStop(smtp);
    expect(heldRecipient()).toBeDefined();
    expect(smtp.envelopes.flatMap((envelope) => envelope.to)).toContain(heldRecipient());
    // Stopped claiming: after the signal, only sends already in flight went (at most one per lane).
    expect(smtp.messages.length - atSignal()!).toBeLessThanOrEqual(CONCURRENCY);
    expect(pending).toBeGreaterThan(0);
    const firstRun = await db.digestRun.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
    expect(firstRun.status).toBe("stopped");

    // A second run (here, in the test's process) finishes the day: each of the others once, nobody twice.
    const { mailer, cleanup } = testMailer(smtp.url);
    try {
      const { runId } = await createDigestRun(date);
      const status = await executeDigestRun(runId, testRunOptions(mailer, () => new Date(), { concurrency: CONCURRENCY }));
      expect(status).toMatchObject({ status: "done", recipients: SUBSCRIBERS, sent: SUBSCRIBERS });
    } finally {
      await cleanup();
    }
    expect(Object.fromEntries(countByRecipient(smtp.envelopes))).toEqual(Object.fromEntries(emails.map((email) => [email, 1])));
    const rows = await deliveryRows();
    expect(rows.filter((row) => row.state !== "sent" || row.attempts !== 1 || row.interruptedAt !== null)).toEqual([]);
    console.info(
      `[graceful-shutdown] digest CLI, ${CONCURRENCY} in flight: SIGTERM at message ${SIGNAL_AT}, exit 0 after ${stopSeconds.toFixed(1)} s ` +
        `with ${sent} sent (${sent - atSignal()!} finished after the signal) and ${pending} released; the second run sent those ${pending}`,
    );
  }, 120_000);
});

describe("SIGTERM to an app process while its pg-boss jobs send the digest", () => {
  const apps: AppProcess[] = [];
  let smtp: SmtpTestServer | undefined;
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await smtp?.close();
  });

  it("its jobs stop cleanly and it exits 0; the next process takes the jobs over and finishes the day, each subscriber once", async () => {
    await seedDay(new Date());
    let signalledAt = 0;
    const slow = await slowSmtp(() => {
      signalledAt = performance.now();
      process.kill(apps[0].pid, "SIGTERM");
    });
    smtp = slow.smtp;
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      SMTP_URL: smtp.url,
      MAIL_FROM,
      APP_URL: BASE_URL,
      // The app's own tick (midnight UTC, 1 January) must not fire: the run is queued by hand.
      DIGEST_CRON: "0 0 1 1 *",
      INGEST_CRON: "off",
      DIGEST_CONCURRENCY: String(CONCURRENCY),
    };
    apps.push(startAppProcess("first", env));
    await apps[0].waitForLine(/\[jobs\] digest scheduled/, 60_000);
    const operator = await startSchedules({ databaseUrl: process.env.DATABASE_URL!, log: () => {} });
    try {
      await operator.runDigestNow();
    } finally {
      await operator.stop();
    }

    const exit = await slow.exitAfterSignal(apps[0].exited);
    expect(exit, apps[0].output()).toEqual({ code: 0, signal: null });
    const stopSeconds = (performance.now() - signalledAt) / 1000;
    expect(apps[0].output()).toMatch(/\[jobs\] background work stopped/);
    const { sent, pending } = await expectCleanStop(smtp);
    expect(smtp.envelopes.flatMap((envelope) => envelope.to)).toContain(slow.heldRecipient());
    // The process ran two delivery jobs: at most one send in flight per lane of each.
    expect(smtp.messages.length - slow.atSignal()!).toBeLessThanOrEqual(2 * CONCURRENCY);
    expect(pending).toBeGreaterThan(0);
    expect(apps[0].lines(/\[jobs\] digest .*\(stopped\)/).length).toBeGreaterThan(0);
    expect((await db.digestRun.findFirstOrThrow()).status).toBe("stopped");

    // The next process (a restart) picks up the jobs the stop failed, and the ones never started.
    apps.push(startAppProcess("second", env));
    const deadline = Date.now() + 90_000;
    while ((await db.digestRun.findFirstOrThrow()).status !== "done" && Date.now() < deadline) await sleep(250);
    expect((await db.digestRun.findFirstOrThrow()).status, apps[1].output()).toBe("done");
    expect(Object.fromEntries(countByRecipient(smtp.envelopes)), apps[1].output()).toEqual(Object.fromEntries(emails.map((email) => [email, 1])));
    const rows = await deliveryRows();
    expect(rows.filter((row) => row.state !== "sent" || row.attempts !== 1 || row.interruptedAt !== null)).toEqual([]);
    console.info(
      `[graceful-shutdown] app process, 2 delivery jobs × ${CONCURRENCY} in flight: SIGTERM at message ${SIGNAL_AT}, exit 0 after ${stopSeconds.toFixed(1)} s ` +
        `with ${sent} sent and ${pending} released; the next process sent those ${pending}`,
    );
  }, 240_000);
});
