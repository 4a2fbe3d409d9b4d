// One digest day killed (SIGKILL) at many points, each child resuming what the one before
// left: tests/reliability/digest-crash-points.test.ts (20+ points) and `npm run bench --
// crash` (100) run the same chain.
//
// Child #1 runs the day until it is killed at point 1; child #2 resumes it and is killed at
// point 2; …; after the last point a child finishes the day. The points are drawn from a
// seeded generator across the run's phases: a delay after the child starts (planning,
// claims, rendering, the statements that record and begin sends), or a step of the SMTP
// transaction seen by the test server (MAIL FROM, RCPT TO, DATA under way, the whole
// message kept but the 250 not sent yet, a moment after the 250). The seed fixes the
// points drawn (kinds, counts, where in the start window); the moments themselves follow
// the machine's pace. After each kill the parent waits for the dead child's database
// sessions to end, then notes the rows whose send it had begun and not recorded: the
// only ones a duplicate may come from.
//
// Start-up: a child is the esbuild bundle of digest-child.ts (React's production build,
// @react-email/components tree-shaken, no per-file transform: about half tsx's CPU at
// start-up), started ahead of time (`standby`): it loads and connects while the child
// before it runs, then waits for "go".
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { ParsedMail } from "mailparser";
import type { SMTPServerSession } from "smtp-server";
import type { Database } from "@/lib/db/client";
import { createDigestRun, type RunStatus } from "@/lib/digest/run";
import { seededRandom } from "@/lib/ingest/demo/seeded-random";
import { clockFrom, countByRecipient, DAY_MS, seedPapers, seedSubscribers, type TestSubscriber } from "./digest-fixtures";
import { startSmtpTestServer, type SmtpEnvelope, type SmtpReply } from "./smtp-test-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CHILD_SOURCE = path.join(ROOT, "tests/helpers/digest-child.ts");

/** Where a child is killed. `nth` counts that event among this child's own SMTP sessions. */
export type CrashPoint =
  | { kind: "after-start"; delayMs: number }
  | { kind: "mail-from" | "rcpt-to" | "mid-data" | "data-accepted"; nth: number }
  | { kind: "after-reply"; nth: number; delayMs: number };

export function describePoint(point: CrashPoint): string {
  switch (point.kind) {
    case "after-start":
      return `${point.delayMs} ms after the run started`;
    case "mail-from":
      return `at MAIL FROM #${point.nth}`;
    case "rcpt-to":
      return `at RCPT TO #${point.nth}`;
    case "mid-data":
      return `while DATA #${point.nth} arrives`;
    case "data-accepted":
      return `message #${point.nth} kept by the server, before its 250`;
    case "after-reply":
      return `${point.delayMs} ms after the 250 to message #${point.nth}`;
  }
}

/** One kill, and what the rows said once the dead child's sessions were gone. */
export type CrashRecord = {
  child: number;
  point: CrashPoint;
  /** Emails whose row this child began and did not record: the sends the kill left ambiguous. */
  ambiguous: string[];
  /**
   * Rows begun and unrecorded at the kill, this child's and earlier ones' not taken over
   * yet (a claim takes fresh rows first, a dead worker's once those run out).
   */
  stranded: number;
  /** Rows held claimed and not begun (sent later, never twice). */
  claimed: number;
  /** Rows still to do (pending or sending) at the kill. */
  remaining: number;
  /** Messages the server accepted from this child. */
  accepted: number;
  /** From "go" to the kill. */
  livedMs: number;
  /** CPU time (user + system) from "go" to the kill; null where /proc is not there to read. */
  cpuMs: number | null;
};

export type CrashDay = {
  date: string;
  /** Confirmed, due subscribers who should get the digest. */
  expected: string[];
  /** Due, but keywords-only with no match today: their row ends skipped, no mail. */
  skipped: string[];
  /** Unconfirmed, unsubscribed or digest off: no row, no mail. */
  notDue: string[];
};

/**
 * A digest day of `subscribers`: most plain daily, some following keywords (a For you
 * section), some keywords-only (one whose keyword matches nothing today: skipped), and
 * every twentieth not due at all.
 */
