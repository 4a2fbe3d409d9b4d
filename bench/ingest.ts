// `npm run bench -- ingest`: the arXiv snapshot import (lib/ingest's ingestLinesFile
// with parseSnapshotLine, as `npm run ingest -- arxiv-snapshot` runs it) against the
// floor, `psql \copy` of the same rows, in the same run, on a synthetic snapshot
// (bench/snapshot-corpus.ts). Each side gets a fresh migrated database, dropped at the
// end. Prints tables, appends a row to bench/results/ingest.json.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_BATCH_SIZE } from "@/lib/ingest/sources/lines-file";
import { createFreshDatabase, type FreshDatabase } from "@/tests/setup/fresh-database";
import { copyBaseline, writeBaselineCsv, type BaselineCsv, type BaselineTimes } from "./ingest-baseline";
import { runAppImport, type AppImport } from "./ingest-app";
import { BENCH_DIR, ensureSnapshotCorpus, SNAPSHOT_FORMAT, SNAPSHOT_SEED } from "./snapshot-corpus";
import { rebuildVocabulary } from "./vocabulary-rebuild";
import { appendResult, codeVersion, describeMachine, trackDatabases, wholeNumberOption, withClient } from "./common";

export const usage = `npm run bench -- ingest [options]

Imports a synthetic arXiv metadata snapshot (Kaggle's format, written once and kept
in ${BENCH_DIR}) through the app's snapshot import, ingestLinesFile with
parseSnapshotLine, and loads the same rows (parsed by the same parser) with
psql \\copy: papers only (the baseline), then authors and paper_authors too, then
the search vocabulary built once (rebuildSearchVocabulary's statements), for a
like-for-like total.
Each side gets a fresh migrated database, dropped afterwards.

Options:
  --papers N[,N…]   snapshot sizes, one run each (default 100000)
  --batch-size N    records per transaction in the app import (default ${DEFAULT_BATCH_SIZE}, as the app's)
  --bulk            the app's first import into an empty database (npm run ingest -- … --bulk):
                    one transaction, indexes built at the end; default: the incremental import
  --seed S          corpus seed (default ${SNAPSHOT_SEED})
  --keep            keep the bench databases (their names are printed)
  --no-save         do not append the figures to bench/results/ingest.json
  -h, --help        this text

Environment:
  BENCH_DATABASE_URL (else TEST_DATABASE_URL)  server to create the databases on
                     (default postgresql://postgres@127.0.0.1:5432/postgres)
  PSQL               the psql binary (default: psql on the PATH)`;

const MB = 2 ** 20;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

type Options = { papers: number[]; batchSize: number; bulk: boolean; seed: number; keep: boolean; save: boolean };

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      papers: { type: "string", default: "100000" },
      "batch-size": { type: "string", default: String(DEFAULT_BATCH_SIZE) },
      bulk: { type: "boolean", default: false },
      seed: { type: "string", default: String(SNAPSHOT_SEED) },
      keep: { type: "boolean", default: false },
      "no-save": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  return {
    papers: values.papers.split(",").map((raw) => wholeNumberOption("papers", raw, 1)),
    batchSize: wholeNumberOption("batch-size", values["batch-size"], 1),
    bulk: values.bulk,
    seed: wholeNumberOption("seed", values.seed, 0),
    keep: values.keep,
    save: !values["no-save"],
  };
}

// ---------------------------------------------------------------- database helpers

const serverUrl = () => process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

const SETTINGS = ["autovacuum", "jit", "shared_buffers", "synchronous_commit", "fsync", "full_page_writes", "wal_compression", "max_wal_size", "checkpoint_timeout", "maintenance_work_mem", "work_mem", "gin_pending_list_limit"];

async function serverInfo(url: string): Promise<{ version: string; settings: Record<string, string> }> {
  return withClient(url, async (c) => {
    const version = (await c.query<{ version: string }>("SELECT version()")).rows[0].version;
    const settings: Record<string, string> = {};
    for (const name of SETTINGS) settings[name] = (await c.query<{ v: string | null }>("SELECT current_setting($1, true) AS v", [name])).rows[0].v ?? "n/a";
    return { version, settings };
  });
}

/**
 * Flushes dirty buffers before a timed phase, so it does not pay for the previous
 * phase's writes. Needs superuser (or pg_checkpoint); skipped, with a note, otherwise.
 */
