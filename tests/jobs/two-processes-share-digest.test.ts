// Two app processes on one database share one digest run (README "Beyond one machine").
// Each is a separate OS process started as Next starts a server's background work
// (instrumentation.ts → lib/jobs/start-jobs.ts): its own PrismaClient, its own pg-boss
// and its own pooled mailer, all against one database and one SMTP server. One tick
// queued through pg-boss, as the cron would, must reach every subscriber exactly once,
// with both processes sending part of it. Which process sent a message is read from
// the SMTP connection itself (its client port, owned by one of the two pids), so
// nothing in the app reports on itself for the test.
// On the embedded PGlite (no TEST_DATABASE_URL) the children share it through its
// socket server and the test passes as well, but PGlite runs one statement at a time,
// so the row locks that split the work are only contended on a real Postgres.
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { FAN_OUT } from "@/lib/jobs/digest-jobs";
import { startSchedules, type Schedules } from "@/lib/jobs/schedules";
import { startAppProcess, type AppProcess } from "@/tests/helpers/app-process";
import { BASE_URL, countByRecipient, DAY_MS, MAIL_FROM, seedPapers, seedSubscribers } from "@/tests/helpers/digest-fixtures";
import { sleep, startSmtpTestServer, type SmtpTestServer } from "@/tests/helpers/smtp-test-server";
import { hasProcSockets, pidOfClientSocket } from "@/tests/helpers/socket-owner";
import { resetDatabase } from "../setup/reset-database";

const SUBSCRIBERS = 400;
// The relay accepts one message per 20 ms across all connections (50/s; hosted relays
// rate-limit too). A local test server answers in under a millisecond, and a run that
// short ends before the other process's pg-boss workers next poll (every 2 s): one
// process would rightly do it all. At 50/s the run lasts 8 s or more however many
// messages a process sends at once, so the other process's workers poll while most rows
// are still unclaimed; if they never got a delivery job, the test would fail.
const RELAY_SPACING_MS = 20;
// And it accepts nothing until both processes have connected (at most GATE_MS): on a
// loaded machine one process's workers may poll seconds after the other's, and by then
// the first could have claimed every row (each delivery job claims ahead of its lanes).
// A's two job slots (localConcurrency 2) can hold only ~140 of the 400 rows while they
// wait, so b's workers find both the remaining delivery jobs and rows to send. Past
// GATE_MS the relay opens anyway and the test fails on b's share, not on a hang (the
// mailer's socket timeout is 30 s).
const GATE_MS = 20_000;
// The app's own tick (midnight UTC, 1 January) must not fire during the test: the run is queued by hand.
const CRON_NOT_NOW = "0 0 1 1 *";
const DELIVER_JOB_DONE = /\[jobs\] digest \d{4}-\d{2}-\d{2}: \d+ sent/;

const emails = Array.from({ length: SUBSCRIBERS }, (_, n) => `shared${String(n).padStart(3, "0")}@example.org`);

/** Resolves in turn, `spacingMs` apart, however many callers wait at once. */
function rateLimiter(spacingMs: number): () => Promise<void> {
  let nextSlot = 0;
  return () => {
    const now = performance.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacingMs;
    return sleep(slot - now);
  };
}

