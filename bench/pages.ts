// `npm run bench -- pages`: requests per second and latency of the pages readers hit
// most — `/`, `/search?q=…`, a paper page, `/about`, `/api/search?q=…` — served by the production
// app (`next start`), loaded by autocannon at 10 and 100 connections. Targets (Scale
// issue, at 1M papers): `/` at least 1,000 req/s and `/search` at least 250 req/s, both
// with p99 under 150 ms at 10 connections.
import { copyFile, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { readMigrations } from "@/lib/db/migrate";
import { startAppServer, type AppServer } from "./app-server";
import { prepareBaselineTree } from "./baseline-tree";
import { monotonicUs, perRequest, summarizeProfile, type CpuSummary } from "./cpu-profile";
import { appendResult, benchServerUrl, codeVersion, createServerDatabase, describeMachine, trackDatabases, usageError, withClient } from "./common";

/** A realistic topic (a few hundred matches in the demo corpus) and a term most abstracts share. */
const SEARCH_TOPIC = "diffusion";
const SEARCH_COMMON_TERM = "learning";

/** How the distinct searches are shown in the table and the report. */
export const DISTINCT_SEARCH_PATH = "/search?q=<two words, new each request>";

/**
 * `path` is what every request asks for, unless `nthPath` gives each request its own (the
 * n-th of the run): then `path` only describes them in the table.
 */
type Page = { label: string; path: string; nthPath?: (n: number) => string };

/**
 * The pages measured; the paper is the top of the trending list, the one readers open most.
 * Each page is asked for repeatedly, as the targets measure it, so a cached page is a hit
 * after its first request. "search-distinct" is the other side: a search nobody asked in
 * the last minute at every request, what a miss of the page cache and the search cache costs.
 */
function pagesFor(paperPath: string, distinctSearch: (n: number) => string): Page[] {
  return [
    { label: "home", path: "/" },
    { label: "search", path: `/search?q=${SEARCH_TOPIC}` },
    { label: "search-common", path: `/search?q=${SEARCH_COMMON_TERM}` },
    { label: "search-distinct", path: DISTINCT_SEARCH_PATH, nthPath: distinctSearch },
    { label: "paper", path: paperPath },
    { label: "about", path: "/about" },
    { label: "api-search", path: `/api/search?q=${SEARCH_TOPIC}` },
  ];
}
const PAGE_LABELS = pagesFor("/papers/…", () => "").map((page) => page.label);

/** Words a corpus's searches pair up: its vocabulary's topic words, past the most common. */
const DISTINCT_SEARCH_WORDS = 120;

/**
 * The n-th distinct search: two of the corpus's topic words (search_words, its vocabulary),
 * a different ordered pair for each n up to words × (words - 1), 14,280 with 120 words,
 * more than a run asks for (~50-70 a second at 1M, each a miss). Two words, as readers type them.
 */
async function distinctSearches(databaseUrl: string): Promise<(n: number) => string> {
  const words = await withClient(databaseUrl, async (client) =>
    (
      await client.query<{ word: string }>(
        // Past the 50 most common (the, and, model…): words a topic is named by. Ties by word, so the list is the same every run.
        `SELECT word FROM search_words WHERE word ~ '^[a-z]{5,}$' ORDER BY ndoc DESC, word OFFSET 50 LIMIT $1`,
        [DISTINCT_SEARCH_WORDS],
      )
    ).rows.map((row) => row.word),
  );
  if (words.length < 2) throw new Error("the corpus has no search vocabulary to make distinct searches from (search_words)");
  const count = words.length;
  return (n) => {
    const first = n % count;
    const second = (first + 1 + (Math.floor(n / count) % (count - 1))) % count;
    return `/search?q=${encodeURIComponent(`${words[first]} ${words[second]}`)}`;
  };
}

/**
 * What Chromium and Firefox send. Next compresses each answer as it goes out (gzip, level 6,
 * the cached trending page included), which costs more than serving that page uncompressed.
 */
const BROWSER_ACCEPT_ENCODING = "gzip, deflate, br";

export const usage = `npm run bench -- pages [options]

Starts the production app (building it if the sources changed) and loads each page with
autocannon, after a warm-up, at each connection count.

options:
  --database NAME      an existing, migrated corpus database on the bench server
                       (BENCH_DATABASE_URL's server), used read-only; default: a fresh
                       database with the demo corpus, dropped at the end
  --connections LIST   concurrent connections, comma-separated (default 10,100)
  --duration S         seconds per measurement (default 10)
  --warmup S           seconds of load before measuring each page, not recorded (default 3)
  --only LABELS        just these pages, comma-separated: ${PAGE_LABELS.join(", ")}
  --baseline REF       also measure the app as it was at commit REF (built in the temp
                       dir: bench/baseline-tree.ts), each page on the working tree then
                       on REF, back to back, and print the ratios
  --gzip               ask as a browser does (Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}), so
                       the app compresses every answer; default: no Accept-Encoding, as
                       autocannon sends (the figures the targets are stated in)
  --cpu-prof           sample the server's CPU during each measurement (bench/cpu-probe.mjs)
                       and print where its time went, by package and by function; the
                       profiles are kept in a temp dir for DevTools. Sampling costs some
                       throughput: such rows are in the report's history only
  --port N             port for the app (default 3191; with --baseline, N and N+1)
  --no-save            do not append the figures to bench/results/pages.json`;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The server under load: the working tree, or the `--baseline` commit. */
type App = "current" | "baseline";

type PageResult = {
  app: App;
  path: string;
  label: string;
  connections: number;
  requestsPerSecond: { mean: number; p50: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  non2xx: number;
  durationSeconds: number;
  /** The 1-minute load average when the measurement ended (the machine is shared). */
  loadavg1m: number;
  /** With --cpu-prof: the server's CPU during the measurement. */
  cpuProfile?: CpuSummary;
  /** Each request asked for a page of its own (`nthPath`): the report shows these apart from the targets. */
  distinctPaths?: true;
};

type Options = { baseline?: string; database?: string; connections: number[]; duration: number; warmup: number; only: string[]; gzip: boolean; cpuProf: boolean; port: number; save: boolean };

export async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) return void console.log(usage);
  const loadavgStart = os.loadavg();
  const databases = trackDatabases(false, log);
  try {
    const database = options.database ? await existingDatabase(options.database) : await freshDemoDatabase(databases.open);
    const baseline = options.baseline ? await prepareBaselineTree(options.baseline, log) : undefined;
    const servers = new Map<App, AppServer>();
    try {
      log("the working tree:");
      const serverOptions = { databaseUrl: database.url, demoData: !options.database, log, cpuProbe: options.cpuProf };
      servers.set("current", await startAppServer({ ...serverOptions, port: options.port }));
      if (baseline) {
        log(`baseline ${baseline.commit.slice(0, 12)}:`);
        servers.set("baseline", await startAppServer({ ...serverOptions, port: options.port + 1, cwd: baseline.dir }));
      }
      const profiles = options.cpuProf ? await mkdtemp(path.join(os.tmpdir(), "paperboy-bench-pages-")) : undefined;
      const app = servers.get("current")!;
      // Counted once the app is up: a fresh database gets its demo corpus at start-up.
      const papers = await withClient(database.url, async (client) => Number((await client.query("SELECT count(*) FROM papers")).rows[0].count));
      log(`corpus: ${papers.toLocaleString("en")} papers in ${database.name}`);
      const pages = pagesFor(await topPaperPath(app.origin), await distinctSearches(database.url)).filter((page) => options.only.includes(page.label));
      const headers: Record<string, string> = options.gzip ? { "accept-encoding": BROWSER_ACCEPT_ENCODING } : {};
      const results: PageResult[] = [];
      for (const page of pages) {
        for (const [which, server] of servers) {
          await checkPage(server.origin, page, headers);
          log(`${page.path} (${which}): warming up for ${options.warmup} s`);
          await load(server.origin, page, headers, Math.min(...options.connections), options.warmup);
          for (const connections of options.connections) {
            log(`${page.path} (${which}): ${connections} connections for ${options.duration} s`);
            if (!profiles) {
              results.push(toPageResult(page, which, await load(server.origin, page, headers, connections, options.duration)));
              continue;
            }
            // Cut before and after, and keep only the samples of the measurement's own window.
            await server.cutCpuProfile();
            const window: [number, number] = [monotonicUs(), 0];
            const result = toPageResult(page, which, await load(server.origin, page, headers, connections, options.duration));
            window[1] = monotonicUs();
            const kept = path.join(profiles, `${page.label}-${which}-${connections}.cpuprofile`);
            await copyFile(await server.cutCpuProfile(), kept);
            results.push({ ...result, cpuProfile: await summarizeProfile(kept, window, { groups: 10, functions: 12 }) });
          }
        }
      }
      const peakRssMB = app.peakRssMB();
      console.log(table(results));
      if (profiles) console.log(`\n${profileTables(results)}`);
      if (baseline) console.log(`\n${baselineRatios(results, baseline.commit)}`);
      if (results.some((r) => r.errors + r.non2xx > 0)) log(`some requests failed; the app's last output:\n${app.outputTail().split("\n").slice(-15).join("\n")}`);
      const megabytes = (mb: number | null) => (mb === null ? "unknown" : `${mb.toFixed(0)} MB`);
      const baselineRss = servers.get("baseline")?.peakRssMB();
      log(`app server peak RSS: ${megabytes(peakRssMB)}${baselineRss === undefined ? "" : ` (baseline's: ${megabytes(baselineRss)})`}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
      if (options.save) {
        const file = await appendResult("pages", {
          date: new Date().toISOString(),
          machine: describeMachine(loadavgStart),
          code: codeVersion(["app", "components", "lib", "next.config.ts", "package-lock.json"]),
          corpus: { papers, database: database.name },
          options: { baseline: baseline?.commit, acceptEncoding: headers["accept-encoding"] ?? null, cpuProf: options.cpuProf, connections: options.connections, durationSeconds: options.duration, warmupSeconds: options.warmup },
          server: { peakRssMB },
          results,
        });
        log(`appended the figures to ${file}`);
      }
    } finally {
      for (const server of servers.values()) await server.stop();
    }
  } finally {
    await databases.dropAll();
    databases.release();
  }
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      database: { type: "string" },
      connections: { type: "string", default: "10,100" },
      duration: { type: "string", default: "10" },
      warmup: { type: "string", default: "3" },
      only: { type: "string", default: PAGE_LABELS.join(",") },
      port: { type: "string", default: "3191" },
      baseline: { type: "string" },
      gzip: { type: "boolean", default: false },
      "cpu-prof": { type: "boolean", default: false },
      "no-save": { type: "boolean", default: false },
      help: { type: "boolean" },
    },
  });
  if (values.help) return null;
  const connections = values.connections.split(",").map(Number);
  if (connections.some((n) => !Number.isInteger(n) || n < 1)) throw usageError("--connections takes whole numbers from 1, e.g. 10,100");
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(duration) || duration < 1) throw usageError("--duration takes whole seconds from 1");
  if (!Number.isInteger(warmup) || warmup < 0) throw usageError("--warmup takes whole seconds from 0");
  const only = values.only.split(",");
  const unknown = only.find((label) => !PAGE_LABELS.includes(label));
  if (unknown) throw usageError(`--only: no page labelled ${JSON.stringify(unknown)} (${PAGE_LABELS.join(", ")})`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw usageError("--port must be a port number");
  if (values.database !== undefined && !/^[A-Za-z0-9_]+$/.test(values.database)) throw usageError("--database takes a database name (letters, digits, _)");
  return { baseline: values.baseline, database: values.database, connections, duration, warmup, only, gzip: values.gzip, cpuProf: values["cpu-prof"], port, save: !values["no-save"] };
}

