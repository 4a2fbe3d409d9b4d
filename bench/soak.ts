// `npm run bench -- soak`: the production app (`next start`) under 50 connections for 5
// minutes over a weighted mix of pages and API calls, while a daily digest run (started
// through /api/cron/digest, so it runs inside the app as the cron runs it) and an arXiv
// snapshot ingest (`npm run ingest -- arxiv-snapshot`, the real import path) go on.
// Hardening issue, Load: 0 errors, p99 reported, memory flat.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import path from "node:path";
import os from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startAppServer, type AppServer, type LiveHeap } from "./app-server";
import { appendResult, codeVersion, describeMachine, trackDatabases, usageError, wholeNumberOption, withClient } from "./common";
import { insertSubscribers, startSink, type Sink } from "./digest";
import { existingDatabase, freshDemoDatabase, type CorpusDatabase } from "./pages";
import { ensureSnapshotCorpus, SNAPSHOT_SEED } from "./snapshot-corpus";

export const usage = `npm run bench -- soak [options]

Starts the production app (building it if the sources changed) with RATE_LIMITS=off and
SMTP_URL pointing at a local sink that accepts and discards every message, then loads it
with autocannon for --duration seconds over a weighted mix of pages and API calls. After
--start-after seconds it starts a digest run (POST /api/cron/digest: it runs inside the
app) for --subscribers freshly seeded confirmed subscribers, and an arXiv snapshot ingest
(npm run ingest -- arxiv-snapshot) of --ingest-papers synthetic papers. Measures the app
server's live heap after a full GC at +120 s and 10 s before the load ends (memory flat:
the second at most 15% above the first; runs of 180 s or more), and samples its RSS every
5 s (reported, not judged). Prints a table per route kind, memory, digest and ingest
figures, appends a row to bench/results/soak.json. Exit code 1 when a request failed
(error, timeout or non-2xx), the digest did not reach every subscriber exactly once, the
ingest failed, or memory was not flat.

options:
  --database NAME        an existing, migrated corpus database on the bench server (e.g. the
                         kept 1M corpus; psql -l lists them). The soak writes to it: the
                         ingest's papers stay, the seeded subscribers (and their deliveries)
                         are deleted at the end. Default: a fresh database with the demo
                         corpus, dropped at the end
  --duration S           seconds of load (default 300)
  --connections N        concurrent connections, shared among the route kinds by weight
                         (default 50; at least 9, one per route kind)
  --subscribers N        confirmed subscribers seeded for the digest (default 20000)
  --keywords-share F     fraction of them following 1–3 keywords (default 0.1)
  --ingest-papers N      synthetic arXiv snapshot papers to ingest (default 50000)
  --ingest-seed S        the snapshot's seed (default ${SNAPSHOT_SEED}); ids depend on N and
                         not on the seed, so a second soak on the same database with the
                         same N and seed finds every paper unchanged, another seed updates
                         them
  --start-after S        seconds into the load when the digest and the ingest start (default 30)
  --port N               port for the app (default 3193)
  --max-heap MB          cap the app's V8 heap (--max-old-space-size): a leak then ends
                         the app, a heap V8 merely had no reason to collect levels off
  --no-save              do not append the figures to bench/results/soak.json`;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The memory verdict: the live heap at the end of the load at most this much above the one at +LIVE_HEAP_FIRST_S. */
const FLAT_TOLERANCE = 0.15;
/** When the first live heap is measured (after a first minute of warm-up: JIT, caches filling), and the last: this long before the load ends. */
const LIVE_HEAP_FIRST_S = 120;
const LIVE_HEAP_BEFORE_END_S = 10;
/** Memory is judged on runs at least this long (a minute or more between the two measures). */
const JUDGED_FROM_S = 180;
const RSS_EVERY_MS = 5_000;
const PROGRESS_EVERY_MS = 30_000;
/** How long the bench waits, after the load, for a digest or ingest still running. */
const AFTER_LOAD_WAIT_MS = 30 * 60_000;