export async function seedCrashDay(db: Database, date: string, subscribers: number): Promise<CrashDay> {
  const start = new Date(`${date}T06:00:00Z`).getTime();
  const paper = (n: number, title: string, votes: number) => ({
    id: `crash${String(n).padStart(7, "0")}`,
    title,
    abstract: `${title}: a study of sending each message once, even when the sender dies. `.repeat(4),
    publishedAt: new Date(start - DAY_MS),
    votes: Array.from({ length: votes }, (_, v) => new Date(start - (v + 1) * 600_000)),
  });
  await seedPapers(db, [
    ...Array.from({ length: 10 }, (_, n) => paper(n, `Resumable delivery study number ${n}`, 20 - n)),
    ...Array.from({ length: 6 }, (_, n) => paper(10 + n, `Sparse attention kernels, variant ${n}`, 1)),
  ]);
  const day: CrashDay = { date, expected: [], skipped: [], notDue: [] };
  const people: TestSubscriber[] = Array.from({ length: subscribers }, (_, n) => {
    const email = `reader${String(n).padStart(4, "0")}@example.org`;
    switch (n % 20) {
      case 3:
      case 8:
      case 13:
        day.expected.push(email);
        return { email, keywords: ["sparse attention"] };
      case 17:
        day.expected.push(email);
        return { email, keywordMode: "filter", keywords: ["sparse attention"] };
      case 11:
        day.skipped.push(email);
        return { email, keywordMode: "filter", keywords: ["quantum chromodynamics"] };
      case 19:
        day.notDue.push(email);
        return n % 3 === 0 ? { email, confirmed: false } : n % 3 === 1 ? { email, unsubscribed: true } : { email, digestEnabled: false };
      default:
        day.expected.push(email);
        return { email };
    }
  });
  await seedSubscribers(db, people, new Date(start));
  return day;
}

export type CrashChainOptions = {
  db: Database;
  /** The database the children use (the parent's lib/db reads DATABASE_URL too). */
  databaseUrl: string;
  date: string;
  /** Kills before the child that finishes the day. */
  crashes: number;
  seed: number;
  concurrency: number;
  /** Short, so the next child takes a dead child's rows over promptly (default 400 ms). */
  leaseMs?: number;
  batchSize?: number;
  /** Children started and waiting for their turn (default 2): one takes over at once while the next loads. */
  standby?: number;
  log?: (line: string) => void;
};

export type CrashChainResult = {
  runId: string;
  crashes: CrashRecord[];
  /** The last child's run status (done, with the day's counts). */
  final: RunStatus;
  /** Accepted messages and their envelopes, in order. */
  messages: ParsedMail[];
  envelopes: SmtpEnvelope[];
  /** Error codes of the SMTP server's connections (the kills reset some). */
  serverErrors: string[];
  /** Children that ran (killed ones and the last). */
  children: number;
  /** From the first child's "go" to the last child's exit. */
  chainMs: number;
  /** Bundling the child, once. */
  bundleMs: number;
  /**
   * CPU time (user + system) of the children that ran: loading until ready (hidden from
   * the chain's time by the standby start, but not from a busy machine) and running.
   * Null where /proc is not there to read (not Linux).
   */
  cpu: { startupMs: number; runMs: number } | null;
};

type Child = {
  index: number;
  process: ChildProcess;
  appName: string;
  ready: Promise<void>;
  running: Promise<void>;
  done: Promise<RunStatus>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
  /** CPU time used by the time it said ready, and by its end (sampled before a kill, at "done"). */
  cpu: { ready: number | null; end: number | null };
};

/** The live child and what its SMTP sessions have done so far. */
type Current = {
  child: Child;
  point: CrashPoint | null;
  counts: Record<"mail-from" | "rcpt-to" | "mid-data" | "data-accepted", number>;
  killed: boolean;
  /** When it said "running", and when its first MAIL FROM came (performance.now()). */
  runningAt?: number;
  firstMailAt?: number;
};

