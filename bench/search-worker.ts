// The measuring half of `npm run bench -- search`, run by bench/search.ts in a
// child process per corpus: lib/db reads DATABASE_URL once (lib/env) and keeps its
// client on globalThis, so each database gets a fresh process.
//
// It calls the real lib/search code: the parent starts it with
// `--conditions=react-server`, under which the `server-only` package resolves to
// its empty module, as it does inside Next's server bundle.
//
// Input: the JSON in BENCH_SEARCH_WORKER. Output: one IPC message (WorkerResult).
import pg from "pg";
import type { SearchSort } from "@/lib/search/schema";

export type BenchQuery = {
  kind: string;
  q: string;
  sort: SearchSort;
  from?: string;
  to?: string;
  /** The toy search: every `all` string must occur (title or abstract, ILIKE), no `none` string may. */
  ilike: { all: string[]; none: string[] };
};

export type WorkerConfig = {
  label: string;
  url: string;
  now: string;
  runs: number;
  warmup: number;
  /** Seconds of timed ILIKE runs per kind after which ILIKE stops (at least MIN_ILIKE_RUNS are kept). */
  ilikeBudgetSeconds: number;
  ilikeMinRuns: number;
  /** False: searchPapers only (development runs). */
  ilike: boolean;
  limit: number;
  queries: BenchQuery[];
  /** Run EXPLAIN (ANALYZE, BUFFERS) for the slowest query kind. */
  explain: boolean;
};

/** One SQL statement searchPapers sent, as adapter-pg handed it to pg.Pool#query. */
export type CapturedStatement = { text: string; values: unknown[]; ms: number; rows: number };

export type KindResult = {
  kind: string;
  q: string;
  sort: SearchSort;
  from?: string;
  to?: string;
  search: {
    samples: number[];
    total: number;
    /** The query the hits are for: differs from `q` when searchPapers corrected it. */
    servedQuery: string;
    suggestion?: string;
    /** The statements of one (profiled, untimed) call, in order. */
    statements: { ms: number; rows: number; label: string }[];
  };
  ilike: { samples: number[]; total: number };
};

export type WorkerResult = {
  label: string;
  kinds: KindResult[];
  explain?: { kind: string; q: string; statementMs: number; sql: string; values: unknown[]; plan: string; ilikeSql: string; ilikePlan: string };
};

function readConfig(): WorkerConfig {
  const raw = process.env.BENCH_SEARCH_WORKER;
  if (!raw) throw new Error("bench/search-worker.ts is started by bench/search.ts (npm run bench -- search)");
  return JSON.parse(raw) as WorkerConfig;
}

const config = readConfig();
const log = (line: string) => process.stderr.write(`[bench] ${config.label}: ${line}\n`);

// Record what searchPapers sends, only while `capturing` (never during timed runs).
// adapter-pg queries through a pg.Pool; this wraps that one method.
let capturing: CapturedStatement[] | null = null;
const poolPrototype = pg.Pool.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = poolPrototype.query;
poolPrototype.query = function (this: unknown, ...args: unknown[]) {
  const sink = capturing;
  if (!sink || typeof args.at(-1) === "function" || typeof args[0] !== "object") return originalQuery.apply(this, args);
  const { text, values } = args[0] as { text: string; values?: unknown[] };
  const started = performance.now();
  return (originalQuery.apply(this, args) as Promise<pg.QueryResult>).then((result) => {
    sink.push({ text, values: values ?? [], ms: performance.now() - started, rows: result.rowCount ?? result.rows.length });
    return result;
  });
};

process.env.DATABASE_URL = config.url;
const { searchPapers } = await import("@/lib/search/search-papers");
const now = new Date(config.now);

const plain = new pg.Client({ connectionString: config.url });
await plain.connect();

function ilikeStatements(query: BenchQuery): { page: string; count: string; values: unknown[] } {
  const values: unknown[] = [];
  const contains = (text: string) => {
    values.push(text);
    const n = values.length;
    return `(title ILIKE '%' || $${n} || '%' OR abstract ILIKE '%' || $${n} || '%')`;
  };
  const conditions = [...query.ilike.all.map(contains), ...query.ilike.none.map((text) => `NOT ${contains(text)}`)];
  if (query.from) {
    values.push(query.from);
    conditions.push(`published_at >= $${values.length}::date`);
  }
  if (query.to) {
    values.push(query.to);
    conditions.push(`published_at < $${values.length}::date + 1`);
  }
  const where = conditions.join(" AND ");
  return {
    page: `SELECT id, title FROM papers WHERE ${where} ORDER BY published_at DESC LIMIT ${config.limit}`,
    count: `SELECT count(*)::int AS total FROM papers WHERE ${where}`,
    values,
  };
}

const runSearch = (query: BenchQuery) =>
  searchPapers({ q: query.q, sort: query.sort, from: query.from, to: query.to, limit: config.limit, offset: 0, now });

