// The sending half of `npm run bench -- digest`, run by bench/digest.ts in child
// processes, in one of two modes (the JSON in BENCH_DIGEST_WORKER):
//
//   digest  createDigestRun(date) + executeDigestRun(runId, digestRunOptions(createMailer(
//           …the parent's SMTP sink…, { pool: true }), "http://localhost:3000")): the real
//           lib/digest code, as /api/cron/digest runs it (no onProgress: the parent follows
//           progress from the messages its sink receives).
//   floor   the same number of equivalent messages (one digest as the digest run sent it,
//           its size and headers) through a bare nodemailer pooled transport with the pool
//           settings of lib/mail/smtp-mailer.ts, `inFlight` sendMail calls at a time.
//
// The parent starts it with `--import ./scripts/server-only-hook.mjs` (lib/ imports
// "server-only"; React Email's renderer cannot run under --conditions=react-server) and
// NODE_ENV=production (React's production build, as in `next start`).
//
// Instrumentation, digest mode only, all of it timestamps (no lib/ code is changed):
// - every SQL statement, timed at pg.Client#query (adapter-pg's pool and its transactions
//   both go through it) and labelled from its text;
// - every mailer.send, timed in a wrapper around the Mailer handed to executeDigestRun;
// - every renderDailyDigest call: a module hook resolves lib/digest's "@/emails/render" to
//   a wrapper that re-exports emails/render.ts and counts and times renderDailyDigest.
// The run keeps `concurrency` sends in flight and claims the next batch while it sends, so
// these overlap: a sum divided by the wall time is how many were under way on average.
// Both modes report the process's CPU time (process.cpuUsage) over the sending.
//
// Output: one IPC message (DigestWorkerResult or FloorWorkerResult).
import { appendFileSync, readFileSync } from "node:fs";
import { register } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";

export type SampleMail = { subject: string; html: string; text: string; headers: Record<string, string> };

export type DigestWorkerConfig = { mode: "digest"; date: string; smtpUrl: string; mailFrom: string; baseUrl: string };
export type FloorWorkerConfig = { mode: "floor"; smtpUrl: string; mailFrom: string; count: number; inFlight: number; sample: SampleMail };
export type WorkerConfig = DigestWorkerConfig | FloorWorkerConfig;

export type Timing = { count: number; ms: number };

export type DigestWorkerResult = {
  mode: "digest";
  status: { status: string; recipients: number; sent: number; failed: number; skipped: number };
  /** createDigestRun + executeDigestRun, wall clock. */
  totalMs: number;
  /** From the start to the first message accepted (edition, planning, first batch's queries and render). */
  firstSendMs: number;
  batchSize: number;
  /** Sends the run keeps in flight (DIGEST_CONCURRENCY). */
  concurrency: number;
  /** User + system CPU of this process during the run. */
  cpuMs: number;
  sends: Timing;
  renders: Timing;
  /** By statement label, in order of first appearance. */
  sql: Record<string, Timing>;
  /** Max of process.memoryUsage().rss polled every 50 ms, and VmHWM (kernel's peak RSS) when /proc has it. */
  peakRssMB: number;
  vmHwmMB: number | null;
  sample: SampleMail;
  /** process.hrtime in µs at the start and end of the run: the clock of V8's CPU profile, to cut start-up out of it. */
  hrtimeUs: [start: number, end: number];
};

export type FloorWorkerResult = { mode: "floor"; inFlight: number; sent: number; ms: number; cpuMs: number; peakRssMB: number; vmHwmMB: number | null };

const raw = process.env.BENCH_DIGEST_WORKER;
if (!raw) throw new Error("bench/digest-worker.ts is started by bench/digest.ts (npm run bench -- digest)");
const config = JSON.parse(raw) as WorkerConfig;

// ---------------------------------------------------------------- memory

// memoryUsage.rss() reads only the RSS; memoryUsage() also walks the heap spaces, which costs the run CPU.
let peakRss = process.memoryUsage.rss();
const rssPoller = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
rssPoller.unref();
const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
const cpuMsSince = (start: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
};

