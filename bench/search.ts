// `npm run bench -- search`: search latency of lib/search's searchPapers() against
// a plain ILIKE scan (the "toy" search), on the demo corpus and on the demo corpus
// plus N synthetic papers (bench/synthetic-corpus.ts), each in a fresh database of
// its own, in the same run. Prints a table, appends a row to bench/results/search.json.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { BenchQuery, KindResult, WorkerConfig, WorkerResult } from "./search-worker";
import { appendResult, benchServerUrl, codeVersion, createServerDatabase, describeMachine, trackDatabases, usageError, wholeNumberOption, withClient, type BenchDatabase } from "./common";

export const usage = `npm run bench -- search [options]

Measures searchPapers() (lib/search) and a plain ILIKE scan on the same data:
the demo corpus (513 papers), then the demo corpus plus N synthetic papers.
Each corpus gets a fresh database, dropped afterwards.

Options:
  --papers N     synthetic papers for the large corpus (default 100000; 0 skips it)
  --runs N       timed runs per query kind, after the warm-up (default 30)
  --warmup N     untimed runs per query kind first (default 3; ILIKE: 1)
  --ilike-budget S
                 seconds of timed ILIKE runs per kind before ILIKE stops, keeping
                 at least 10 runs (default 20; a 100k-paper scan takes seconds)
  --ilike-min-runs N
                 ILIKE runs per kind kept even past the budget (default 10)
  --no-ilike     measure searchPapers only (a quick development run; not saved)
  --database NAME
                 measure a corpus kept by an earlier --keep run (database NAME on
                 the bench server) instead of loading one; it is not dropped
  --load-only    load the corpora and stop (with --keep: build a corpus once)
  --embedded     use an in-memory PGlite instead of a PostgreSQL server
  --keep         keep the bench databases (their names are printed)
  --no-save      do not append the figures to bench/results/search.json
  -h, --help     this text

Environment:
  BENCH_DATABASE_URL  server to create the bench databases on
                      (default postgresql://postgres@127.0.0.1:5432/postgres)`;

const WORKER = path.join(process.cwd(), "bench", "search-worker.ts");
const LIMIT = 20;
const DAY_MS = 86_400_000;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** The query mix, one of each kind. Dates are filled in relative to the run. */
function queryMix(now: Date): BenchQuery[] {
  const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);
  return [
    { kind: "common term", q: "learning", sort: "relevance", ilike: { all: ["learning"], none: [] } },
    // In exactly one demo paper (and so in ~0.2% of the synthetic ones).
    { kind: "rare term", q: "spectrogram", sort: "relevance", ilike: { all: ["spectrogram"], none: [] } },
    { kind: "two terms", q: "contrastive loss", sort: "relevance", ilike: { all: ["contrastive", "loss"], none: [] } },
    { kind: "phrase", q: '"large language models"', sort: "relevance", ilike: { all: ["large language models"], none: [] } },
    { kind: "exclusion", q: "diffusion -video", sort: "relevance", ilike: { all: ["diffusion"], none: ["video"] } },
    // Not a substring of the right word, so the toy search finds nothing; searchPapers corrects it.
    { kind: "misspelling", q: "transfomer", sort: "relevance", ilike: { all: ["transfomer"], none: [] } },
    { kind: "date range", q: "transformer", sort: "relevance", from: day(2 * 365), to: day(365), ilike: { all: ["transformer"], none: [] } },
    { kind: "newest", q: "reinforcement learning", sort: "newest", ilike: { all: ["reinforcement", "learning"], none: [] } },
    { kind: "trending", q: "language models", sort: "trending", ilike: { all: ["language", "models"], none: [] } },
  ];
}

