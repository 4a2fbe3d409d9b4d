// `npm run bench -- digest`: throughput of the daily digest run (lib/digest) against a
// local SMTP sink, next to the floor, a bare nodemailer loop sending as many equivalent
// messages to the same sink with the same pool settings, in the same run. Each size gets
// a fresh database (demo corpus + N confirmed subscribers). Prints a table and where the
// digest's time went, appends a row to bench/results/digest.json.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type pg from "pg";
import { SMTPServer } from "smtp-server";
import type { DigestWorkerResult, FloorWorkerResult, Timing, WorkerConfig } from "./digest-worker";
import { summarizeProfile, type CpuSummary } from "./cpu-profile";
import { appendResult, benchServerUrl, codeVersion, createServerDatabase, describeMachine, trackDatabases, usageError, withClient, type BenchDatabase } from "./common";
import { seededRandom } from "@/lib/ingest/demo/seeded-random";
import { digestHeapFlags } from "../scripts/digest-heap-flags";

export const usage = `npm run bench -- digest [options]

Measures a whole daily digest run (createDigestRun + executeDigestRun, lib/digest) to a
local SMTP sink that accepts and discards every message, and the floor: a bare
nodemailer loop sending the same number of equivalent messages (one digest as the
run sent it) to the same sink with the same pool settings, 1 and 10 at a time.
Each size gets a fresh database (demo corpus + N confirmed daily subscribers), dropped
afterwards.

Options:
  --subscribers N[,N…]  subscribers, one run per size (default 10000)
  --keywords-share F    fraction of subscribers who follow 1–3 keywords, whose digest
                        gets a "For you" section (default 0.1)
  --smtp-delay MS       the sink answers MAIL FROM, RCPT TO and the end of DATA
                        MS milliseconds late, as a relay across a network would
                        (default 0: a local sink answers at once)
  --cpu-prof            also write a V8 CPU profile of the digest child (to a temp
                        directory) and print where its CPU time went
  --keep                keep the bench databases (their names are printed)
  --no-save             do not append the figures to bench/results/digest.json
  -h, --help            this text

Environment:
  BENCH_DATABASE_URL  server to create the bench databases on
                      (default postgresql://postgres@127.0.0.1:5432/postgres)`;

const WORKER = path.join(process.cwd(), "bench", "digest-worker.ts");
const SERVER_ONLY_HOOK = pathToFileURL(path.join(process.cwd(), "scripts", "server-only-hook.mjs")).href;

const BASE_URL = "http://localhost:3000";
const MAIL_FROM = "Paperboy <paperboy@localhost>";
/** The floor's sendMail calls in flight: 1 (one at a time) and enough to keep the 5 pooled connections busy. */
const FLOOR_IN_FLIGHT = [1, 10];
const DAY_MS = 86_400_000;

/**
 * Followed keywords, in the search syntax, with a popularity weight: a few broad topics
 * most people follow, a tail of narrower ones, a phrase and an exclusion.
 */
const KEYWORDS: [query: string, weight: number][] = [
  ["diffusion", 10],
  ['"large language models"', 9],
  ["contrastive learning", 6],
  ["reinforcement learning -robotics", 5],
  ["graph neural networks", 4],
  ["vision transformer", 4],
  ["retrieval augmented generation", 3],
  ["speech recognition", 2],
  ["federated learning", 2],
  ["quantization", 2],
  ["protein", 2],
  ["causal inference", 1],
];
const DOMAINS = ["gmail.com", "outlook.com", "proton.me", "mit.edu", "cs.stanford.edu", "uni-heidelberg.de", "inria.fr", "example.org"];

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type Options = { subscribers: number[]; keywordsShare: number; smtpDelayMs: number; cpuProf: boolean; keep: boolean; save: boolean };

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      subscribers: { type: "string", default: "10000" },
      "keywords-share": { type: "string", default: "0.1" },
      "smtp-delay": { type: "string", default: "0" },
      "cpu-prof": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "no-save": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const subscribers = values.subscribers.split(",").map((raw) => {
    const n = Number(raw.trim().replace(/_/g, ""));
    if (!Number.isInteger(n) || n < 1) throw usageError(`--subscribers must be whole numbers ≥ 1, comma-separated (got ${JSON.stringify(values.subscribers)})`);
    return n;
  });
  const share = Number(values["keywords-share"]);
  if (!Number.isFinite(share) || share < 0 || share > 1) throw usageError(`--keywords-share must be a number from 0 to 1 (got ${JSON.stringify(values["keywords-share"])})`);
  const smtpDelayMs = Number(values["smtp-delay"]);
  if (!Number.isInteger(smtpDelayMs) || smtpDelayMs < 0) throw usageError(`--smtp-delay must be a whole number of milliseconds ≥ 0 (got ${JSON.stringify(values["smtp-delay"])})`);
  return { subscribers, keywordsShare: share, smtpDelayMs, cpuProf: values["cpu-prof"], keep: values.keep, save: !values["no-save"] };
}