async function checkpoint(url: string): Promise<boolean> {
  return withClient(url, (c) => c.query("CHECKPOINT")).then(
    () => true,
    (error: unknown) => (log(`CHECKPOINT refused (${error instanceof Error ? error.message : String(error)}); timing without it`), false),
  );
}

/** The server's WAL position in bytes: the difference over a phase is the WAL it wrote (server-wide). */
async function walBytes(url: string): Promise<number> {
  return withClient(url, async (c) => Number((await c.query<{ lsn: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS lsn")).rows[0].lsn));
}

/** What a phase left in its database, and hashes that differ when any column of any row differs. */
type Fingerprint = {
  papers: number;
  papersHash: string;
  authors: number;
  authorships: number;
  authorshipsHash: string;
  /** search_words and search_lexemes: rows and a hash of (word, ndoc). */
  vocabulary: { words: number; lexemes: number; hash: string };
  papersMB: number;
};

async function fingerprint(url: string): Promise<Fingerprint> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ papers: number; papers_hash: string | null; papers_bytes: string }>(`
      SELECT count(*)::int AS papers, pg_total_relation_size('papers')::text AS papers_bytes,
             sum(hashtextextended(row(id, arxiv_id, arxiv_version, title, title_key, abstract, published_at, source,
                                      links, categories, comment, source_updated_at)::text, 0))::text AS papers_hash
      FROM papers`);
    const authorship = await c.query<{ authors: number; authorships: number; hash: string | null }>(`
      SELECT (SELECT count(*)::int FROM authors) AS authors, count(*)::int AS authorships,
             sum(hashtextextended(row(pa.paper_id, pa.position, a.name)::text, 0))::text AS hash
      FROM paper_authors pa JOIN authors a ON a.id = pa.author_id`);
    const vocabulary = await c.query<{ words: number; lexemes: number; hash: string | null }>(`
      SELECT (SELECT count(*)::int FROM search_words) AS words, (SELECT count(*)::int FROM search_lexemes) AS lexemes,
             ((SELECT coalesce(sum(hashtextextended(word || ':' || ndoc, 0)), 0) FROM search_words) +
              (SELECT coalesce(sum(hashtextextended(lexeme || ':' || ndoc, 1)), 0) FROM search_lexemes))::text AS hash`);
    return {
      papers: rows[0].papers,
      papersHash: rows[0].papers_hash ?? "0",
      papersMB: Math.round(Number(rows[0].papers_bytes) / MB),
      authors: authorship.rows[0].authors,
      authorships: authorship.rows[0].authorships,
      authorshipsHash: authorship.rows[0].hash ?? "0",
      vocabulary: { words: vocabulary.rows[0].words, lexemes: vocabulary.rows[0].lexemes, hash: vocabulary.rows[0].hash ?? "0" },
    };
  });
}

/**
 * The search vocabulary as a bulk load would make it (once, from every paper), then the
 * GIN index and the statistics settled as the app's run does at its end (settleSearchIndex).
 */
async function buildVocabulary(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const started = performance.now();
    await rebuildVocabulary(c);
    await c.query("SELECT gin_clean_pending_list('papers_search_idx'::regclass)");
    await c.query("ANALYZE papers");
    return performance.now() - started;
  });
}

// ---------------------------------------------------------------- one size

type SizeReport = {
  papers: number;
  corpus: { file: string; bytes: number; seed: number; format: number; generatedMs: number | null };
  csv: Omit<BaselineCsv, "dir">;
  baseline: BaselineTimes & { walMB: number; vocabularyMs: number; checkpointed: boolean; result: Fingerprint };
  app: AppImport & { mode: ImportMode; batchSize: number; walMB: number; checkpointed: boolean; result: Fingerprint };
  rowsPerSecond: { baselinePapers: number; baselineAll: number; app: number };
  ratios: { appOverCopyPapers: number; appOverCopyAll: number; appOverCopyAllAndVocabulary: number };
  verified: { ok: boolean; problems: string[] };
};

/** Which of the app's two snapshot imports ran; saved with each run. */
type ImportMode = "incremental" | "bulk";
const importMode = (options: Options): ImportMode => (options.bulk ? "bulk" : "incremental");