// Who sent what is read from /proc: skipped where there is none (not Linux).
describe.skipIf(!hasProcSockets)("two app processes, one database, one digest run", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const apps: AppProcess[] = [];
  /** Which app process holds each SMTP session's connection (pid). */
  const sessionPid = new Map<string, number | undefined>();
  /** Each accepted message: the pid that sent it and when. */
  const accepted: { pid: number | undefined; at: number }[] = [];
  let smtp: SmtpTestServer;
  let operator: Schedules;

  beforeAll(async () => {
    await resetDatabase();
    const now = Date.now();
    await seedPapers(
      db,
      Array.from({ length: 5 }, (_, n) => ({
        id: `shared${String(n).padStart(4, "0")}`,
        title: `Work shared between processes, part ${n}`,
        abstract: `How two workers split one mailing without sending anything twice, part ${n}.`,
        publishedAt: new Date(now - DAY_MS / 2),
        votes: Array.from({ length: 5 - n }, (_, v) => new Date(now - (v + 1) * 600_000)),
      })),
    );
    // Three who are not due: they must get nothing.
    const notDue = [
      { email: "unconfirmed@example.org", confirmed: false },
      { email: "unsubscribed@example.org", unsubscribed: true },
      { email: "paused@example.org", digestEnabled: false },
    ];
    await seedSubscribers(db, [...emails.map((email) => ({ email })), ...notDue], new Date(now));

    const relaySlot = rateLimiter(RELAY_SPACING_MS);
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
      setTimeout(resolve, GATE_MS).unref();
    });
    const bothConnected = () => apps.every((app) => [...sessionPid.values()].includes(app.pid));
    smtp = await startSmtpTestServer({
      onConnect: async (session) => {
        sessionPid.set(session.id, await pidOfClientSocket(session.remotePort, smtp.port, apps.map((app) => app.pid)));
        if (bothConnected()) openGate();
      },
      onData: async (_message, session) => {
        await gate;
        await relaySlot();
        accepted.push({ pid: sessionPid.get(session.id), at: performance.now() });
      },
    });

    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      SMTP_URL: smtp.url,
      MAIL_FROM,
      APP_URL: BASE_URL,
      DIGEST_CRON: CRON_NOT_NOW,
      INGEST_CRON: "off",
    };
    apps.push(startAppProcess("a", env), startAppProcess("b", env));
    // Whoever queues the tick (here, an operator's pg-boss with no workers of its own).
    operator = await startSchedules({ databaseUrl: process.env.DATABASE_URL!, log: () => {} });
    await Promise.all(apps.map((app) => app.waitForLine(/\[jobs\] digest scheduled/, 45_000)));
  });

  afterAll(async () => {
    await operator?.stop();
    await Promise.all(apps.map((app) => app.stop()));
    await smtp?.close();
    await db.$disconnect();
  });

  it(`one tick: ${SUBSCRIBERS} subscribers get one message each, sent by both processes`, async () => {
    const started = performance.now();
    // What the cron tick does: one job on the digest queue, for whichever process takes it.
    await operator.runDigestNow();

    // Each delivery job logs one line when it ends, that is when no delivery is left.
    const jobsDone = () => apps.flatMap((app) => app.lines(DELIVER_JOB_DONE));
    // A ceiling: on 2 cores busy with benchmarks the jobs ended about 30 s after the tick.
    for (const deadline = Date.now() + 75_000; jobsDone().length < FAN_OUT && Date.now() < deadline; ) await sleep(100);
    const logs = apps.map((app) => `--- ${app.label} (pid ${app.pid})\n${app.output()}`).join("\n");
    expect(jobsDone(), logs).toHaveLength(FAN_OUT);
    const seconds = (performance.now() - started) / 1000;

    // Every due subscriber has exactly one message.
    expect(Object.fromEntries(countByRecipient(smtp.envelopes))).toEqual(Object.fromEntries(emails.map((email) => [email, 1])));

    // One run, every row sent once (no row's send began twice).
    const runs = await db.digestRun.findMany();
    expect(runs.map((run) => run.status)).toEqual(["done"]);
    const rows = await db.digestDelivery.findMany({ select: { state: true, interruptedAt: true } });
    expect(rows).toHaveLength(SUBSCRIBERS);
    expect(rows.filter((row) => row.state !== "sent" || row.interruptedAt !== null)).toEqual([]);

    // Both processes sent part of it, and nothing came from anywhere else.
    const byProcess = apps.map((app) => ({
      label: app.label,
      messages: accepted.filter((message) => message.pid === app.pid).length,
      deliveryJobs: app.lines(DELIVER_JOB_DONE).length,
    }));
    expect(byProcess.reduce((sum, share) => sum + share.messages, 0), "messages from unknown senders").toBe(SUBSCRIBERS);
    for (const share of byProcess) expect(share.messages, `process ${share.label} sent nothing\n${logs}`).toBeGreaterThan(0);

    console.info(
      `[two-processes] ${SUBSCRIBERS} subscribers, one run, relay at ${1000 / RELAY_SPACING_MS}/s: ` +
        byProcess.map((share) => `process ${share.label} ${share.messages} messages in ${share.deliveryJobs} delivery jobs`).join(", ") +
        `; first message after ${((accepted[0].at - started) / 1000).toFixed(1)} s; sending ${((accepted.at(-1)!.at - accepted[0].at) / 1000).toFixed(1)} s, tick to last job ${seconds.toFixed(1)} s`,
    );
  }, 90_000);
});