// ---------------------------------------------------------------- databases

const createDatabase = (suffix: string): Promise<BenchDatabase> => createServerDatabase(`digest_${suffix}`);

// ---------------------------------------------------------------- loading


/** 1–3 distinct keywords, drawn by weight. */
function drawKeywords(next: () => number): string[] {
  const count = 1 + Math.floor(next() * 3);
  const chosen: string[] = [];
  const total = KEYWORDS.reduce((sum, [, w]) => sum + w, 0);
  while (chosen.length < count) {
    let r = next() * total;
    const [query] = KEYWORDS.find(([, w]) => (r -= w) < 0) ?? KEYWORDS[0];
    if (!chosen.includes(query)) chosen.push(query);
  }
  return chosen;
}

type LoadFigures = { papers: number; votes: number; subscribers: number; keywordSubscribers: number; keywords: number; demoMs: number; subscribersMs: number };

async function loadDatabase(url: string, subscribers: number, keywordsShare: number, now: Date): Promise<LoadFigures> {
  const { migrate } = await import("@/lib/db/migrate");
  const { createPrismaClient } = await import("@/lib/db/client");
  const { loadDemoCorpus } = await import("@/lib/ingest/demo/load-demo");

  await migrate(url);
  const demoStart = performance.now();
  const db = createPrismaClient(url, { poolSize: 2 });
  try {
    await loadDemoCorpus(db, { now });
  } finally {
    await db.$disconnect();
  }
  const demoMs = performance.now() - demoStart;

  // Subscribers as the subscribe flow leaves them once confirmed: daily, every day, "boost".
  const subscribersStart = performance.now();
  const progress = progressReporter("subscribers", "rows");
  const { keywordSubscribers, keywords } = await withClient(url, (client) =>
    insertSubscribers(client, { count: subscribers, keywordsShare, now, email: (i) => `reader.${i}@${DOMAINS[i % DOMAINS.length]}`, onBatch: (rows) => progress({ rows, total: subscribers, elapsedMs: performance.now() - subscribersStart }) }),
  );
  await withClient(url, async (client) => {
    for (const table of ["papers", "votes", "subscribers", "followed_keywords"]) await client.query(`VACUUM (ANALYZE) ${table}`);
  });
  const subscribersMs = performance.now() - subscribersStart;

  return withClient(url, async (c) => {
    const { rows } = await c.query<{ papers: number; votes: number; subscribers: number }>(
      "SELECT (SELECT count(*)::int FROM papers) AS papers, (SELECT count(*)::int FROM votes) AS votes, (SELECT count(*)::int FROM subscribers) AS subscribers",
    );
    return { ...rows[0], keywordSubscribers, keywords, demoMs, subscribersMs };
  });
}

/**
 * `count` confirmed subscribers as the subscribe flow leaves them (daily, every day,
 * "boost", confirmed 30 days before `now`), a `keywordsShare` of them following 1–3
 * keywords, in batches of 5,000 (one transaction each). Deterministic from `count`.
 */