export type CorpusDatabase = { name: string; url: string };

/** A kept corpus, used as it is: refused when it lacks a migration, since starting the app would apply it. */
export async function existingDatabase(name: string): Promise<CorpusDatabase> {
  const url = new URL(benchServerUrl());
  url.pathname = `/${name}`;
  const exists = await withClient(benchServerUrl(), async (client) => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
  if (!exists) throw usageError(`--database: no database ${JSON.stringify(name)} on ${url.host} (psql -l lists them)`);
  const applied = await withClient(url.toString(), async (client) =>
    new Set((await client.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`)).rows.map((r) => r.migration_name)),
  );
  const pending = (await readMigrations()).filter((migration) => !applied.has(migration.name));
  if (pending.length > 0) throw usageError(`--database: ${name} lacks migrations ${pending.map((m) => m.name).join(", ")}; the bench does not change a database it did not create`);
  return { name, url: url.toString() };
}

/** An empty database; `npm start` migrates it and loads the demo corpus into it. */
export async function freshDemoDatabase(tracked: { label: string; drop: () => Promise<void> }[], suffix = "pages_demo"): Promise<CorpusDatabase> {
  const database = await createServerDatabase(suffix);
  tracked.push(database);
  return { name: new URL(database.url).pathname.slice(1), url: database.url };
}

async function topPaperPath(origin: string): Promise<string> {
  const home = await (await fetch(`${origin}/`)).text();
  const paperPath = /href="(\/papers\/[0-9a-f]{12})"/.exec(home)?.[1];
  if (!paperPath) throw new Error("no paper link on the home page: is the corpus empty, or has nothing been published in the last day?");
  return paperPath;
}

const SETTLE_TIMEOUT_MS = 120_000;

/**
 * Waits until the page answers 200: a page that answers with an error would be measured at
 * the speed of its error page. An overloaded app goes on serving the previous measurement's
 * queued requests after autocannon stops (and fails some for want of a database connection),
 * so this also lets it drain before the next page. Asked for compressed, it must come
 * compressed: else the figures would be of uncompressed answers.
 */
async function checkPage(origin: string, page: Page, headers: Record<string, string>): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const response = await fetch(`${origin}${nextPath(page)}`, { headers });
    await response.arrayBuffer();
    if (response.status === 200) {
      const encoding = response.headers.get("content-encoding");
      if (headers["accept-encoding"] && !encoding) throw new Error(`${page.path} came uncompressed though asked with Accept-Encoding: ${headers["accept-encoding"]}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`${page.path} answered HTTP ${response.status}, not 200, for ${SETTLE_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** Distinct searches go on from where the last load left off, so none repeats within a run's minute. */
let nthRequest = 0;

/** The path the next request for `page` asks for. */
const nextPath = (page: Page) => page.nthPath?.(nthRequest++) ?? page.path;

function load(origin: string, page: Page, headers: Record<string, string>, connections: number, seconds: number): Promise<autocannon.Result> {
  const requests = page.nthPath && [{ setupRequest: (request: autocannon.Request) => ({ ...request, path: nextPath(page) }) }];
  return autocannon({ url: page.nthPath ? origin : `${origin}${page.path}`, headers, connections, duration: seconds, timeout: 30, ...(requests && { requests }) });
}

function toPageResult(page: Page, app: App, result: autocannon.Result): PageResult {
  return {
    app,
    path: page.path,
    label: page.label,
    connections: result.connections,
    requestsPerSecond: { mean: result.requests.mean, p50: result.requests.p50 },
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    non2xx: result.non2xx,
    durationSeconds: result.duration,
    loadavg1m: os.loadavg()[0]!,
    ...(page.nthPath && { distinctPaths: true as const }),
  };
}

function table(results: PageResult[]): string {
  const header = ["path", "app", "conns", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "non-2xx", "load 1m"];
  const rows = results.map((r) => [
    r.path,
    r.app,
    String(r.connections),
    r.requestsPerSecond.mean.toFixed(0),
    r.latency.p50.toFixed(0),
    r.latency.p99.toFixed(0),
    r.latency.max.toFixed(0),
    String(r.errors),
    String(r.non2xx),
    r.loadavg1m.toFixed(2),
  ]);
  return textTable(header, rows);
}

/** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * Where the server's CPU went while each page was loaded: its busy share of the window
 * ("(idle)" is the server waiting, on the database or for requests), then self time per
 * request by package or project file, and the top functions.
 */
function profileTables(results: PageResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const p = r.cpuProfile;
    if (!p) continue;
    const { busyMs, busyShare, busyGroups, microseconds } = perRequest(p, r.requestsPerSecond.mean * r.durationSeconds);
    const perRequestText = (ms: number) => microseconds(ms)?.toFixed(0) ?? "—";
    out.push(
      `== ${r.path} (${r.app}), ${r.connections} connections: server busy ${(100 * busyShare).toFixed(0)}% of ${(p.sampledMs / 1000).toFixed(1)} s, ` +
        `${perRequestText(busyMs)} µs of CPU a request; profile: ${p.file}`,
    );
    const rows = busyGroups.map((g) => [g.name, perRequestText(g.ms), `${((100 * g.ms) / busyMs).toFixed(1)}%`]);
    out.push(textTable(["self time by package/file", "µs a request", "of busy"], rows));
    out.push(textTable(["top functions by self time", "ms"], p.functions.map((f) => [f.name, String(f.ms)])));
    out.push("");
  }
  return out.join("\n");
}

/** The working tree against the baseline commit, per page and connection count: req/s and p99 of each, and the ratio. */
function baselineRatios(results: PageResult[], commit: string): string {
  const lines = [`the working tree vs ${commit.slice(0, 12)} (same run, back to back):`];
  for (const current of results.filter((r) => r.app === "current")) {
    const before = results.find((r) => r.app === "baseline" && r.path === current.path && r.connections === current.connections);
    if (!before) continue;
    const ratio = current.requestsPerSecond.mean / before.requestsPerSecond.mean;
    lines.push(
      `  ${current.path} at ${current.connections}: baseline ${before.requestsPerSecond.mean.toFixed(0)} req/s (p99 ${before.latency.p99} ms), ` +
        `now ${current.requestsPerSecond.mean.toFixed(0)} req/s (p99 ${current.latency.p99} ms): ${ratio.toFixed(2)}x`,
    );
  }
  return lines.join("\n");
}