type Options = {
  database?: string;
  duration: number;
  connections: number;
  subscribers: number;
  keywordsShare: number;
  ingestPapers: number;
  ingestSeed: number;
  startAfter: number;
  port: number;
  maxHeapMB?: number;
  save: boolean;
};

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      database: { type: "string" },
      duration: { type: "string", default: "300" },
      connections: { type: "string", default: "50" },
      subscribers: { type: "string", default: "20000" },
      "keywords-share": { type: "string", default: "0.1" },
      "ingest-papers": { type: "string", default: "50000" },
      "ingest-seed": { type: "string", default: String(SNAPSHOT_SEED) },
      "start-after": { type: "string", default: "30" },
      port: { type: "string", default: "3193" },
      "max-heap": { type: "string" },
      "no-save": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return null;
  const keywordsShare = Number(values["keywords-share"]);
  if (!Number.isFinite(keywordsShare) || keywordsShare < 0 || keywordsShare > 1) throw usageError("--keywords-share takes a number from 0 to 1");
  if (values.database !== undefined && !/^[A-Za-z0-9_]+$/.test(values.database)) throw usageError("--database takes a database name (letters, digits, _)");
  const options: Options = {
    database: values.database,
    duration: wholeNumberOption("duration", values.duration, 10),
    connections: wholeNumberOption("connections", values.connections, KINDS.length),
    subscribers: wholeNumberOption("subscribers", values.subscribers, 1),
    keywordsShare,
    ingestPapers: wholeNumberOption("ingest-papers", values["ingest-papers"], 1),
    ingestSeed: wholeNumberOption("ingest-seed", values["ingest-seed"], 0),
    startAfter: wholeNumberOption("start-after", values["start-after"], 0),
    port: wholeNumberOption("port", values.port, 1),
    maxHeapMB: values["max-heap"] === undefined ? undefined : wholeNumberOption("max-heap", values["max-heap"], 64),
    save: !values["no-save"],
  };
  if (options.startAfter >= options.duration) throw usageError("--start-after must be less than --duration");
  return options;
}

// ---------------------------------------------------------------- the request mix

type Targets = { paperIds: string[]; days: string[]; terms: string[] };

/** A route kind: its share of the connections, and the paths its connections go through in turn. */
type Kind = { label: string; weight: number; paths: (t: Targets) => string[] };

const q = encodeURIComponent;
const KINDS: Kind[] = [
  { label: "home", weight: 8, paths: () => ["/"] },
  { label: "home-period", weight: 4, paths: () => ["/?period=week", "/?period=month"] },
  { label: "search", weight: 8, paths: (t) => t.terms.map((term) => `/search?q=${q(term)}`) },
  { label: "date", weight: 4, paths: (t) => t.days.map((day) => `/date/${day}`) },
  { label: "paper", weight: 10, paths: (t) => t.paperIds.map((id) => `/papers/${id}`) },
  { label: "api-search", weight: 5, paths: (t) => t.terms.map((term) => `/api/search?q=${q(term)}`) },
  { label: "api-trending", weight: 4, paths: () => ["/api/papers/trending", "/api/papers/trending?period=week"] },
  { label: "feed", weight: 3, paths: () => ["/feeds/trending.xml"] },
  { label: "health", weight: 4, paths: () => ["/api/health"] },
];

/** Common terms, a phrase, an exclusion, a typo, and rare words of this corpus. */
const FIXED_TERMS = ["learning", "diffusion", "graph neural networks", '"large language models"', "reinforcement learning -robotics", "transfomer"];

/** Connections per kind by weight (largest remainder), at least one each, summing to `total`. */
function shareConnections(total: number): number[] {
  const weights = KINDS.map((k) => k.weight);
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = total - KINDS.length;
  const exact = weights.map((w) => (spare * w) / sum);
  const shares = exact.map((x) => 1 + Math.floor(x));
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let i = 0; shares.reduce((a, b) => a + b, 0) < total; i += 1) shares[order[i % order.length]![1]]! += 1;
  return shares;
}

/** Papers (ids, their days) sampled from the corpus, and a few rare words of its vocabulary. */
async function sampleTargets(url: string): Promise<Targets> {
  return withClient(url, async (client) => {
    // SYSTEM sampling reads a fraction of the table's pages (cheap on 1M rows); a small corpus gets a plain random pick.
    let rows = (await client.query<{ id: string; day: string }>(`SELECT id, to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM papers TABLESAMPLE SYSTEM (0.5) LIMIT 1000`)).rows;
    if (rows.length < 200) rows = (await client.query<{ id: string; day: string }>(`SELECT id, to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM papers ORDER BY random() LIMIT 1000`)).rows;
    const latest = (await client.query<{ day: string }>(`SELECT to_char(max(published_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM papers`)).rows[0]!.day;
    const days = [latest, ...new Set(rows.map((r) => r.day))].slice(0, 30);
    const rare = (await client.query<{ word: string }>(`SELECT word FROM search_words WHERE ndoc BETWEEN 2 AND 20 AND word ~ '^[a-z]{5,}$' ORDER BY md5(word) LIMIT 4`)).rows.map((r) => r.word);
    return { paperIds: rows.map((r) => r.id), days, terms: [...FIXED_TERMS, ...rare] };
  });
}