async function runIlike(query: BenchQuery): Promise<number> {
  const statements = ilikeStatements(query);
  await plain.query(statements.page, statements.values);
  const { rows } = await plain.query<{ total: number }>(statements.count, statements.values);
  return rows[0].total;
}

/** What a statement lib/search sent is for, told from its text (the names are ours). */
function statementLabel(sql: string): string {
  if (/search_words/.test(sql)) return "suggest";
  if (/candidates AS MATERIALIZED/.test(sql)) return "search";
  if (/querytree|numnode/.test(sql)) return "check";
  return sql.replace(/\s+/g, " ").trim().slice(0, 40);
}

async function time<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await action();
  return [performance.now() - started, value];
}

const kinds: KindResult[] = [];
const captured = new Map<string, CapturedStatement[]>();
for (const query of config.queries) {
  const started = performance.now();
  // One warm-up scan per corpus brings the table into the cache; on a large corpus each takes seconds.
  if (config.ilike && config.warmup > 0 && kinds.length === 0) await runIlike(query);
  for (let i = 0; i < config.warmup; i += 1) await runSearch(query);
  const searchSamples: number[] = [];
  const ilikeSamples: number[] = [];
  let ilikeTotal = 0;
  // searchPapers first, then the scan: not interleaved. Each ILIKE run reads the whole
  // table (14.5 GB at 3M papers, more than the page cache keeps beside the other
  // corpora), evicting the pages the next search reads: interleaved, the search right
  // after a scan took ~100 ms at 3M (bench/README.md, search).
  for (let i = 0; i < config.runs; i += 1) searchSamples.push((await time(() => runSearch(query)))[0]);
  // One more call, untimed, to record its statements and its answer (before the scans evict its pages).
  capturing = [];
  const result = await runSearch(query);
  const statements = capturing;
  capturing = null;
  captured.set(query.kind, statements);
  // The scan can take seconds per run on a large corpus: it stops past its time budget
  // once it has config.ilikeMinRuns runs.
  let ilikeSpent = 0;
  for (let i = 0; config.ilike && i < config.runs; i += 1) {
    if (ilikeSamples.length >= Math.min(config.runs, config.ilikeMinRuns) && ilikeSpent > config.ilikeBudgetSeconds * 1000) break;
    const [ms, total] = await time(() => runIlike(query));
    ilikeSamples.push(ms);
    ilikeSpent += ms;
    ilikeTotal = total;
  }

  kinds.push({
    kind: query.kind,
    q: query.q,
    sort: query.sort,
    from: query.from,
    to: query.to,
    search: {
      samples: searchSamples,
      total: result.total,
      servedQuery: result.query,
      suggestion: result.suggestion,
      statements: statements.map((s) => ({ ms: s.ms, rows: s.rows, label: statementLabel(s.text) })),
    },
    ilike: { samples: ilikeSamples, total: ilikeTotal },
  });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
  log(
    `${query.kind.padEnd(14)} searchPapers ~${median(searchSamples).toFixed(1)} ms (${result.total} results), ILIKE ~${median(ilikeSamples).toFixed(1)} ms (${ilikeTotal}) [${((performance.now() - started) / 1000).toFixed(1)} s]`,
  );
}

let explain: WorkerResult["explain"];
if (config.explain) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const slowest = kinds.reduce((a, b) => (median(b.search.samples) > median(a.search.samples) ? b : a));
  const statements = captured.get(slowest.kind) ?? [];
  const statement = statements.reduce((a, b) => (b.ms > a.ms ? b : a));
  log(`EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of "${slowest.kind}"`);
  // The very statement and parameters lib/search sent (captured above), not a copy, and
  // in a session like the app's: lib/db turns JIT off on its connections. With the
  // server's default this plan showed ~40 ms of JIT compilation the app never does.
  await plain.query("SET jit = off");
  const plan = await plain.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, values: statement.values, rowMode: "array" });
  await plain.query("RESET jit"); // The ILIKE baseline ran with the server's default.
  const query = config.queries.find((q) => q.kind === slowest.kind)!;
  const ilike = ilikeStatements(query);
  const ilikePlan = config.ilike
    ? await plain.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${ilike.page}`, values: ilike.values, rowMode: "array" })
    : { rows: [["(ILIKE not run: --no-ilike)"]] };
  explain = {
    kind: slowest.kind,
    q: slowest.q,
    statementMs: statement.ms,
    sql: statement.text,
    values: statement.values,
    plan: plan.rows.map((row: unknown[]) => String(row[0])).join("\n"),
    ilikeSql: ilike.page,
    ilikePlan: ilikePlan.rows.map((row: unknown[]) => String(row[0])).join("\n"),
  };
}

await plain.end();
const globalDb = (globalThis as { paperboyDb?: { $disconnect: () => Promise<void> } }).paperboyDb;
await globalDb?.$disconnect();
const message: WorkerResult = { label: config.label, kinds, explain };
process.send?.(message, () => process.exit(0));