type Options = {
  papers: number;
  runs: number;
  warmup: number;
  ilikeBudget: number;
  ilikeMinRuns: number;
  ilike: boolean;
  database?: string;
  loadOnly: boolean;
  embedded: boolean;
  keep: boolean;
  save: boolean;
};

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      papers: { type: "string", default: "100000" },
      runs: { type: "string", default: "30" },
      warmup: { type: "string", default: "3" },
      "ilike-budget": { type: "string", default: "20" },
      "ilike-min-runs": { type: "string", default: "10" },
      "no-ilike": { type: "boolean", default: false },
      database: { type: "string" },
      "load-only": { type: "boolean", default: false },
      embedded: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "no-save": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  if (values.database && !/^paperboy_bench_\w+$/.test(values.database)) throw usageError(`--database takes the name of a kept bench database (paperboy_bench_…), got ${JSON.stringify(values.database)}`);
  if (values.keep && values.embedded) throw usageError("--keep needs a server: the embedded database lives in memory and ends with the run");
  return {
    papers: wholeNumberOption("papers", values.papers, 0),
    runs: wholeNumberOption("runs", values.runs, 1),
    warmup: wholeNumberOption("warmup", values.warmup, 0),
    ilikeBudget: wholeNumberOption("ilike-budget", values["ilike-budget"], 0),
    ilikeMinRuns: wholeNumberOption("ilike-min-runs", values["ilike-min-runs"], 1),
    ilike: !values["no-ilike"],
    database: values.database,
    loadOnly: values["load-only"],
    embedded: values.embedded,
    keep: values.keep,
    // Without the baseline there is no ratio to keep.
    save: !values["no-save"] && !values["no-ilike"],
  };
}

// ---------------------------------------------------------------- databases

async function createDatabase(options: Options, suffix: string): Promise<BenchDatabase> {
  if (options.embedded) {
    const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
    const server = await startEmbeddedPostgres();
    return { url: server.url, label: "in-memory PGlite", drop: server.stop };
  }
  return createServerDatabase(suffix);
}

/** A corpus kept by an earlier `--keep` run, on the bench server; never dropped by this run. */
function existingDatabase(name: string): BenchDatabase {
  const url = new URL(benchServerUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), label: `database ${name} on ${url.host} (kept)`, drop: async () => {} };
}

// ---------------------------------------------------------------- loading

type LoadFigures = {
  /** Absent when the corpus was loaded by an earlier run (--database). */
  demoMs?: number;
  synthetic?: { papers: number; votes: number; insertMs: number; rowsPerSecond: number; vacuumMs: number; vocabularyMs: number };
  papers: number;
  votes: number;
  tableMB: number;
  searchIndexMB: number;
};

async function loadCorpus(url: string, synthetic: number, now: Date): Promise<LoadFigures> {
  const { migrate } = await import("@/lib/db/migrate");
  const { createPrismaClient } = await import("@/lib/db/client");
  const { loadDemoCorpus, readDemoDumps } = await import("@/lib/ingest/demo/load-demo");
  const { loadSyntheticCorpus } = await import("./synthetic-corpus");

  await migrate(url);
  const demoStart = performance.now();
  const db = createPrismaClient(url, { poolSize: 2 });
  try {
    await loadDemoCorpus(db, { now });
  } finally {
    await db.$disconnect();
  }
  const demoMs = performance.now() - demoStart;

  let figures: LoadFigures["synthetic"];
  if (synthetic > 0) {
    const dumps = await readDemoDumps();
    const demoKeys = await withClient(url, async (c) => (await c.query<{ title_key: string }>("SELECT title_key FROM papers")).rows.map((r) => r.title_key));
    const progress = progressReporter("synthetic papers");
    const result = await loadSyntheticCorpus(url, dumps.flat(), { count: synthetic, now, excludeTitleKeys: demoKeys, onProgress: progress, log });
    figures = { ...result, rowsPerSecond: result.papers / (result.insertMs / 1000) };
    log(
      `loaded ${result.papers.toLocaleString("en")} synthetic papers and ${result.votes.toLocaleString("en")} votes in ${(result.insertMs / 1000).toFixed(1)} s ` +
        `(${Math.round(figures.rowsPerSecond).toLocaleString("en")} papers/s); VACUUM ANALYZE ${(result.vacuumMs / 1000).toFixed(1)} s; vocabulary ${(result.vocabularyMs / 1000).toFixed(1)} s`,
    );
  } else {
    await withClient(url, async (c) => {
      await c.query("VACUUM (ANALYZE) papers");
      await c.query("VACUUM (ANALYZE) votes");
    });
  }

  return { demoMs, synthetic: figures, ...(await measureCorpus(url)) };
}