// ---------------------------------------------------------------- recording

type KindRecord = { label: string; connections: number; latencies: number[]; non2xx: number; statuses: Map<number, number>; reqErrors: number; result?: autocannon.Result };

/** Every response's end time (ms since the load began) and latency, for windowed percentiles. */
type Timeline = { at: number[]; latency: number[] };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const sortedCopy = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => percentile(sortedCopy(values), 50);

type RssSample = { atS: number; rssMB: number; pid: number; loadavg1m: number };
type LiveSample = LiveHeap & { atS: number };
const describeLive = (sample: LiveSample | undefined) => (sample ? `${liveMB(sample).toFixed(0)} MB at +${sample.atS.toFixed(0)} s` : "?");
/** What the JavaScript of the app still holds after a full GC: V8's used heap and the memory outside it that JS objects own (Buffers). */
const liveMB = (sample: LiveSample | undefined) => (sample ? sample.usedMB + sample.externalMB : NaN);

// ---------------------------------------------------------------- digest and ingest

type BackgroundReport = { startedAtS: number; finishedAtS: number | null; ok: boolean; summary: string; figures: Record<string, unknown> };

/** Starts the day's digest run as the cron does and follows it until it ends. */
async function runDigest(app: AppServer, cronSecret: string, databaseUrl: string, seededEmails: Set<string>, sink: Sink, sinceLoad: () => number): Promise<BackgroundReport> {
  const startedAtS = sinceLoad();
  const headers = { Authorization: `Bearer ${cronSecret}` };
  const response = await fetch(`${app.origin}/api/cron/digest`, { method: "POST", headers });
  if (response.status !== 202) throw new Error(`POST /api/cron/digest answered ${response.status}: ${await response.text()}`);
  const { runId } = (await response.json()) as { runId: string };
  log(`digest run ${runId} started at +${startedAtS.toFixed(0)} s`);
  type Status = { status: string; recipients: number; sent: number; failed: number; skipped: number };
  let status: Status | undefined;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const poll = await fetch(`${app.origin}/api/cron/digest/runs/${runId}`, { headers });
    if (poll.ok) status = (await poll.json()) as Status;
    if (status && ["done", "failed", "stopped"].includes(status.status)) break;
  }
  const finishedAtS = sinceLoad();
  // The run's own clock (digest_runs), and every delivery of the edition by state.
  const check = await withClient(databaseUrl, async (client) => {
    const run = (await client.query<{ ms: number; date: string }>(`SELECT extract(epoch FROM finished_at - started_at) * 1000 AS ms, to_char(edition_date, 'YYYY-MM-DD') AS date FROM digest_runs WHERE id = $1`, [runId])).rows[0]!;
    const states = (await client.query<{ state: string; seeded: boolean; n: number }>(
      `SELECT d.state, s.email = ANY($2::text[]) AS seeded, count(*)::int AS n FROM digest_deliveries d JOIN subscribers s ON s.id = d.subscriber_id
       WHERE d.edition_date = $1::date GROUP BY 1, 2`,
      [run.date, [...seededEmails]],
    )).rows;
    return { runMs: Number(run.ms), date: run.date, states };
  });
  const seededSent = check.states.filter((s) => s.seeded && s.state === "sent").reduce((a, s) => a + s.n, 0);
  const seededOther = check.states.filter((s) => s.seeded && s.state !== "sent");
  // At the sink: every seeded address exactly once.
  let exactlyOnce = 0;
  let twice = 0;
  let others = 0;
  for (const [address, n] of sink.recipients) {
    if (!seededEmails.has(address)) others += n;
    else if (n === 1) exactlyOnce += 1;
    else twice += 1;
  }
  const missing = seededEmails.size - exactlyOnce - twice;
  const perSecond = seededSent / (check.runMs / 1000);
  const ok = status!.status === "done" && exactlyOnce === seededEmails.size && twice === 0 && seededSent === seededEmails.size && seededOther.length === 0;
  const summary =
    `run ${status!.status}: ${status!.sent.toLocaleString("en")} sent, ${status!.failed} failed, ${status!.skipped} skipped in ${(check.runMs / 1000).toFixed(1)} s ` +
    `(${perSecond.toFixed(0)} deliveries/s); sink: ${exactlyOnce.toLocaleString("en")} of ${seededEmails.size.toLocaleString("en")} seeded subscribers got exactly one message, ` +
    `${twice} got more, ${missing} none; ${others} messages to other addresses → ${ok ? "every subscriber exactly once" : "NOT exactly once"}`;
  return {
    startedAtS,
    finishedAtS,
    ok,
    summary,
    figures: { runId, edition: check.date, status, runMs: Math.round(check.runMs), perSecond, seeded: seededEmails.size, exactlyOnce, moreThanOnce: twice, missing, otherRecipients: others, deliveryStates: check.states },
  };
}