export async function runCrashChain(options: CrashChainOptions): Promise<CrashChainResult> {
  const { db, date, concurrency, seed } = options;
  const log = options.log ?? (() => {});
  const random = seededRandom(seed);
  const settings = {
    batchSize: options.batchSize ?? 4,
    leaseMs: options.leaseMs ?? 400,
    retryBaseMs: 20,
    maxAttempts: 5,
    digestSize: 10,
    concurrency,
    clockOffsetMs: clockFrom(`${date}T06:00:00Z`).offsetMs,
  };

  const bundleStarted = performance.now();
  const bundle = await bundleChild();
  const bundleMs = performance.now() - bundleStarted;

  let current: Current | undefined;
  /** The child generation each SMTP session belongs to: a dead child's late commands are not counted. */
  const sessionOwner = new Map<string, number>();
  const ours = (session: SMTPServerSession) => current !== undefined && sessionOwner.get(session.id) === current.child.index;

  async function kill(target: Current): Promise<void> {
    if (!target.killed) target.child.cpu.end = cpuTimeMs(target.child.process.pid);
    target.killed = true;
    target.child.process.kill("SIGKILL");
    await target.child.exited;
  }

  /** Counts an SMTP event of the live child; kills it when the event is its crash point. Returns whether it did. */
  async function atEvent(kind: keyof Current["counts"], session: SMTPServerSession): Promise<boolean> {
    if (!ours(session) || !current) return false;
    const live = current;
    live.counts[kind] += 1;
    live.firstMailAt ??= performance.now();
    const point = live.point;
    if (point?.kind === kind && live.counts[kind] === point.nth && !live.killed) {
      await kill(live);
      return true;
    }
    if (kind === "data-accepted" && point?.kind === "after-reply" && live.counts[kind] === point.nth && !live.killed) {
      // Not awaited: the 250 goes out, the child hears it, and dies a moment later.
      setTimeout(() => void kill(live), point.delayMs);
    }
    return false;
  }
  const refuseIfKilled = async (kind: keyof Current["counts"], session: SMTPServerSession): Promise<SmtpReply | void> =>
    (await atEvent(kind, session)) ? { code: 451, message: "the sender is gone" } : undefined;

  const smtp = await startSmtpTestServer({
    onConnect: (session) => void (current && sessionOwner.set(session.id, current.child.index)),
    onMailFrom: (_address, session) => refuseIfKilled("mail-from", session),
    onRcptTo: (_address, session) => refuseIfKilled("rcpt-to", session),
    onDataBegin: (session) => refuseIfKilled("mid-data", session),
    onAccepted: async (_message, session) => void (await atEvent("data-accepted", session)),
  });

  const { runId } = await createDigestRun(date);
  const childEnv = (index: number, appName: string): NodeJS.ProcessEnv => {
    const url = new URL(options.databaseUrl);
    url.searchParams.set("application_name", appName);
    return {
      ...process.env,
      NODE_ENV: "production" as const,
      DATABASE_URL: url.toString(),
      DIGEST_RUN_ID: runId,
      DIGEST_SMTP_URL: smtp.url,
      DIGEST_OPTIONS: JSON.stringify(settings),
      DIGEST_STANDBY: "1",
      DIGEST_CHILD_INDEX: String(index),
    };
  };
  let spawned = 0;
  const spawnNext = (): Child => {
    const index = ++spawned;
    const appName = `paperboy-crash-${process.pid}-${index}`;
    return startChild(bundle, index, appName, childEnv(index, appName));
  };

  const standbyDepth = options.standby ?? 2;
  const queue: Child[] = [];
  const crashes: CrashRecord[] = [];
  const ran: Child[] = [];
  let final: RunStatus | undefined;
  let chainStarted: number | undefined;
  let remaining = Infinity;
  /** How long children took from "running" to their first MAIL FROM: what an after-start kill spans. */
  const toFirstMail: number[] = [];
  /** Begun, unrecorded rows at the last kill and their claim token. */
  let strandedTokens = new Map<string, string | null>();
  // Every kind of point early on (in a seeded order), then any.
  const firstKinds = shuffle(random, [...POINT_KINDS]);
  let child: Child | undefined;
  try {
    while (!final) {
      while (queue.length < standbyDepth) queue.push(spawnNext());
      child = queue.shift()!;
      ran.push(child);
      queue.push(spawnNext());
      const starting = child;
      await Promise.race([starting.ready, starting.exited.then(() => Promise.reject(new Error(`child ${starting.index} died before it was ready:\n${starting.output()}`)))]);

      const crashesLeft = options.crashes - crashes.length;
      const point = crashesLeft > 0 ? drawPoint(random, remaining, crashesLeft, startWindowMs(toFirstMail), firstKinds.shift()) : null;
      const live: Current = { child, point, counts: { "mail-from": 0, "rcpt-to": 0, "mid-data": 0, "data-accepted": 0 }, killed: false };
      current = live;
      const went = performance.now();
      chainStarted ??= went;
      child.process.stdin!.write("go\n");
      let timer: NodeJS.Timeout | undefined;
      void child.running.then(() => {
        live.runningAt = performance.now();
        if (point?.kind === "after-start") timer = setTimeout(() => void kill(live), point.delayMs);
      });

      const outcome = await Promise.race([child.done.then((status) => ({ status })), child.exited.then((exit) => ({ exit }))]);
      clearTimeout(timer);
      const exit = await child.exited;
      current = undefined;
      if (live.runningAt !== undefined && live.firstMailAt !== undefined) toFirstMail.push(live.firstMailAt - live.runningAt);
      if ("status" in outcome) {
        final = outcome.status;
        break;
      }
      if (!live.killed || exit.signal !== "SIGKILL") throw new Error(`child ${child.index} ended on its own (${JSON.stringify(exit)}):\n${child.output()}`);

      await sessionsGone(db, child.appName);
      const rows = await db.digestDelivery.findMany({
        where: { editionDate: new Date(date) },
        select: { state: true, sendStartedAt: true, claimToken: true, subscriber: { select: { email: true } } },
      });
      const sending = rows.filter((row) => row.state === "sending");
      const begun = sending.filter((row) => row.sendStartedAt !== null);
      // Each claim brings a new token: a begun row whose token is new since the last kill was begun by this child.
      const ambiguous = begun.filter((row) => strandedTokens.get(row.subscriber.email) !== row.claimToken);
      strandedTokens = new Map(begun.map((row) => [row.subscriber.email, row.claimToken]));
      const record: CrashRecord = {
        child: child.index,
        cpuMs: child.cpu.end === null || child.cpu.ready === null ? null : child.cpu.end - child.cpu.ready,
        point: point!,
        ambiguous: ambiguous.map((row) => row.subscriber.email).sort(),
        stranded: begun.length,
        claimed: sending.length - begun.length,
        remaining: rows.filter((row) => row.state === "pending" || row.state === "sending").length,
        accepted: live.counts["data-accepted"],
        livedMs: performance.now() - went,
      };
      // Before the first child plans the day there are no rows: nothing is done yet.
      remaining = rows.length === 0 ? Infinity : record.remaining;
      crashes.push(record);
      log(
        `crash ${crashes.length}: child ${child.index} killed ${describePoint(record.point)} after ${record.livedMs.toFixed(0)} ms; ` +
          `${record.ambiguous.length} of its sends left ambiguous, ${record.stranded} stranded in all, ${record.claimed} claimed, ${record.remaining} to do`,
      );
    }
  } finally {
    current = undefined;
    const left = child && child.process.exitCode === null && child.process.signalCode === null ? [child, ...queue] : queue;
    for (const waiting of left) waiting.process.kill("SIGKILL");
    await Promise.all(left.map((waiting) => waiting.exited));
    await smtp.close();
    await rm(path.dirname(bundle), { recursive: true, force: true });
  }
  return {
    runId,
    crashes,
    final: final!,
    messages: smtp.messages,
    envelopes: smtp.envelopes,
    serverErrors: smtp.errors.map((error) => error.code ?? error.message),
    children: crashes.length + 1,
    chainMs: performance.now() - chainStarted!,
    bundleMs,
    cpu: ran.every((c) => c.cpu.ready !== null && c.cpu.end !== null)
      ? { startupMs: ran.reduce((sum, c) => sum + c.cpu.ready!, 0), runMs: ran.reduce((sum, c) => sum + c.cpu.end! - c.cpu.ready!, 0) }
      : null,
  };
}