function vmHwmMB(): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function finish(message: DigestWorkerResult | FloorWorkerResult): void {
  clearInterval(rssPoller);
  process.send?.(message, () => process.exit(0));
}

// ---------------------------------------------------------------- floor

if (config.mode === "floor") {
  const { createTransport } = await import("nodemailer");
  const { hostname, port } = new URL(config.smtpUrl);
  // As lib/mail/smtp-mailer.ts builds its pooled transport: keep these in step with it.
  const transport = createTransport({
    host: hostname,
    port: Number(port),
    secure: false,
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dnsTimeout: 10_000,
    tls: { rejectUnauthorized: true, minVersion: "TLSv1.2" },
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
  const { sample } = config;
  let next = 0;
  let sent = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const lane = async () => {
    for (let i = next++; i < config.count; i = next++) {
      await transport.sendMail({
        from: config.mailFrom,
        to: `reader${i}@example.org`,
        subject: sample.subject,
        html: sample.html,
        text: sample.text,
        headers: sample.headers,
        messageId: `<floor.${i}.${process.pid}@localhost>`,
      });
      sent += 1;
    }
  };
  await Promise.all(Array.from({ length: config.inFlight }, lane));
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  transport.close();
  finish({ mode: "floor", inFlight: config.inFlight, sent, ms, cpuMs, peakRssMB: mb(peakRss), vmHwmMB: vmHwmMB() });
}

// ---------------------------------------------------------------- digest

if (config.mode === "digest") {
  const renders: Timing = { count: 0, ms: 0 };
  (globalThis as { __paperboyBenchRenders?: Timing }).__paperboyBenchRenders = renders;

  // lib/digest imports "@/emails/render"; hand it a wrapper that counts and times renderDailyDigest.
  const realRender = pathToFileURL(path.join(process.cwd(), "emails", "render.ts")).href;
  const wrapper = `
    import * as real from ${JSON.stringify(realRender)};
    export * from ${JSON.stringify(realRender)};
    export async function renderDailyDigest(props) {
      const timing = globalThis.__paperboyBenchRenders;
      const started = performance.now();
      try {
        return await real.renderDailyDigest(props);
      } finally {
        timing.count += 1;
        timing.ms += performance.now() - started;
      }
    }`;
  const wrapperUrl = `data:text/javascript,${encodeURIComponent(wrapper)}`;
  register(
    `data:text/javascript,${encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        if (specifier === "@/emails/render") return { url: ${JSON.stringify(wrapperUrl)}, shortCircuit: true };
        return next(specifier, context);
      }`)}`,
  );

  // Every statement, timed where pg sends it. BENCH_DIGEST_SQL_LOG=<file>: also append each distinct statement's text, with its label.
  const sql = new Map<string, Timing>();
  const sqlLog = process.env.BENCH_DIGEST_SQL_LOG;
  const sqlLogged = new Set<string>();
  const clientPrototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const originalQuery = clientPrototype.query;
  clientPrototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : first && typeof first === "object" && "text" in first ? String((first as { text: unknown }).text) : "";
    if (!text) return originalQuery.apply(this, args);
    const started = performance.now();
    const record = () => {
      const label = statementLabel(text);
      if (sqlLog && !sqlLogged.has(text)) {
        sqlLogged.add(text);
        appendFileSync(sqlLog, `-- ${label}\n${text.trim()}\n\n`);
      }
      const timing = sql.get(label) ?? { count: 0, ms: 0 };
      timing.count += 1;
      timing.ms += performance.now() - started;
      sql.set(label, timing);
    };
    // pg.Pool#query calls client.query(config, values, callback); transactions use the promise form.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (...results: unknown[]) => {
        record();
        return (callback as (...a: unknown[]) => unknown)(...results);
      };
      return originalQuery.apply(this, args);
    }
    const result = originalQuery.apply(this, args);
    if (!(result instanceof Promise)) return result;
    return result.then(
      (value) => (record(), value),
      (error: unknown) => {
        record();
        throw error;
      },
    );
  };

  const { createDigestRun, executeDigestRun } = await import("@/lib/digest/run");
  const { digestRunOptions } = await import("@/lib/digest/options");
  const { createMailer } = await import("@/lib/mail/create-mailer");
  const { plainBody } = await import("@/lib/mail/prepared-body");
  type Mailer = import("@/lib/mail/types").Mailer;

  const inner = createMailer({ SMTP_URL: config.smtpUrl, MAIL_FROM: config.mailFrom, DATA_DIR: os.tmpdir() }, { pool: true });
  const sends: Timing = { count: 0, ms: 0 };
  let sample: SampleMail | undefined;
  let firstSendAt = 0;
  const mailer: Mailer = {
    kind: inner.kind,
    close: () => inner.close(),
    async send(mail) {
      const started = performance.now();
      try {
        return await inner.send(mail);
      } finally {
        const now = performance.now();
        sends.count += 1;
        sends.ms += now - started;
        if (!sample) {
          // A digest goes out with a prepared (encoded once) body: the floor sends the text and HTML it decodes to.
          const { html, text } = mail.body ? plainBody(mail.body) : mail;
          sample = { subject: mail.subject, html, text, headers: mail.headers ?? {} };
          firstSendAt = now;
        }
      }
    },
  };

  const options = digestRunOptions(mailer, config.baseUrl);
  const hrtimeUs = () => Number(process.hrtime.bigint() / 1000n);
  const startUs = hrtimeUs();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const run = await createDigestRun(config.date);
  const status = await executeDigestRun(run.runId, options);
  const totalMs = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  const endUs = hrtimeUs();
  await mailer.close();
  const globalDb = (globalThis as { paperboyDb?: { $disconnect: () => Promise<void> } }).paperboyDb;
  await globalDb?.$disconnect();
  if (!sample) throw new Error("the digest run sent nothing");

  finish({
    mode: "digest",
    status,
    totalMs,
    firstSendMs: firstSendAt - started,
    batchSize: options.batchSize,
    concurrency: options.concurrency ?? 1,
    cpuMs,
    sends,
    renders,
    sql: Object.fromEntries(sql),
    peakRssMB: mb(peakRss),
    vmHwmMB: vmHwmMB(),
    sample,
    hrtimeUs: [startUs, endUs],
  });
}

/** What a statement lib/ sent is for, told from its text (the labels are ours). */
function statementLabel(text: string): string {
  const sql = text.replace(/\s+/g, " ").trim();
  if (/^(BEGIN|COMMIT|ROLLBACK)\b/i.test(sql)) return `transaction: ${sql.split(" ")[0].toUpperCase()}`;
  if (/^WITH fresh AS \(/.test(sql)) return "claim batch (UPDATE … SKIP LOCKED)";
  if (/^ANALYZE digest_deliveries/.test(sql)) return "setup: analyze deliveries";
  if (/^WITH settlement AS \(/.test(sql)) return "record ended sends + begin next ones (one statement)";
  if (/^UPDATE digest_deliveries SET state = 'skipped'/.test(sql)) return "skip rows (UPDATE, per batch)";
  if (/digest_deliveries/.test(sql) && /^UPDATE/.test(sql)) return "UPDATE delivery (other)";
  if (/FROM "public"\."for_you_sent"/.test(sql)) return "for-you: already sent";
  if (/FROM "public"\."subscribers"/.test(sql)) return "batch: subscribers";
  if (/FROM "public"\."followed_keywords"/.test(sql)) return "batch: followed keywords";
  if (/search_words|numnode|querytree|websearch_to_tsquery|plainto_tsquery|to_tsquery|ts_rank/.test(sql)) return "for-you: searchPapers";
  if (/FROM "public"\."papers"|FROM "public"\."votes"|FROM "public"\."paper_authors"|FROM "public"\."authors"/.test(sql)) return "batch: load papers";
  if (/^INSERT INTO digest_deliveries/.test(sql)) return "setup: plan deliveries";
  if (/digest_editions|digest_runs|WITH candidates/.test(sql)) return "setup: run, edition";
  if (/SELECT min\(CASE WHEN state = 'pending'/.test(sql)) return "next wake-up";
  if (/GROUP BY/.test(sql) && /digest_deliveries/.test(sql)) return "run status";
  return sql.slice(0, 60);
}