/** `npm run ingest -- arxiv-snapshot <file>` in a child process, as an operator runs it. */
async function runIngest(file: string, databaseUrl: string, sinceLoad: () => number): Promise<BackgroundReport> {
  const startedAtS = sinceLoad();
  log(`ingest of ${file} started at +${startedAtS.toFixed(0)} s`);
  const child = spawn("npx", ["tsx", "scripts/ingest.ts", "arxiv-snapshot", file], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString("utf8")).slice(-8_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const finishedAtS = sinceLoad();
  const runId = /\[ingest\] run (\S+) /.exec(output)?.[1];
  const run = runId
    ? await withClient(databaseUrl, async (client) =>
        (await client.query<{ status: string; read: number; inserted: number; updated: number; unchanged: number; skipped: number; failed: number; ms: number }>(
          `SELECT status, read, inserted, updated, unchanged, skipped, failed, extract(epoch FROM finished_at - started_at) * 1000 AS ms FROM ingest_runs WHERE id = $1`,
          [runId],
        )).rows[0],
      )
    : undefined;
  if (!run) {
    return { startedAtS, finishedAtS, ok: false, summary: `the ingest exited with code ${code} and no run; its last output:\n${output.slice(-2_000)}`, figures: { exitCode: code } };
  }
  const ms = Number(run.ms);
  const perSecond = run.read / (ms / 1000);
  const ok = code === 0 && run.status === "succeeded" && run.skipped === 0 && run.failed === 0;
  const summary =
    `run ${run.status}: ${run.read.toLocaleString("en")} read, +${run.inserted.toLocaleString("en")} new, ${run.updated.toLocaleString("en")} updated, ` +
    `${run.unchanged.toLocaleString("en")} unchanged, ${run.skipped} skipped, ${run.failed} failed in ${(ms / 1000).toFixed(1)} s (${perSecond.toFixed(0)} papers/s)`;
  return { startedAtS, finishedAtS, ok, summary, figures: { runId, exitCode: code, ...run, ms: Math.round(ms), perSecond } };
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) return void console.log(usage);
  const loadavgStart = os.loadavg();
  const databases = trackDatabases(false, log);
  const sink = await startSink(0);
  log(`SMTP sink on ${sink.url}`);
  let failed = false;
  try {
    const database: CorpusDatabase = options.database ? await existingDatabase(options.database) : await freshDemoDatabase(databases.open, "soak_demo");
    // Written (or found) before the load: generating it is not part of the ingest.
    const corpus = await ensureSnapshotCorpus(options.ingestPapers, options.ingestSeed, log);
    const cronSecret = randomBytes(24).toString("hex");
    // The app's whole output, kept for after the run (outputTail keeps only its end).
    const appLogFile = path.join(os.tmpdir(), `paperboy-soak-app-${Date.now()}.log`);
    const appLog = createWriteStream(appLogFile);
    const appEvents = { unreachable: 0, reachableAgain: 0, connectTimeouts: 0 };
    const app = await startAppServer({
      port: options.port,
      databaseUrl: database.url,
      demoData: !options.database,
      log,
      heapProbe: true,
      env: {
        SMTP_URL: sink.url,
        CRON_SECRET: cronSecret,
        ...(options.maxHeapMB ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${options.maxHeapMB}`.trim() } : {}),
      },
      onOutput: (chunk) => {
        appLog.write(chunk);
        appEvents.unreachable += chunk.match(/\[db\] database unreachable/g)?.length ?? 0;
        appEvents.reachableAgain += chunk.match(/\[db\] database reachable again/g)?.length ?? 0;
        appEvents.connectTimeouts += chunk.match(/Error: timeout exceeded when trying to connect/g)?.length ?? 0;
      },
    });
    const tag = randomBytes(3).toString("hex");
    const email = (i: number) => `soak.${tag}.${i}@example.org`;
    try {
      const papers = await withClient(database.url, async (client) => Number((await client.query("SELECT count(*) FROM papers")).rows[0].count));
      log(`corpus: ${papers.toLocaleString("en")} papers in ${database.name}`);
      const seeded = await withClient(database.url, async (client) => {
        const figures = await insertSubscribers(client, { count: options.subscribers, keywordsShare: options.keywordsShare, now: new Date(), email });
        await client.query("ANALYZE subscribers");
        await client.query("ANALYZE followed_keywords");
        return figures;
      });
      const seededEmails = new Set(Array.from({ length: options.subscribers }, (_, i) => email(i)));
      log(`seeded ${options.subscribers.toLocaleString("en")} confirmed subscribers (${seeded.keywordSubscribers.toLocaleString("en")} following keywords), addresses soak.${tag}.*`);
      const targets = await sampleTargets(database.url);
      log(`mix: ${targets.paperIds.length} papers, ${targets.days.length} days, search terms ${targets.terms.map((t) => JSON.stringify(t)).join(", ")}`);
      // Every path once before the load (a broken one would fail the soak for nothing it measures).
      for (const kind of KINDS) {
        for (const path of kind.paths(targets).slice(0, 3)) {
          const response = await fetch(`${app.origin}${path}`);
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`${path} answered ${response.status} before the load`);
        }
      }
      const report = await soak(options, app, database, targets, cronSecret, seededEmails, sink, corpus.file);
      failed = report.failed;
      report.lines.splice(
        -1,
        0,
        `app log (${appLogFile}): the database guard declared the database unreachable ${appEvents.unreachable} times (reachable again ${appEvents.reachableAgain}); ` +
          `${appEvents.connectTimeouts} errors "timeout exceeded when trying to connect" (pg: no pool connection within 5 s, or no new connection)`,
      );
      Object.assign(report.row, { appEvents });
      const output = [
        "",
        `Soak: ${options.connections} connections for ${options.duration} s on ${papers.toLocaleString("en")} papers (${database.name}); digest of ${options.subscribers.toLocaleString("en")} subscribers and ingest of ${options.ingestPapers.toLocaleString("en")} snapshot papers from +${options.startAfter} s`,
        `${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`,
        "",
        report.table,
        "",
        ...report.lines,
      ];
      console.log(output.join("\n"));
      if (report.failed) log(`the soak failed; the app's last output (all of it in ${appLogFile}):\n${app.outputTail().split("\n").slice(-20).join("\n")}`);
      if (options.save) {
        const file = await appendResult("soak", {
          date: new Date().toISOString(),
          machine: describeMachine(loadavgStart),
          code: codeVersion(["app", "components", "lib", "emails", "proxy.ts", "next.config.ts", "package-lock.json"]),
          corpus: { papers, database: database.name },
          options: { ...options, database: undefined, save: undefined },
          ...report.row,
        });
        log(`appended the figures to ${file}`);
      }
    } finally {
      if (options.database) {
        // The kept corpus keeps the ingested papers, not the soak's subscribers (deliveries cascade).
        const deleted = await withClient(database.url, (client) => client.query(`DELETE FROM subscribers WHERE email LIKE $1`, [`soak.${tag}.%`]));
        log(`deleted the ${deleted.rowCount} seeded subscribers`);
      }
      await app.stop();
      appLog.end();
    }
  } finally {
    await databases.dropAll();
    await sink.close();
    databases.release();
  }
  if (failed) process.exitCode = 1;
}

async function soak(
  options: Options,
  app: AppServer,
  database: CorpusDatabase,
  targets: Targets,
  cronSecret: string,
  seededEmails: Set<string>,
  sink: Sink,
  corpusFile: string,
) {
  const shares = shareConnections(options.connections);
  const records: KindRecord[] = KINDS.map((kind, i) => ({ label: kind.label, connections: shares[i]!, latencies: [], non2xx: 0, statuses: new Map(), reqErrors: 0 }));
  const timeline: Timeline = { at: [], latency: [] };
  const rss: RssSample[] = [];
  const started = performance.now();
  const sinceLoad = () => (performance.now() - started) / 1000;
  const sampleRss = () => {
    const server = app.serverRss();
    if (server) rss.push({ atS: sinceLoad(), rssMB: server.rssMB, pid: server.pid, loadavg1m: os.loadavg()[0]! });
  };
  sampleRss();
  const rssTimer = setInterval(sampleRss, RSS_EVERY_MS);
  // The memory verdict's measures, both under load: a full GC in the app, then what is still alive.
  const measureLive = async (): Promise<LiveSample | undefined> => {
    const atS = sinceLoad();
    try {
      const sample = { atS, ...(await app.liveHeap()) };
      log(`+${atS.toFixed(0)} s: live heap after a full GC ${sample.usedMB.toFixed(0)} MB + ${sample.externalMB.toFixed(0)} MB external (the GC took ${(sample.gcMs / 1000).toFixed(1)} s; RSS then ${sample.rssMB.toFixed(0)} MB)`);
      return sample;
    } catch (error) {
      log(`+${atS.toFixed(0)} s: no live heap measure: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const measureLiveAt = (seconds: number) => new Promise<LiveSample | undefined>((resolve) => setTimeout(() => resolve(measureLive()), seconds * 1000));
  const liveMeasures = options.duration >= JUDGED_FROM_S ? [measureLiveAt(LIVE_HEAP_FIRST_S), measureLiveAt(options.duration - LIVE_HEAP_BEFORE_END_S)] : [];
  let lastProgress = 0;
  const progressTimer = setInterval(() => {
    const now = sinceLoad() * 1000;
    const from = timeline.at.findIndex((at) => at >= now - PROGRESS_EVERY_MS);
    const window = from < 0 ? [] : timeline.latency.slice(from);
    const requests = timeline.at.length;
    const bad = records.reduce((a, r) => a + r.non2xx + r.reqErrors, 0);
    const last = rss.at(-1);
    log(
      `+${Math.round(now / 1000)} s: ${requests.toLocaleString("en")} responses (${((requests - lastProgress) / (PROGRESS_EVERY_MS / 1000)).toFixed(0)} req/s), ` +
        `${bad} errors/non-2xx, p99 last 30 s ${percentile(sortedCopy(window), 99).toFixed(0)} ms, RSS ${last ? last.rssMB.toFixed(0) : "?"} MB, ` +
        `digest mails at the sink ${sink.received.messages.toLocaleString("en")}, load ${os.loadavg()[0]!.toFixed(2)}`,
    );
    lastProgress = requests;
  }, PROGRESS_EVERY_MS);

  // The background runs start after --start-after seconds; their failures are reported, not thrown.
  const asReport = (what: string) => (error: unknown): BackgroundReport => ({
    startedAtS: NaN,
    finishedAtS: null,
    ok: false,
    summary: `${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    figures: {},
  });
  const background = new Promise<[BackgroundReport, BackgroundReport]>((resolve) =>
    setTimeout(() => {
      const digest = runDigest(app, cronSecret, database.url, seededEmails, sink, sinceLoad).catch(asReport("the digest"));
      const ingest = runIngest(corpusFile, database.url, sinceLoad).catch(asReport("the ingest"));
      void digest.then((r) => log(`digest ended at +${sinceLoad().toFixed(0)} s: ${r.summary}`));
      void ingest.then((r) => log(`ingest ended at +${sinceLoad().toFixed(0)} s: ${r.summary}`));
      resolve(Promise.all([digest, ingest]));
    }, options.startAfter * 1000),
  );

  log(`load: ${options.connections} connections for ${options.duration} s (${KINDS.map((k, i) => `${k.label} ${shares[i]}`).join(", ")})`);
  await Promise.all(
    KINDS.map((kind, i) => {
      const record = records[i]!;
      const paths = kind.paths(targets);
      let next = 0;
      return new Promise<void>((resolve, reject) => {
        const instance = autocannon(
          {
            url: app.origin,
            connections: record.connections,
            duration: options.duration,
            timeout: 30,
            requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
          },
          (error, result) => {
            if (error) return reject(error);
            record.result = result;
            resolve();
          },
        );
        instance.on("response", (_client, statusCode, _bytes, responseTime) => {
          record.latencies.push(responseTime);
          record.statuses.set(statusCode, (record.statuses.get(statusCode) ?? 0) + 1);
          if (statusCode < 200 || statusCode > 299) record.non2xx += 1;
          timeline.at.push(performance.now() - started);
          timeline.latency.push(responseTime);
        });
        instance.on("reqError", () => (record.reqErrors += 1));
      });
    }),
  );
  const loadSeconds = sinceLoad();
  sampleRss();
  clearInterval(rssTimer);
  clearInterval(progressTimer);
  const loadavgAtEnd = os.loadavg();
  // How far the background runs had got when the load ended (they may go on after it).
  const atLoadEnd = {
    digestMessages: sink.received.messages,
    ingestRead: await withClient(database.url, async (client) =>
      Number((await client.query<{ read: number }>(`SELECT read FROM ingest_runs WHERE source = 'arxiv-snapshot' AND started_at >= now() - make_interval(secs => $1) ORDER BY started_at DESC LIMIT 1`, [loadSeconds + 5])).rows[0]?.read ?? 0),
    ),
  };
  log(`load over after ${loadSeconds.toFixed(0)} s; waiting for the digest and the ingest if still running`);
  let giveUp: NodeJS.Timeout | undefined;
  const [digest, ingest] = await Promise.race([
    background,
    new Promise<never>((_, reject) => {
      giveUp = setTimeout(() => reject(new Error(`the digest or the ingest still ran ${AFTER_LOAD_WAIT_MS / 60_000} min after the load`)), AFTER_LOAD_WAIT_MS);
    }),
  ]).finally(() => clearTimeout(giveUp));
  // Whether the memory comes back once the digest and the ingest are over: 10 s without load.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const rssAfterBackground = app.serverRss()?.rssMB ?? NaN;
  const [liveFirst, liveEnd] = await Promise.all(liveMeasures);
  const liveAfterBackground = await measureLive();

  // ---- the table
  const rows = records.map((r) => {
    const sorted = sortedCopy(r.latencies);
    const result = r.result!;
    return {
      kind: r.label,
      connections: r.connections,
      requests: r.latencies.length,
      requestsPerSecond: r.latencies.length / options.duration,
      non2xx: r.non2xx,
      statuses: Object.fromEntries(r.statuses),
      errors: result.errors,
      timeouts: result.timeouts,
      latency: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : NaN },
    };
  });
  const all = sortedCopy(records.flatMap((r) => r.latencies));
  const total = {
    kind: "all",
    connections: options.connections,
    requests: all.length,
    requestsPerSecond: all.length / options.duration,
    non2xx: rows.reduce((a, r) => a + r.non2xx, 0),
    errors: rows.reduce((a, r) => a + r.errors, 0),
    timeouts: rows.reduce((a, r) => a + r.timeouts, 0),
    latency: { p50: percentile(all, 50), p90: percentile(all, 90), p99: percentile(all, 99), max: all.length ? all[all.length - 1]! : NaN },
  };
  const header = ["kind", "conns", "requests", "req/s", "non-2xx", "errors", "timeouts", "p50 ms", "p90 ms", "p99 ms", "max ms"];
  const cells = [...rows, total].map((r) => [
    r.kind,
    String(r.connections),
    r.requests.toLocaleString("en"),
    r.requestsPerSecond.toFixed(1),
    String(r.non2xx),
    String(r.errors),
    String(r.timeouts),
    r.latency.p50.toFixed(0),
    r.latency.p90.toFixed(0),
    r.latency.p99.toFixed(0),
    r.latency.max.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const table = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(0, -1).map(line), widths.map((w) => "-".repeat(w)).join("  "), line(cells.at(-1)!)].join("\n");

  // ---- memory: the live heap at the end of the load may exceed the one at +LIVE_HEAP_FIRST_S by FLAT_TOLERANCE.
  // RSS is reported, not judged: it also counts garbage V8 had no reason to collect yet (its
  // old space may grow to a few GB on this machine before it must), so it grows under load
  // whether or not anything leaks. The forced GCs bring it down too.
  const judged = liveFirst !== undefined && liveEnd !== undefined;
  const flat = judged && liveMB(liveEnd) <= liveMB(liveFirst) * (1 + FLAT_TOLERANCE);
  const growth = liveMB(liveEnd) / liveMB(liveFirst) - 1;
  const inWindow = (from: number, to: number) => rss.filter((s) => s.atS >= from && s.atS < to).map((s) => s.rssMB);
  const firstMinute = median(inWindow(0, 60));
  const secondMinute = median(inWindow(60, 120));
  const lastMinute = median(inWindow(loadSeconds - 60, loadSeconds + 1));
  const maxRss = Math.max(...rss.map((s) => s.rssMB));
  const pids = [...new Set(rss.map((s) => s.pid))];
  const loadavgs = rss.map((s) => s.loadavg1m);

  const requestsOk = total.non2xx === 0 && total.errors === 0 && total.timeouts === 0;
  const lines = [
    `requests: ${total.requests.toLocaleString("en")} in ${options.duration} s, ${total.non2xx} non-2xx, ${total.errors} errors (${total.timeouts} timeouts) → ${requestsOk ? "0 errors" : "FAILED REQUESTS"}` +
      (requestsOk ? "" : ` (statuses: ${rows.map((r) => `${r.kind} ${JSON.stringify(r.statuses)}`).join("; ")})`),
    `memory (next start server, pid ${pids.join(", ")}): live heap after a full GC (used + external) ${describeLive(liveFirst)} → ${describeLive(liveEnd)} → ` +
      `${!judged ? `not judged (${options.duration < JUDGED_FROM_S ? `under ${JUDGED_FROM_S} s` : "a measure failed"})` : flat ? "flat" : "NOT FLAT"} ` +
      `(rule: at the end of the load ≤ at +${LIVE_HEAP_FIRST_S} s + ${FLAT_TOLERANCE * 100}%; ${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)}%); ${describeLive(liveAfterBackground)} after the digest and the ingest ended, without load`,
    `RSS (reported, not judged; VmRSS every ${RSS_EVERY_MS / 1000} s, ${rss.length} samples): first minute median ${firstMinute.toFixed(0)} MB, ` +
      `second minute ${secondMinute.toFixed(0)} MB, last minute ${lastMinute.toFixed(0)} MB, max ${maxRss.toFixed(0)} MB; ` +
      `${rssAfterBackground.toFixed(0)} MB 10 s after the digest and the ingest ended (+${Math.max(0, sinceLoad() - loadSeconds).toFixed(0)} s after the load)`,
    `digest  (from +${digest.startedAtS.toFixed(0)} s to ${digest.finishedAtS === null ? "?" : `+${digest.finishedAtS.toFixed(0)} s`}): ${digest.summary}`,
    `ingest  (from +${ingest.startedAtS.toFixed(0)} s to ${ingest.finishedAtS === null ? "?" : `+${ingest.finishedAtS.toFixed(0)} s`}): ${ingest.summary}`,
    `at the end of the load: ${atLoadEnd.digestMessages.toLocaleString("en")} digest messages had reached the sink, the ingest had read ${atLoadEnd.ingestRead.toLocaleString("en")} papers`,
    `machine: 1-minute load average during the load mean ${(loadavgs.reduce((a, b) => a + b, 0) / loadavgs.length).toFixed(2)}, max ${Math.max(...loadavgs).toFixed(2)}; at the end ${loadavgAtEnd.map((l) => l.toFixed(2)).join(" ")} (${os.cpus().length} cores; the app, PostgreSQL, the ingest, autocannon and the sink share them)`,
  ];
  const verdict = requestsOk && (flat || !judged) && digest.ok && ingest.ok;
  lines.push(`verdict: ${verdict ? "PASS" : "FAIL"} (0 errors: ${requestsOk ? "yes" : "no"}; memory flat: ${!judged ? "not judged" : flat ? "yes" : "no"}; digest exactly once: ${digest.ok ? "yes" : "no"}; ingest succeeded: ${ingest.ok ? "yes" : "no"})`);

  return {
    failed: !verdict,
    table,
    lines,
    row: {
      durationSeconds: options.duration,
      results: rows,
      total,
      memory: {
        liveHeap: { first: liveFirst ?? null, end: liveEnd ?? null, afterBackground: liveAfterBackground ?? null },
        flat: judged ? flat : null,
        rule: `live heap (used + external) after a full GC ${LIVE_HEAP_BEFORE_END_S} s before the load ends <= at +${LIVE_HEAP_FIRST_S} s * ${1 + FLAT_TOLERANCE}`,
        firstMinuteMedianMB: firstMinute, secondMinuteMedianMB: secondMinute, lastMinuteMedianMB: lastMinute, maxMB: maxRss, afterBackgroundMB: rssAfterBackground,
        samples: rss.map((s) => [Math.round(s.atS), Math.round(s.rssMB)]),
      },
      digest: { startedAtS: digest.startedAtS, finishedAtS: digest.finishedAtS, ok: digest.ok, ...digest.figures },
      ingest: { startedAtS: ingest.startedAtS, finishedAtS: ingest.finishedAtS, ok: ingest.ok, ...ingest.figures },
      atLoadEnd,
      loadavg: { mean: loadavgs.reduce((a, b) => a + b, 0) / loadavgs.length, max: Math.max(...loadavgs), end: loadavgAtEnd },
      verdict: verdict ? "pass" : "fail",
    },
  };
}