/**
 * The next point. Kills that count SMTP events stay within the work left, so the day
 * outlasts the chain: at most a share of what remains per crash still to come.
 */
function drawPoint(random: () => number, remaining: number, crashesLeft: number, startWindow: number, kind?: CrashPoint["kind"]): CrashPoint {
  const share = Math.max(1, Math.min(6, Math.floor(remaining / (crashesLeft + 1))));
  const nth = 1 + Math.floor(random() * share);
  const roll = random();
  kind ??=
    roll < 0.3 && share >= 3
      ? "after-start"
      : roll < 0.42
        ? "mail-from"
        : roll < 0.54
          ? "rcpt-to"
          : roll < 0.66
            ? "mid-data"
            : roll < 0.86
              ? "data-accepted"
              : "after-reply";
  if (kind === "after-start") return { kind, delayMs: Math.floor(random() * startWindow) };
  if (kind === "after-reply") return { kind, nth, delayMs: Math.floor(random() * 4) };
  return { kind, nth };
}

/**
 * After-start kills are spread over the time a run takes to reach its first MAIL FROM
 * here (the median so far, plus half: its statements before sending, and the first
 * sends), so they land in the same phases on a fast machine and on a busy one.
 */
function startWindowMs(toFirstMail: number[]): number {
  if (toFirstMail.length === 0) return 250;
  const sorted = [...toFirstMail].sort((a, b) => a - b);
  return Math.min(5_000, Math.max(20, 1.5 * sorted[Math.floor(sorted.length / 2)]));
}