async function runSize(options: Options, papers: number, open: FreshDatabase[]): Promise<SizeReport> {
  log(`== ${papers.toLocaleString("en")} papers`);
  const corpus = await ensureSnapshotCorpus(papers, options.seed, log);
  const csvDir = await mkdtemp(path.join(BENCH_DIR, "csv-"));
  const keepOrDrop = async (database: FreshDatabase) => {
    open.splice(open.indexOf(database), 1);
    if (options.keep) log(`kept ${database.label}`);
    else await database.drop();
  };
  try {
    // ---- a. the floor: CSV (untimed), then \copy (timed)
    const csv = await writeBaselineCsv(corpus.file, csvDir);
    log(`CSV: ${csv.records.toLocaleString("en")} records, ${csv.uniqueIds.toLocaleString("en")} distinct ids, ${csv.authors.toLocaleString("en")} authors, ${csv.authorships.toLocaleString("en")} authorships, ${(csv.bytes / 1e6).toFixed(0)} MB in ${(csv.ms / 1000).toFixed(1)} s (not timed)`);
    const baselineDb = await createFreshDatabase("paperboy_bench_ingest_copy", serverUrl());
    open.push(baselineDb);
    log(`baseline: ${baselineDb.label}`);
    const baselineCheckpointed = await checkpoint(baselineDb.url);
    const baselineWal = await walBytes(baselineDb.url);
    log("psql \\copy papers, then authors, then paper_authors …");
    const times = await copyBaseline(baselineDb.url, csv);
    const baselineWalMB = Math.round(((await walBytes(baselineDb.url)) - baselineWal) / MB);
    const vocabularyMs = await buildVocabulary(baselineDb.url);
    log(`\\copy papers ${(times.papersMs / 1000).toFixed(1)} s, authors ${(times.authorsMs / 1000).toFixed(1)} s, paper_authors ${(times.paperAuthorsMs / 1000).toFixed(1)} s; then the vocabulary built once ${(vocabularyMs / 1000).toFixed(1)} s`);
    const baselineResult = await fingerprint(baselineDb.url);

    // ---- b. the app path
    const appDb = await createFreshDatabase("paperboy_bench_ingest_app", serverUrl());
    open.push(appDb);
    log(`app: ${appDb.label}`);
    const appCheckpointed = await checkpoint(appDb.url);
    const appWal = await walBytes(appDb.url);
    const app = await runAppImport({ url: appDb.url, file: corpus.file, fileBytes: corpus.bytes, batchSize: options.batchSize, bulk: options.bulk });
    const appWalMB = Math.round(((await walBytes(appDb.url)) - appWal) / MB);
    log(`app (${importMode(options)}): ${app.status}${app.error ? ` (${app.error})` : ""} in ${(app.ms / 1000).toFixed(1)} s (vocabulary ${(app.vocabularyMs / 1000).toFixed(1)} s, after the last batch ${(app.finalMs / 1000).toFixed(1)} s), peak RSS ${app.peakRssMB} MB`);
    const appResult = await fingerprint(appDb.url);

    // ---- c. the same rows on both sides, every record written
    const problems: string[] = [];
    const expect = (what: string, actual: number | string, expected: number | string) => {
      if (actual !== expected) problems.push(`${what}: ${actual}, expected ${expected}`);
    };
    expect("app run status", app.status, "succeeded");
    expect("records skipped by the parser", app.totals.skipped + csv.skipped, 0);
    expect("records the database refused", app.totals.failed, 0);
    expect("papers in the app's database vs distinct ids in the file", appResult.papers, csv.uniqueIds);
    expect("papers in the baseline's database vs distinct ids in the file", baselineResult.papers, csv.uniqueIds);
    expect("papers the app reported inserted", app.totals.inserted, csv.uniqueIds);
    expect("papers' columns (hash), app vs baseline", appResult.papersHash, baselineResult.papersHash);
    expect("authors, app vs baseline", appResult.authors, baselineResult.authors);
    expect("paper_authors rows, app vs baseline", appResult.authorships, baselineResult.authorships);
    expect("paper_authors names and positions (hash), app vs baseline", appResult.authorshipsHash, baselineResult.authorshipsHash);
    expect("search_words rows, app (kept per batch) vs baseline (rebuilt)", appResult.vocabulary.words, baselineResult.vocabulary.words);
    expect("search_lexemes rows, app vs baseline", appResult.vocabulary.lexemes, baselineResult.vocabulary.lexemes);
    expect("search vocabulary (hash of words, lexemes and counts), app vs baseline", appResult.vocabulary.hash, baselineResult.vocabulary.hash);

    for (const database of [baselineDb, appDb]) await keepOrDrop(database);

    const allMs = times.papersMs + times.authorsMs + times.paperAuthorsMs;
    const perSecond = (ms: number) => csv.uniqueIds / (ms / 1000);
    return {
      papers,
      corpus: { file: corpus.file, bytes: corpus.bytes, seed: options.seed, format: SNAPSHOT_FORMAT, generatedMs: corpus.generatedMs },
      csv: { lines: csv.lines, records: csv.records, uniqueIds: csv.uniqueIds, duplicateIds: csv.duplicateIds, skipped: csv.skipped, authors: csv.authors, authorships: csv.authorships, bytes: csv.bytes, ms: csv.ms },
      baseline: { ...times, walMB: baselineWalMB, vocabularyMs, checkpointed: baselineCheckpointed, result: baselineResult },
      app: { ...app, mode: importMode(options), batchSize: options.batchSize, walMB: appWalMB, checkpointed: appCheckpointed, result: appResult },
      rowsPerSecond: { baselinePapers: perSecond(times.papersMs), baselineAll: perSecond(allMs), app: perSecond(app.ms) },
      ratios: { appOverCopyPapers: app.ms / times.papersMs, appOverCopyAll: app.ms / allMs, appOverCopyAllAndVocabulary: app.ms / (allMs + vocabularyMs) },
      verified: { ok: problems.length === 0, problems },
    };
  } finally {
    await rm(csvDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- output

function table(header: string[], rows: string[][], numericFrom = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= numericFrom ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const int = (n: number) => Math.round(n).toLocaleString("en");
const sec = (ms: number) => (ms / 1000).toFixed(ms >= 100_000 ? 0 : 1);
const ratio = (x: number) => `×${x.toFixed(1)}`;

function summaryTable(reports: SizeReport[]): string {
  const header = ["papers", "baseline s", "rows/s", "app s", "rows/s", "app ÷ baseline", "app vocabulary s", "app final s", "peak RSS MB", "verified"];
  return table(
    header,
    reports.map((r) => [
      int(r.papers), sec(r.baseline.papersMs), int(r.rowsPerSecond.baselinePapers), sec(r.app.ms), int(r.rowsPerSecond.app),
      ratio(r.ratios.appOverCopyPapers), sec(r.app.vocabularyMs), sec(r.app.finalMs), int(r.app.peakRssMB), r.verified.ok ? "yes" : "NO",
    ]),
  );
}

function likeForLikeTable(reports: SizeReport[]): string {
  const header = ["papers", "\\copy papers s", "+ authors s", "+ paper_authors s", "= all s", "rows/s", "+ vocabulary s", "app s", "app ÷ all", "app ÷ all+vocabulary"];
  return table(
    header,
    reports.map((r) => {
      const all = r.baseline.papersMs + r.baseline.authorsMs + r.baseline.paperAuthorsMs;
      return [
        int(r.papers), sec(r.baseline.papersMs), sec(r.baseline.authorsMs), sec(r.baseline.paperAuthorsMs), sec(all), int(r.rowsPerSecond.baselineAll),
        sec(r.baseline.vocabularyMs), sec(r.app.ms), ratio(r.ratios.appOverCopyAll), ratio(r.ratios.appOverCopyAllAndVocabulary),
      ];
    }),
  );
}

/** The app's wall time split into parsing, each kind of statement, and the rest; they add up (one batch at a time). */
function breakdownTable(r: SizeReport): string {
  const batches = Math.ceil(r.csv.lines / r.app.batchSize);
  const accounted = r.app.parseMs + r.app.statements.reduce((sum, s) => sum + s.ms, 0);
  type Row = { what: string; count: number; ms: number; growth?: [number, number] };
  const rows: Row[] = [
    { what: "parse: parseSnapshotLine (JSON, zod, TeX, links)", count: r.csv.lines, ms: r.app.parseMs },
    ...r.app.statements.map((s) => ({ what: `SQL ${s.label}`, count: s.count, ms: s.ms, growth: [s.firstTenthMs, s.lastTenthMs] as [number, number] })),
    { what: "rest: reading lines, Prisma's query building, JS between", count: 0, ms: Math.max(0, r.app.ms - accounted) },
  ].sort((a, b) => b.ms - a.ms);
  const ms = (n: number) => n.toFixed(n >= 100 ? 0 : 1);
  return table(
    ["where the app's time went", "calls", "s", "%", `ms / batch (${int(batches)})`, "median ms/call, first → last 10%"],
    rows.map((row) => [
      row.what, row.count ? int(row.count) : "", sec(row.ms), `${((100 * row.ms) / r.app.ms).toFixed(1)}`, (row.ms / batches).toFixed(1),
      row.growth && row.count >= 10 ? `${ms(row.growth[0])} → ${ms(row.growth[1])}` : "",
    ]),
  );
}

// ---------------------------------------------------------------- main

export async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(usage);
    return;
  }
  const benchStart = performance.now();
  const date = new Date();
  const loadavgStart = os.loadavg();
  await mkdir(BENCH_DIR, { recursive: true });

  const { open, dropAll, release } = trackDatabases<FreshDatabase>(options.keep, log);

  const server = await serverInfo(serverUrl());
  const code = codeVersion(["lib", "prisma"]);
  const reports: SizeReport[] = [];
  try {
    for (const papers of options.papers) reports.push(await runSize(options, papers, open));
  } finally {
    if (!options.keep) await dropAll();
    release();
  }

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const out: string[] = [""];
  out.push("arXiv snapshot import: ingestLinesFile (the app) vs psql \\copy of the same rows (baseline), same run, fresh databases");
  out.push(`${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, node ${process.version}; ${server.version.split(" on ")[0]}; ${Object.entries(server.settings).map(([k, v]) => `${k}=${v}`).join(", ")}`);
  out.push(`Code ${code.commit}${code.uncommitted.length ? ` + uncommitted ${code.uncommitted.join(", ")}` : ""}; corpus seed ${options.seed}; app: the ${importMode(options)} import, batch size ${options.batchSize}`);
  out.push("");
  out.push("NOTE: the baseline loads the papers table only; the app path also writes authors and paper_authors, keeps the");
  out.push("search vocabulary current (\"app vocabulary\", summed over its batches), its run bookkeeping (ingest_runs, resume");
  out.push("checkpoints) and settles the search index at the end (\"app final\"); all included in \"app s\". Both papers tables");
  out.push("carry every index of the real schema (tsvector + GIN, trigram, btrees).");
  out.push(summaryTable(reports));
  out.push("");
  out.push("Like for like: \\copy of papers, authors and paper_authors, then the vocabulary built once from every paper and the");
  out.push("index settled (the statements of lib/search's rebuildSearchVocabulary):");
  out.push(likeForLikeTable(reports));
  for (const r of reports) {
    out.push("");
    out.push(`== ${int(r.papers)} papers: file ${(r.corpus.bytes / 1e6).toFixed(0)} MB; ${int(r.app.result.authors)} authors, ${int(r.app.result.authorships)} paper_authors; papers table + indexes ${int(r.app.result.papersMB)} MB (app), ${int(r.baseline.result.papersMB)} MB (baseline); WAL ${int(r.app.walMB)} MB (app), ${int(r.baseline.walMB)} MB (baseline \\copy), server-wide`);
    out.push(`   app: batches ${sec(r.app.writesMs)} s (vocabulary upkeep ${sec(r.app.vocabularyMs)} s of it) + after the last batch ${sec(r.app.finalMs)} s; RSS ${r.app.startRssMB} MB at the start (after a full GC), peak ${r.app.peakRssMB} MB`);
    out.push(`   vocabulary: ${int(r.app.result.vocabulary.words)} words, ${int(r.app.result.vocabulary.lexemes)} lexemes`);
    out.push(breakdownTable(r));
    if (!r.verified.ok) out.push(`VERIFICATION FAILED:\n  ${r.verified.problems.join("\n  ")}`);
  }
  const totalSeconds = (performance.now() - benchStart) / 1000;
  out.push("");
  out.push(`Total bench time ${totalSeconds.toFixed(0)} s.`);
  console.log(out.join("\n"));

  const failed = reports.filter((r) => !r.verified.ok);
  if (failed.length > 0) {
    throw new Error(`verification failed for ${failed.map((r) => int(r.papers)).join(", ")} papers: ${failed.flatMap((r) => r.verified.problems).join("; ")} (figures not saved)`);
  }
  if (options.save) {
    const row = {
      date: date.toISOString(),
      machine: describeMachine(loadavgStart),
      postgres: server,
      code,
      options: { papers: options.papers, batchSize: options.batchSize, bulk: options.bulk, seed: options.seed },
      runs: reports,
      totalSeconds: Math.round(totalSeconds),
    };
    log(`appended the figures to ${await appendResult("ingest", row)}`);
  }
}