/** Size of the corpus in a (loaded) database. */
async function measureCorpus(url: string): Promise<Omit<LoadFigures, "demoMs" | "synthetic">> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ papers: number; votes: number; table_bytes: string; index_bytes: string }>(`
      SELECT (SELECT count(*)::int FROM papers) AS papers, (SELECT count(*)::int FROM votes) AS votes,
             pg_total_relation_size('papers') AS table_bytes, pg_relation_size('papers_search_idx') AS index_bytes`);
    const mb = (bytes: string) => Math.round(Number(bytes) / 1e5) / 10;
    return { papers: rows[0].papers, votes: rows[0].votes, tableMB: mb(rows[0].table_bytes), searchIndexMB: mb(rows[0].index_bytes) };
  });
}

/** Progress on stderr: rows, rows/s, ETA; one line per update when stderr is not a terminal. */
function progressReporter(what: string) {
  let lastLine = 0;
  return ({ rows, total, elapsedMs }: { rows: number; total: number; elapsedMs: number }) => {
    const rate = rows / (elapsedMs / 1000);
    const eta = (total - rows) / rate;
    const line = `${what}: ${rows.toLocaleString("en")}/${total.toLocaleString("en")} (${Math.round((100 * rows) / total)}%), ${Math.round(rate).toLocaleString("en")} rows/s, ETA ${eta.toFixed(0)} s`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r[bench] ${line}${rows === total ? "\n" : ""}`);
    } else if (rows === total || performance.now() - lastLine > 5_000) {
      lastLine = performance.now();
      log(line);
    }
  };
}

// ---------------------------------------------------------------- measuring

function runWorker(config: WorkerConfig): Promise<WorkerResult> {
  // react-server: `server-only` (imported by lib/db and lib/search) resolves to its
  // empty module, as in Next's server bundle. Kept if tsx already passed it.
  const conditions = process.execArgv.includes("--conditions=react-server") ? [] : ["--conditions=react-server"];
  const child = spawn(process.execPath, [...process.execArgv, ...conditions, WORKER], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, DATABASE_URL: config.url, BENCH_SEARCH_WORKER: JSON.stringify(config) },
  });
  return new Promise((resolve, reject) => {
    let result: WorkerResult | undefined;
    child.on("message", (message) => (result = message as WorkerResult));
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      result ? resolve(result) : reject(new Error(`the search worker for ${config.label} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

type Stats = { p50: number; p95: number; p99: number; mean: number; n: number };

/** Nearest-rank percentiles. */
const NO_SAMPLES: Stats = { p50: NaN, p95: NaN, p99: NaN, mean: NaN, n: 0 };

/** Nearest-rank percentiles (NaN without samples: --no-ilike). */
export function stats(samples: number[]): Stats {
  if (samples.length === 0) return NO_SAMPLES;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  return { p50: at(50), p95: at(95), p99: at(99), mean, n: sorted.length };
}

/**
 * Percentiles over the whole mix with every query kind weighing the same, however
 * many runs it has (ILIKE stops early on slow kinds).
 */
export function mixStats(groups: number[][]): Stats {
  const weighted = groups.filter((g) => g.length > 0).flatMap((g) => g.map((x) => ({ x, w: 1 / g.length })));
  if (weighted.length === 0) return NO_SAMPLES;
  weighted.sort((a, b) => a.x - b.x);
  const totalWeight = weighted.reduce((sum, s) => sum + s.w, 0);
  const at = (p: number) => {
    let cumulative = 0;
    for (const s of weighted) {
      cumulative += s.w;
      if (cumulative >= (p / 100) * totalWeight - 1e-9) return s.x;
    }
    return weighted.at(-1)!.x;
  };
  const mean = weighted.reduce((sum, s) => sum + s.x * s.w, 0) / totalWeight;
  return { p50: at(50), p95: at(95), p99: at(99), mean, n: weighted.length };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const roundStats = (s: Stats): Stats => ({ p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), mean: round(s.mean), n: s.n });

type CorpusReport = {
  label: string;
  papers: number;
  votes: number;
  load: LoadFigures;
  kinds: {
    kind: string;
    q: string;
    sort: string;
    from?: string;
    to?: string;
    searchPapers: Stats & { total: number; servedQuery: string; statements: { ms: number; rows: number; label: string }[] };
    ilike: Stats & { total: number };
    ratio: { p50: number; p95: number };
  }[];
  overall: { searchPapers: Stats; ilike: Stats; ratio: { p50: number; p95: number } };
};

function report(label: string, load: LoadFigures, result: WorkerResult): CorpusReport {
  const ratio = (a: Stats, b: Stats) => ({ p50: Math.round((a.p50 / b.p50) * 10) / 10, p95: Math.round((a.p95 / b.p95) * 10) / 10 });
  const kinds = result.kinds.map((k: KindResult) => {
    const search = stats(k.search.samples);
    const ilike = stats(k.ilike.samples);
    return {
      kind: k.kind,
      q: k.q,
      sort: k.sort,
      from: k.from,
      to: k.to,
      searchPapers: {
        ...roundStats(search),
        total: k.search.total,
        servedQuery: k.search.servedQuery,
        statements: k.search.statements.map((st) => ({ ...st, ms: round(st.ms) })),
      },
      ilike: { ...roundStats(ilike), total: k.ilike.total },
      ratio: ratio(ilike, search),
    };
  });
  const search = mixStats(result.kinds.map((k) => k.search.samples));
  const ilike = mixStats(result.kinds.map((k) => k.ilike.samples));
  return {
    label,
    papers: load.papers,
    votes: load.votes,
    load,
    kinds,
    overall: { searchPapers: roundStats(search), ilike: roundStats(ilike), ratio: ratio(ilike, search) },
  };
}

function formatMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function table(corpus: CorpusReport, runs: number): string {
  const header = ["kind", "query", "sP p50", "sP p95", "sP p99", "ILIKE p50", "ILIKE p95", "ILIKE p99", "×p50", "×p95", "runs sP/IL", "sP total", "ILIKE total"];
  const describe = (k: CorpusReport["kinds"][number]) =>
    [k.q, k.sort !== "relevance" ? `sort ${k.sort}` : "", k.from ? `${k.from}..${k.to}` : ""].filter(Boolean).join(", ");
  const rows = corpus.kinds.map((k) => [
    k.kind,
    describe(k),
    formatMs(k.searchPapers.p50),
    formatMs(k.searchPapers.p95),
    formatMs(k.searchPapers.p99),
    formatMs(k.ilike.p50),
    formatMs(k.ilike.p95),
    formatMs(k.ilike.p99),
    `${k.ratio.p50}`,
    `${k.ratio.p95}`,
    `${k.searchPapers.n}/${k.ilike.n}`,
    `${k.searchPapers.total}${k.searchPapers.servedQuery !== k.q ? ` (as "${k.searchPapers.servedQuery}")` : ""}`,
    `${k.ilike.total}`,
  ]);
  const o = corpus.overall;
  rows.push(["overall mix", `${corpus.kinds.length} kinds × ${runs} runs`, formatMs(o.searchPapers.p50), formatMs(o.searchPapers.p95), formatMs(o.searchPapers.p99), formatMs(o.ilike.p50), formatMs(o.ilike.p95), formatMs(o.ilike.p99), `${o.ratio.p50}`, `${o.ratio.p95}`, `${o.searchPapers.n}/${o.ilike.n}`, "", ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = (i: number) => i >= 2 && i <= 10;
  const line = (cells: string[]) => cells.map((c, i) => (numeric(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(0, -1).map(line), widths.map((w) => "-".repeat(w)).join("  "), line(rows.at(-1)!)].join("\n");
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(usage);
    return;
  }
  const benchStart = performance.now();
  const now = new Date();
  const queries = queryMix(now);
  const corpora: { key: string; label: string; synthetic: number; existing?: string }[] = options.database
    ? [{ key: "kept", label: `kept corpus ${options.database}`, synthetic: 0, existing: options.database }]
    : [{ key: "demo", label: "demo corpus", synthetic: 0 }];
  if (options.papers > 0 && !options.database) corpora.push({ key: `${Math.round(options.papers / 1000)}k`, label: `demo + ${options.papers.toLocaleString("en")} synthetic`, synthetic: options.papers });

  const { open, dropAll, release } = trackDatabases<BenchDatabase>(options.keep, log);

  const reports: CorpusReport[] = [];
  let explain: WorkerResult["explain"];
  let serverInfo = { version: "", settings: {} as Record<string, string> };
  const loadavgStart = os.loadavg();
  try {
    for (const [index, corpus] of corpora.entries()) {
      const database = corpus.existing ? existingDatabase(corpus.existing) : await createDatabase(options, corpus.key);
      if (!corpus.existing) open.push(database);
      log(`${corpus.label}: ${database.label}`);
      const loadStart = performance.now();
      const load = corpus.existing ? await measureCorpus(database.url) : await loadCorpus(database.url, corpus.synthetic, now);
      log(`${corpus.label}: ${load.papers.toLocaleString("en")} papers, ${load.votes.toLocaleString("en")} votes, table ${load.tableMB} MB, search index ${load.searchIndexMB} MB, ready in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
      serverInfo = await withClient(database.url, async (c) => {
        const version = (await c.query<{ version: string }>("SELECT version()")).rows[0].version;
        const names = ["jit", "shared_buffers", "work_mem", "max_parallel_workers_per_gather", "random_page_cost"];
        const settings: Record<string, string> = {};
        for (const name of names) {
          settings[name] = (await c.query<{ v: string | null }>("SELECT current_setting($1, true) AS v", [name])).rows[0].v ?? "n/a";
        }
        // The server's default; the app's own connections turn JIT off (lib/db/client.ts).
        settings.jit = `${settings.jit} (app sessions: off)`;
        return { version, settings };
      });
      if (options.loadOnly) {
        if (options.keep) open.splice(open.indexOf(database), 1);
        continue;
      }
      const result = await runWorker({
        label: corpus.label,
        url: database.url,
        now: now.toISOString(),
        runs: options.runs,
        warmup: options.warmup,
        ilikeBudgetSeconds: options.ilikeBudget,
        ilikeMinRuns: options.ilikeMinRuns,
        ilike: options.ilike,
        limit: LIMIT,
        queries,
        explain: index === corpora.length - 1,
      });
      reports.push(report(corpus.label, load, result));
      explain = result.explain ?? explain;
      if (options.keep || corpus.existing) {
        if (corpus.existing) continue;
        log(`kept ${database.label}`);
        open.splice(open.indexOf(database), 1);
      } else {
        await dropAll();
      }
    }
  } finally {
    if (!options.keep) await dropAll();
    release();
  }

  if (options.loadOnly) return;

  // ---- print
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const out: string[] = [];
  out.push("");
  out.push(`Search latency, ms — searchPapers() (sP, lib/search) vs plain ILIKE scan (page of ${LIMIT} + count), same data, same run`);
  out.push(`${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}`);
  out.push(`${serverInfo.version}${options.embedded ? " (embedded PGlite)" : ""}; ${Object.entries(serverInfo.settings).map(([k, v]) => `${k}=${v}`).join(", ")}`);
  out.push(`Up to ${options.runs} timed runs per kind (ILIKE stops after ${options.ilikeBudget} s per kind, keeping ≥ 10) after ${options.warmup} warm-up runs; nearest-rank percentiles (with 30 runs p99 is the maximum)`);
  out.push(`"overall mix" weighs every kind the same. ×p50/×p95 = ILIKE ÷ searchPapers (above 1: searchPapers is faster); totals are result counts (sP: full-text matches after stemming, ILIKE: substring matches)`);
  for (const corpus of reports) {
    out.push("");
    out.push(`== ${corpus.label}: ${corpus.papers.toLocaleString("en")} papers, ${corpus.votes.toLocaleString("en")} votes (table ${corpus.load.tableMB} MB, GIN ${corpus.load.searchIndexMB} MB)`);
    out.push(table(corpus, options.runs));
    out.push("SQL statements of one extra (untimed) searchPapers call per kind, ms each, as lib/search sent them:");
    for (const k of corpus.kinds) {
      out.push(`  ${k.kind.padEnd(12)} ${k.searchPapers.statements.map((st) => `${st.label} ${formatMs(st.ms)}`).join(" + ")}`);
    }
  }
  const large = reports.at(-1);
  if (large?.load.synthetic) {
    const s = large.load.synthetic;
    out.push("");
    out.push(
      `Load: ${s.papers.toLocaleString("en")} synthetic papers + ${s.votes.toLocaleString("en")} votes inserted in ${(s.insertMs / 1000).toFixed(1)} s ` +
        `(${Math.round(s.rowsPerSecond).toLocaleString("en")} papers/s, generation included), VACUUM ANALYZE ${(s.vacuumMs / 1000).toFixed(1)} s, vocabulary ${(s.vocabularyMs / 1000).toFixed(1)} s`,
    );
  }
  if (explain && large) {
    out.push("");
    out.push(`== EXPLAIN (ANALYZE, BUFFERS), ${large.label}, slowest kind by searchPapers p50: "${explain.kind}" (${explain.q})`);
    out.push(`The statement below is the one lib/search sent (captured from pg.Pool#query in the worker), with its parameters; it took ${formatMs(explain.statementMs)} ms in the profiled call.`);
    out.push(`Parameters: ${JSON.stringify(explain.values)}`);
    out.push(explain.sql.replace(/^\s*\n/, "").replace(/\n\s*$/, ""));
    out.push("");
    out.push(explain.plan);
    out.push("");
    out.push(`-- for comparison, the ILIKE page query: ${explain.ilikeSql}`);
    out.push(explain.ilikePlan);
  }
  const totalSeconds = (performance.now() - benchStart) / 1000;
  out.push("");
  out.push(`Total bench time ${totalSeconds.toFixed(0)} s.`);
  console.log(out.join("\n"));

  if (options.save) {
    const row = {
      date: now.toISOString(),
      machine: describeMachine(loadavgStart),
      code: codeVersion(["lib", "prisma"]),
      postgres: { version: serverInfo.version, embedded: options.embedded, settings: serverInfo.settings },
      options: { papers: options.papers, database: options.database, runs: options.runs, warmup: options.warmup, ilikeBudgetSeconds: options.ilikeBudget, ilikeMinRuns: options.ilikeMinRuns, limit: LIMIT },
      corpusSizes: reports.map((r) => r.papers),
      corpora: reports,
      explain: explain && { corpus: large?.label, kind: explain.kind, q: explain.q, plan: explain.plan },
      totalSeconds: Math.round(totalSeconds),
    };
    log(`appended the figures to ${await appendResult("search", row)}`);
  }
}