export async function insertSubscribers(
  client: pg.Client,
  options: { count: number; keywordsShare: number; now: Date; email: (index: number) => string; onBatch?: (rowsSoFar: number) => void },
): Promise<{ keywordSubscribers: number; keywords: number }> {
  const { count, keywordsShare, now } = options;
  const next = seededRandom(count);
  const batchSize = 5_000;
  let keywordSubscribers = 0;
  let keywords = 0;
  for (let start = 0; start < count; start += batchSize) {
    const ids: string[] = [];
    const emails: string[] = [];
    const keywordIds: string[] = [];
    const keywordQueries: string[] = [];
    for (let i = start; i < Math.min(count, start + batchSize); i += 1) {
      const id = randomUUID();
      ids.push(id);
      emails.push(options.email(i));
      if (next() < keywordsShare) {
        keywordSubscribers += 1;
        for (const query of drawKeywords(next)) {
          keywordIds.push(id);
          keywordQueries.push(query);
        }
      }
    }
    const created = new Date(now.getTime() - 30 * DAY_MS);
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO subscribers (id, email, created_at, confirmed_at)
       SELECT id, email, $3::timestamptz, $3::timestamptz + interval '10 minutes' FROM unnest($1::text[], $2::text[]) AS s(id, email)`,
      [ids, emails, created],
    );
    // ORDER BY keeps each subscriber's keywords in the order drawn (serial ids; lib reads them by id).
    await client.query(
      `INSERT INTO followed_keywords (subscriber_id, query, created_at)
       SELECT subscriber_id, query, $3::timestamptz FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(subscriber_id, query, n) ORDER BY n`,
      [keywordIds, keywordQueries, created],
    );
    await client.query("COMMIT");
    keywords += keywordQueries.length;
    options.onBatch?.(Math.min(count, start + batchSize));
  }
  return { keywordSubscribers, keywords };
}

/** Progress on stderr: done/total, rate, ETA; one line per update when stderr is not a terminal. */
function progressReporter(what: string, unit: string) {
  let lastLine = 0;
  return ({ rows, total, elapsedMs }: { rows: number; total: number; elapsedMs: number }) => {
    const rate = rows / Math.max(elapsedMs / 1000, 0.001);
    const eta = rate > 0 ? `${((total - rows) / rate).toFixed(0)} s` : "?";
    const line = `${what}: ${rows.toLocaleString("en")}/${total.toLocaleString("en")} (${Math.round((100 * rows) / total)}%), ${Math.round(rate).toLocaleString("en")} ${unit}/s, ETA ${eta}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r[bench] ${line}   ${rows >= total ? "\n" : ""}`);
    } else if (rows >= total || performance.now() - lastLine > 5_000) {
      lastLine = performance.now();
      log(line);
    }
  };
}

// ---------------------------------------------------------------- SMTP sink

export type Sink = {
  url: string;
  received: { messages: number; bytes: number };
  /** Messages accepted per recipient address (RCPT TO, lower-cased). */
  recipients: Map<string, number>;
  reset: () => void;
  close: () => Promise<void>;
};

/**
 * An SMTP server on 127.0.0.1 that accepts every message, reads it to the end and throws
 * it away, counting; `delayMs` late with each MAIL FROM, RCPT TO and end-of-DATA reply.
 */
export async function startSink(delayMs: number): Promise<Sink> {
  const received = { messages: 0, bytes: 0 };
  const recipients = new Map<string, number>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 10,
    onMailFrom(_address, _session, callback) {
      if (delayMs > 0) setTimeout(callback, delayMs);
      else callback();
    },
    onRcptTo(_address, _session, callback) {
      if (delayMs > 0) setTimeout(callback, delayMs);
      else callback();
    },
    onData(stream, session, callback) {
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => (bytes += chunk.length));
      stream.on("end", () => {
        received.messages += 1;
        received.bytes += bytes;
        for (const { address } of session.envelope.rcptTo) {
          const key = address.toLowerCase();
          recipients.set(key, (recipients.get(key) ?? 0) + 1);
        }
        if (delayMs > 0) setTimeout(callback, delayMs);
        else callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    recipients,
    reset: () => {
      received.messages = 0;
      received.bytes = 0;
      recipients.clear();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------- CPU by phase

/** The whole machine's CPU ticks so far (all cores), from /proc/stat; null elsewhere. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const ticks = fields.map(Number);
    const idle = ticks[3] + (ticks[4] ?? 0); // idle + iowait
    const total = ticks.reduce((sum, t) => sum + t, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

type PhaseCpu = { sinkCpuMs: number; machineBusy: number | null };

/**
 * Starts measuring a phase: the CPU this process spends (the sink: nothing else runs
 * here meanwhile but a 1 s progress timer) and how busy the whole machine is, as a
 * fraction of all its cores (PostgreSQL and anything else running count too).
 */
function phaseCpu(): () => PhaseCpu {
  const ownStart = process.cpuUsage();
  const machineStart = machineTicks();
  return () => {
    const own = process.cpuUsage(ownStart);
    const machineEnd = machineTicks();
    const machineBusy = machineStart && machineEnd ? (machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total) : null;
    return { sinkCpuMs: (own.user + own.system) / 1000, machineBusy };
  };
}

// ---------------------------------------------------------------- children

function runWorker<T>(config: WorkerConfig, env: Record<string, string>, extraArgs: string[] = []): Promise<T> {
  // Not react-server (React Email's renderer needs the full react-dom/server); the
  // server-only hook and the heap size instead, as `npm run digest` does.
  const execArgv = process.execArgv.filter((arg) => arg !== "--conditions=react-server" && arg !== "-C=react-server");
  const child = spawn(process.execPath, [...execArgv, ...digestHeapFlags(), "--import", SERVER_ONLY_HOOK, ...extraArgs, WORKER], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, NODE_ENV: "production", ...env, BENCH_DIGEST_WORKER: JSON.stringify(config) },
  });
  return new Promise((resolve, reject) => {
    let result: T | undefined;
    child.on("message", (message) => (result = message as T));
    child.on("error", reject);
    child.on("exit", (code, signal) => (result ? resolve(result) : reject(new Error(`the ${config.mode} worker failed (${signal ?? `exit code ${code}`})`))));
  });
}

/** Follows a phase by the messages the sink received. */
function followSink(sink: Sink, what: string, total: number): () => void {
  const started = performance.now();
  const progress = progressReporter(what, "msg");
  const timer = setInterval(() => progress({ rows: sink.received.messages, total, elapsedMs: performance.now() - started }), 1_000);
  return () => {
    clearInterval(timer);
    if (process.stderr.isTTY) process.stderr.write("\n");
  };
}

// ---------------------------------------------------------------- CPU profile

/** The digest child's profile (`--cpu-prof` writes one file into `dir`), over the run's window. */
async function digestProfile(dir: string, window: [number, number]): Promise<CpuSummary | undefined> {
  const file = (await readdir(dir)).find((f) => f.endsWith(".cpuprofile"));
  return file ? summarizeProfile(path.join(dir, file), window) : undefined;
}

// ---------------------------------------------------------------- one size

type SizeReport = {
  subscribers: number;
  code: { commit: string; uncommitted: string[] };
  keywordsShare: number;
  load: LoadFigures;
  digest: {
    sent: number;
    skipped: number;
    failed: number;
    totalMs: number;
    firstSendMs: number;
    perSecond: number;
    meanBytes: number;
    peakRssMB: number;
    renders: Timing;
    distinctContents: number;
    batchSize: number;
    concurrency: number;
    breakdown: { what: string; count: number; ms: number }[];
  };
  floors: { inFlight: number; sent: number; ms: number; perSecond: number; meanBytes: number; peakRssMB: number }[];
  /** Who was busy in each phase: the sender (digest child or floor child), the sink, the machine. */
  cpu: { phase: string; messages: number; ms: number; senderCpuMs: number; sinkCpuMs: number; machineBusy: number | null }[];
  verified: { sinkReceived: number; databaseSent: number; expected: number; ok: boolean };
  cpuProfile?: CpuSummary;
};

async function runSize(options: Options, subscribers: number, sink: Sink, open: BenchDatabase[]): Promise<SizeReport> {
  const now = new Date();
  const date = now.toISOString().slice(0, 10);
  const database = await createDatabase(subscribers >= 1000 ? `${Math.round(subscribers / 1000)}k` : `${subscribers}`);
  open.push(database);
  log(`${subscribers.toLocaleString("en")} subscribers: ${database.label}`);
  const loadStart = performance.now();
  const load = await loadDatabase(database.url, subscribers, options.keywordsShare, now);
  log(
    `loaded ${load.papers} papers, ${load.votes.toLocaleString("en")} votes, ${load.subscribers.toLocaleString("en")} subscribers ` +
      `(${load.keywordSubscribers.toLocaleString("en")} following ${load.keywords.toLocaleString("en")} keywords) in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
  );

  // ---- the digest run
  const childEnv = { DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("hex") };
  let profileDir: string | undefined;
  const profileArgs: string[] = [];
  if (options.cpuProf) {
    profileDir = await mkdtemp(path.join(os.tmpdir(), "paperboy-bench-digest-"));
    profileArgs.push("--cpu-prof", `--cpu-prof-dir=${profileDir}`);
  }
  // lib/, emails/ and prisma/ are what a digest child runs (others may edit them meanwhile).
  const code = codeVersion(["lib", "emails", "prisma"]);
  sink.reset();
  log(`digest run for ${date}: ${subscribers.toLocaleString("en")} deliveries to ${sink.url}`);
  let stop = followSink(sink, "digest", subscribers);
  let cpuOfPhase = phaseCpu();
  const digest = await runWorker<DigestWorkerResult>(
    { mode: "digest", date, smtpUrl: sink.url, mailFrom: MAIL_FROM, baseUrl: BASE_URL },
    childEnv,
    profileArgs,
  ).finally(stop);
  const cpu: SizeReport["cpu"] = [{ phase: "digest", messages: sink.received.messages, ms: digest.totalMs, senderCpuMs: digest.cpuMs, ...cpuOfPhase() }];
  const digestReceived = { ...sink.received };
  log(
    `digest: ${digest.status.status}, ${digest.status.sent.toLocaleString("en")} sent, ${digest.status.skipped} skipped, ${digest.status.failed} failed in ` +
      `${(digest.totalMs / 1000).toFixed(1)} s (${Math.round(digest.status.sent / (digest.totalMs / 1000))} msg/s)`,
  );

  const check = await withClient(database.url, async (c) => {
    const states = (await c.query<{ state: string; n: number }>("SELECT state, count(*)::int AS n FROM digest_deliveries WHERE edition_date = $1::date GROUP BY state", [date])).rows;
    const count = (state: string) => states.find((s) => s.state === state)?.n ?? 0;
    // What a digest's content depends on: its "For you" papers and, when there are any, the keywords it names.
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(DISTINCT coalesce(fy.papers, '') || '|' || CASE WHEN fy.papers IS NULL THEN '' ELSE coalesce(k.list, '') END)::int AS n
       FROM digest_deliveries d
       LEFT JOIN (SELECT subscriber_id, string_agg(paper_id, ',' ORDER BY paper_id) AS papers FROM for_you_sent WHERE edition_date = $1::date GROUP BY 1) fy USING (subscriber_id)
       LEFT JOIN (SELECT subscriber_id, string_agg(query, ',' ORDER BY id) AS list FROM followed_keywords GROUP BY 1) k USING (subscriber_id)
       WHERE d.edition_date = $1::date AND d.state = 'sent'`,
      [date],
    );
    return { sent: count("sent"), skipped: count("skipped"), failed: count("failed"), other: states.filter((s) => !["sent", "skipped", "failed"].includes(s.state)), distinctContents: rows[0].n };
  });
  const expected = load.subscribers - check.skipped;
  const verified = {
    sinkReceived: digestReceived.messages,
    databaseSent: check.sent,
    expected,
    ok: digestReceived.messages === expected && check.sent === expected && check.failed === 0 && check.other.length === 0 && digest.status.status === "done",
  };
  log(
    `verified: sink received ${digestReceived.messages.toLocaleString("en")}, database has ${check.sent.toLocaleString("en")} sent, expected ${expected.toLocaleString("en")} ` +
      `(${load.subscribers.toLocaleString("en")} subscribers − ${check.skipped} skipped)${verified.ok ? "" : `  ✗ MISMATCH ${JSON.stringify(check)}`}`,
  );

  // ---- the floor, same sink, same number of messages, one digest as sent
  const floors: SizeReport["floors"] = [];
  for (const inFlight of FLOOR_IN_FLIGHT) {
    sink.reset();
    stop = followSink(sink, `floor ×${inFlight}`, expected);
    cpuOfPhase = phaseCpu();
    const floor = await runWorker<FloorWorkerResult>(
      { mode: "floor", smtpUrl: sink.url, mailFrom: MAIL_FROM, count: expected, inFlight, sample: digest.sample },
      {},
    ).finally(stop);
    cpu.push({ phase: `floor ×${inFlight}`, messages: sink.received.messages, ms: floor.ms, senderCpuMs: floor.cpuMs, ...cpuOfPhase() });
    if (sink.received.messages !== expected) throw new Error(`floor ×${inFlight}: the sink received ${sink.received.messages} of ${expected} messages`);
    const perSecond = floor.sent / (floor.ms / 1000);
    floors.push({ inFlight, sent: floor.sent, ms: floor.ms, perSecond, meanBytes: sink.received.bytes / sink.received.messages, peakRssMB: floor.vmHwmMB ?? floor.peakRssMB });
    log(`floor ×${inFlight}: ${floor.sent.toLocaleString("en")} messages in ${(floor.ms / 1000).toFixed(1)} s (${Math.round(perSecond)} msg/s)`);
  }

  if (options.keep) {
    log(`kept ${database.label}`);
    open.splice(open.indexOf(database), 1);
  } else {
    await database.drop();
    open.splice(open.indexOf(database), 1);
  }

  // Sends, statements and renders overlap (several lanes, and the next batch is claimed while they
  // send): each sum over the wall time is how many were under way on average, not a share of it.
  const breakdown = [
    { what: `SMTP: mailer.send (up to ${digest.concurrency} in flight)`, ...digest.sends },
    { what: "render: renderDailyDigest", ...digest.renders },
    ...Object.entries(digest.sql).map(([what, t]) => ({ what: `SQL ${what}`, ...t })),
  ];
  breakdown.sort((a, b) => b.ms - a.ms);

  return {
    subscribers,
    code,
    keywordsShare: options.keywordsShare,
    load,
    digest: {
      sent: digest.status.sent,
      skipped: digest.status.skipped,
      failed: digest.status.failed,
      totalMs: digest.totalMs,
      firstSendMs: digest.firstSendMs,
      perSecond: digest.status.sent / (digest.totalMs / 1000),
      meanBytes: digestReceived.bytes / Math.max(1, digestReceived.messages),
      peakRssMB: digest.vmHwmMB ?? digest.peakRssMB,
      renders: digest.renders,
      distinctContents: check.distinctContents,
      batchSize: digest.batchSize,
      concurrency: digest.concurrency,
      breakdown,
    },
    floors,
    cpu,
    verified,
    cpuProfile: profileDir ? await digestProfile(profileDir, digest.hrtimeUs) : undefined,
  };
}

// ---------------------------------------------------------------- output

function table(header: string[], rows: string[][], numericFrom = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= numericFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const int = (n: number) => Math.round(n).toLocaleString("en");
const seconds = (ms: number) => (ms / 1000).toFixed(ms >= 100_000 ? 0 : 1);

function summaryTable(reports: SizeReport[]): string {
  const header = ["subscribers", "keyword subs", "in flight", "digest msg/s", "floor ×1 msg/s", "floor ×10 msg/s", "×10 ÷ digest", "×1 ÷ digest", "digest s", "1st mail s", "peak RSS MB", "renders", "distinct", "KB/msg", "verified"];
  const rows = reports.map((r) => {
    const [one, ten] = [r.floors.find((f) => f.inFlight === 1)!, r.floors.find((f) => f.inFlight === 10)!];
    return [
      int(r.subscribers),
      int(r.load.keywordSubscribers),
      int(r.digest.concurrency),
      int(r.digest.perSecond),
      int(one.perSecond),
      int(ten.perSecond),
      (ten.perSecond / r.digest.perSecond).toFixed(1),
      (one.perSecond / r.digest.perSecond).toFixed(1),
      seconds(r.digest.totalMs),
      seconds(r.digest.firstSendMs),
      int(r.digest.peakRssMB),
      int(r.digest.renders.count),
      int(r.digest.distinctContents),
      (r.digest.meanBytes / 1024).toFixed(1),
      r.verified.ok ? "yes" : "NO",
    ];
  });
  return table(header, rows);
}

function breakdownTable(r: SizeReport): string {
  const rows = r.digest.breakdown.map((b) => [
    b.what,
    int(b.count),
    (b.ms / b.count).toFixed(2),
    seconds(b.ms),
    (b.ms / r.digest.totalMs).toFixed(2),
    ((b.ms / r.digest.sent) * 1000).toFixed(0),
  ]);
  return table(["where", "calls", "ms/call", "sum s", "under way (mean)", "µs/mail"], rows);
}

const percent = (fraction: number | null) => (fraction === null ? "n/a" : `${Math.round(100 * fraction)}%`);

/** Per phase: how much of one core the sender and the sink used, and how busy the machine was. */
function cpuTable(r: SizeReport): string {
  const rows = r.cpu.map((c) => [
    c.phase,
    int(c.messages / (c.ms / 1000)),
    percent(c.senderCpuMs / c.ms),
    (c.senderCpuMs / c.messages).toFixed(2),
    percent(c.sinkCpuMs / c.ms),
    (c.sinkCpuMs / c.messages).toFixed(2),
    percent(c.machineBusy),
  ]);
  return table(["phase", "msg/s", "sender CPU (of 1 core)", "sender ms/msg", "sink CPU (of 1 core)", "sink ms/msg", `machine busy (of ${os.cpus().length} cores)`], rows);
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(usage);
    return;
  }
  const benchStart = performance.now();
  const loadavgStart = os.loadavg();
  const { open, dropAll, release } = trackDatabases<BenchDatabase>(options.keep, log);

  const sink = await startSink(options.smtpDelayMs);
  log(`SMTP sink on ${sink.url}`);
  const reports: SizeReport[] = [];
  let serverInfo = { version: "", settings: {} as Record<string, string> };
  try {
    serverInfo = await withClient(benchServerUrl(), async (c) => {
      const version = (await c.query<{ version: string }>("SELECT version()")).rows[0].version;
      const names = ["shared_buffers", "synchronous_commit", "fsync", "wal_sync_method", "commit_delay", "max_connections"];
      const settings: Record<string, string> = {};
      for (const name of names) settings[name] = (await c.query<{ v: string | null }>("SELECT current_setting($1, true) AS v", [name])).rows[0].v ?? "n/a";
      return { version, settings };
    });
    for (const subscribers of options.subscribers) reports.push(await runSize(options, subscribers, sink, open));
  } finally {
    if (!options.keep) await dropAll();
    await sink.close();
    release();
  }

  // ---- print
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const out: string[] = [""];
  out.push("Daily digest throughput — executeDigestRun (lib/digest) vs a bare nodemailer loop (the floor), same SMTP sink, same run");
  out.push(`${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`);
  out.push(`${serverInfo.version}; ${Object.entries(serverInfo.settings).map(([k, v]) => `${k}=${v}`).join(", ")}`);
  out.push(
    `Sink: smtp-server on 127.0.0.1 in the bench process, reads and discards${options.smtpDelayMs ? `, answers MAIL FROM, RCPT TO and end of DATA ${options.smtpDelayMs} ms late` : ""}. Digest: createDigestRun + executeDigestRun(digestRunOptions(createMailer(sink, { pool: true }))) ` +
      `in a child (NODE_ENV=production), batch size ${reports[0]?.digest.batchSize ?? "?"}, ${Math.round(options.keywordsShare * 100)}% of subscribers follow 1–3 keywords.`,
  );
  out.push(
    `Floor: nodemailer pooled transport (maxConnections 5, maxMessages 100, as lib/mail/smtp-mailer.ts), the same number of copies of one digest as sent, 1 or 10 sendMail calls in flight.`,
  );
  const versions = [...new Set(reports.map((r) => `${r.code.commit}${r.code.uncommitted.length ? ` + uncommitted ${r.code.uncommitted.join(", ")}` : ""}`))];
  out.push(`Code: ${versions.join("; ")}.`);
  out.push(
    `"in flight": the run's concurrency (DIGEST_CONCURRENCY). "renders": renderDailyDigest calls in the run; "distinct": distinct digest contents ` +
      `(what a run-wide render cache renders at least). peak RSS: the digest child's VmHWM.`,
  );
  out.push("");
  out.push(summaryTable(reports));
  for (const r of reports) {
    out.push("");
    out.push(
      `== ${int(r.subscribers)} subscribers: where the digest child's ${seconds(r.digest.totalMs)} s went (${(r.digest.totalMs / r.digest.sent).toFixed(2)} ms per mail; ` +
        `SQL timed at pg.Client#query, sends at mailer.send, renders at renderDailyDigest; they overlap: "under way" is the mean number at once)`,
    );
    out.push(breakdownTable(r));
    out.push("");
    out.push(`Who was busy (the sink is this bench process; CPU from process.cpuUsage, the machine's from /proc/stat):`);
    out.push(cpuTable(r));
    if (r.cpuProfile) {
      const p = r.cpuProfile;
      out.push("");
      out.push(`CPU profile of the digest child, samples during the run only (${seconds(p.sampledMs)} s of ${seconds(r.digest.totalMs)} s; "(idle)" is waiting on the database or the sink): ${p.file}`);
      out.push(table(["self time by package/file", "s", "share"], p.groups.map((g) => [g.name, seconds(g.ms), `${((100 * g.ms) / p.sampledMs).toFixed(1)}%`])));
      out.push("");
      out.push(table(["top functions by self time", "s"], p.functions.map((f) => [f.name, seconds(f.ms)])));
    }
  }
  const totalSeconds = (performance.now() - benchStart) / 1000;
  out.push("");
  out.push(`Total bench time ${totalSeconds.toFixed(0)} s.`);
  console.log(out.join("\n"));

  if (options.save) {
    const row = {
      date: new Date().toISOString(),
      machine: describeMachine(loadavgStart),
      postgres: serverInfo,
      options: { subscribers: options.subscribers, keywordsShare: options.keywordsShare, smtpDelayMs: options.smtpDelayMs, cpuProf: options.cpuProf, floorInFlight: FLOOR_IN_FLIGHT, baseUrl: BASE_URL },
      runs: reports.map((r) => ({
        ...r,
        digest: { ...r.digest, perSecond: Math.round(r.digest.perSecond), totalMs: Math.round(r.digest.totalMs), firstSendMs: Math.round(r.digest.firstSendMs), meanBytes: Math.round(r.digest.meanBytes),
          renders: { count: r.digest.renders.count, ms: Math.round(r.digest.renders.ms) },
          breakdown: r.digest.breakdown.map((b) => ({ ...b, ms: Math.round(b.ms) })) },
        floors: r.floors.map((f) => ({ ...f, ms: Math.round(f.ms), perSecond: Math.round(f.perSecond), meanBytes: Math.round(f.meanBytes) })),
        cpu: r.cpu.map((c) => ({
          ...c,
          ms: Math.round(c.ms),
          senderCpuMs: Math.round(c.senderCpuMs),
          sinkCpuMs: Math.round(c.sinkCpuMs),
          machineBusy: c.machineBusy === null ? null : Math.round(c.machineBusy * 100) / 100,
        })),
        load: { ...r.load, demoMs: Math.round(r.load.demoMs), subscribersMs: Math.round(r.load.subscribersMs) },
      })),
      totalSeconds: Math.round(totalSeconds),
    };
    log(`appended the figures to ${await appendResult("digest", row)}`);
  }
}