export const POINT_KINDS: CrashPoint["kind"][] = ["after-start", "mail-from", "rcpt-to", "mid-data", "data-accepted", "after-reply"];

function shuffle<T>(random: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * A killed client's statement may still be running in its server session (and commit).
 * The rows are read once the server has ended the dead child's sessions. (Embedded
 * PGlite runs one statement at a time, so a later read already comes after it.)
 */
async function sessionsGone(db: Database, appName: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 5) {
    const [{ count }] = await db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM pg_stat_activity WHERE application_name = ${appName}`;
    if (count === 0n) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the database still has sessions of ${appName} 10 s after it was killed`);
}

/** digest-child.ts as one ES module (external: pg, Prisma, nodemailer), in a directory of its own. */
async function bundleChild(): Promise<string> {
  // esbuild comes with tsx and vite (dev dependencies); only the tests and the bench use it.
  const { build } = await import("esbuild");
  const dir = path.join(ROOT, "node_modules/.cache/paperboy-crash", randomUUID());
  await mkdir(dir, { recursive: true });
  const outfile = path.join(dir, "digest-child.mjs");
  await build({
    entryPoints: [CHILD_SOURCE],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Kept out: resolved from node_modules as usual (native-style packages, wasm).
    external: ["pg", "pg-native", "@prisma/*", "nodemailer"],
    alias: { "server-only": path.join(ROOT, "tests/setup/server-only-stub.ts") },
    // As the app runs (next start): React's production build, a third of the development one to load.
    define: { "process.env.NODE_ENV": '"production"' },
    tsconfig: path.join(ROOT, "tsconfig.json"),
    // Bundled CommonJS (React) requires Node's built-ins.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    logLevel: "warning",
  });
  return outfile;
}

function startChild(bundle: string, index: number, appName: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [bundle], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  const cpu: Child["cpu"] = { ready: null, end: null };
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // A killed child's stdin breaks; nothing to do about it.
  child.stdin!.on("error", () => {});
  const events = new Map<string, (value: unknown) => void>();
  const waitFor = <T>(event: string) => new Promise<T>((resolve) => events.set(event, resolve as (value: unknown) => void));
  const ready = waitFor<void>("ready");
  const running = waitFor<void>("running");
  const done = waitFor<RunStatus>("done");
  createInterface({ input: child.stdout! }).on("line", (line) => {
    output += `${line}\n`;
    let message: { event?: string; status?: RunStatus };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (message.event === "ready") cpu.ready = cpuTimeMs(child.pid);
    if (message.event === "done") cpu.end = cpuTimeMs(child.pid);
    if (message.event) events.get(message.event)?.(message.status);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return { index, process: child, appName, ready, running, done, exited, output: () => output, cpu };
}

/** User + system CPU time of a live process, from /proc/<pid>/stat (clock ticks of 10 ms); null elsewhere. */
function cpuTimeMs(pid: number | undefined): number | null {
  try {
    // Fields after the command name (which may hold spaces, hence the last ")"): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** How many messages each recipient got, and the duplicates the crashes explain. */
export function tallyCrashes(result: CrashChainResult, day: CrashDay, interrupted: Set<string>, concurrency: number) {
  const counts = countByRecipient(result.envelopes);
  const ambiguousAtKills = new Map<string, number>();
  for (const crash of result.crashes) for (const email of crash.ambiguous) ambiguousAtKills.set(email, (ambiguousAtKills.get(email) ?? 0) + 1);
  const duplicated = [...counts].filter(([, count]) => count > 1);
  return {
    crashes: result.crashes.length,
    /** Copies beyond the first. */
    duplicates: duplicated.reduce((sum, [, count]) => sum + count - 1, 0),
    duplicatedRecipients: duplicated.map(([email]) => email).sort(),
    /** Rows begun and not recorded, summed over the kills: what the duplicates may not exceed. */
    ambiguousAtKills: result.crashes.reduce((sum, crash) => sum + crash.ambiguous.length, 0),
    bound: result.crashes.length * concurrency,
    interrupted: interrupted.size,
    missed: day.expected.filter((email) => !counts.has(email)),
    unexpected: [...counts.keys()].filter((email) => !day.expected.includes(email)).sort(),
    /** Recipients with more copies than kills that left their send ambiguous, plus one. */
    unexplained: duplicated.filter(([email, count]) => count - 1 > (ambiguousAtKills.get(email) ?? 0)).map(([email]) => email),
    /** Recipients with a duplicate whose row does not say interrupted. */
    unmarked: duplicated.filter(([email]) => !interrupted.has(email)).map(([email]) => email),
  };
}
