// The app path for bench/ingest.ts: the snapshot import exactly as
// `npm run ingest -- arxiv-snapshot <file> [--bulk]` runs it (ingestLinesFile with
// parseSnapshotLine, a Prisma client with a pool of 2), timed as a whole, with:
//   - every SQL statement timed where pg sends it (pg.Client#query), labelled from its
//     text, so the time splits into merge-batch.ts's statements, the vocabulary's and
//     the run's final ones (no lib/ code changes: the prototype is wrapped for the run);
//   - the parser's time (a wrapper around parseSnapshotLine);
//   - the process's RSS sampled every 250 ms.
import { runInNewContext } from "node:vm";
import v8 from "node:v8";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/client";
import { parseSnapshotLine } from "@/lib/ingest/arxiv-snapshot/parse-snapshot-line";
import type { IngestTotals } from "@/lib/ingest/run/totals";
import { ingestLinesFile } from "@/lib/ingest/sources/lines-file";
import { createProgressBar } from "@/scripts/progress-bar";

/** Calls and total time of one kind of statement; median ms per call over its first and last tenth of calls (growth with table size). */
export type StatementTiming = { label: string; count: number; ms: number; firstTenthMs: number; lastTenthMs: number };

export type AppImport = {
  ms: number;
  /** From the start to the last batch's progress report: reading, parsing and writing (a bulk import: staging). */
  writesMs: number;
  /** After the last batch: what the run does once at the end (settling the search index, closing the run; a bulk import's merge and index builds too). */
  finalMs: number;
  /** Statements that keep the search vocabulary current, summed over the batches. */
  vocabularyMs: number;
  parseMs: number;
  statements: StatementTiming[];
  startRssMB: number;
  peakRssMB: number;
  status: string;
  error: string | null;
  totals: Omit<IngestTotals, "issues"> & { firstIssues: string[] };
};

// merge-batch.ts's statements and runIngest's, by what they do; checked in order.
// Anything else is listed as "other: <its first words>".
const LABELS: [RegExp, string][] = [
  [/^(BEGIN|COMMIT|ROLLBACK)\b/i, "BEGIN / COMMIT"],
  [/pg_advisory_xact_lock/, "writer lock"],
  [/CREATE TEMP TABLE ingest_stage\b/, "stage: CREATE TEMP"],
  [/INSERT INTO ingest_stage\b/, "stage: INSERT … FROM unnest(params)"],
  [/^ANALYZE ingest_stage/i, "bulk: ANALYZE the stage"],
  [/^(DROP INDEX|ALTER TABLE \S+ DROP CONSTRAINT)/i, "bulk: drop indexes and foreign keys"],
  [/^ALTER TABLE \S+ ADD CONSTRAINT/i, "bulk: add foreign keys (validated)"],
  [/DELETE FROM ingest_stage s USING ingest_stage t WHERE coalesce/, "stage: keep one record per id"],
  [/UPDATE ingest_stage s SET paper_id = p\.id FROM papers/, "stage: match papers by arXiv id"],
  [/UPDATE ingest_stage s SET title_match = true/, "stage: match id-less papers by title"],
  [/UPDATE ingest_stage s SET paper_id = NULL/, "stage: settle title claims"],
  [/UPDATE ingest_stage SET paper_id = new_id/, "stage: new paper ids"],
  [/DELETE FROM ingest_stage s USING ingest_stage t WHERE s\.arxiv_id IS NULL/, "stage: merge id-less records"],
  [/CREATE TEMP TABLE ingest_merged/, "merged: CREATE TEMP (join papers)"],
  [/CREATE TEMP TABLE ingest_text_changes/, "vocabulary: CREATE TEMP text changes"],
  [/INSERT INTO papers/, "INSERT papers (tsvector; GIN, trigram, btrees unless bulk)"],
  [/CREATE TEMP TABLE recounted_words/, "vocabulary: count every paper's words (parallel)"],
  [/CREATE TEMP TABLE recounted_lexemes/, "vocabulary: count every paper's lexemes (parallel)"],
  [/INSERT INTO search_(words|lexemes) .* FROM recounted_/, "vocabulary: write the recounted words, lexemes"],
  [/^(TRUNCATE search_words|DROP TABLE recounted_)/, "vocabulary: start over, clean up"],
  [/INSERT INTO search_words/, "vocabulary: search_words += batch (ts_stat)"],
  [/INSERT INTO search_lexemes/, "vocabulary: search_lexemes += batch (ts_stat)"],
  [/DELETE FROM search_(words|lexemes)/, "vocabulary: drop words no paper uses"],
  [/CREATE TEMP TABLE ingest_authorship/, "authorship: CREATE TEMP (changed lists)"],
  [/INSERT INTO authors/, "INSERT authors ON CONFLICT DO NOTHING"],
  [/DELETE FROM paper_authors/, "DELETE old paper_authors"],
  [/INSERT INTO paper_authors/, "INSERT paper_authors (name join)"],
  [/SELECT paper_id FROM ingest_authorship/, "authorship: changed papers"],
  [/INSERT INTO paper_observations/, "INSERT paper_observations"],
  [/ingest_checkpoints/, "ingest_checkpoints (resume position)"],
  [/ingest_runs/, "ingest_runs (run status, counts)"],
  [/gin_clean_pending_list/, "final: gin_clean_pending_list"],
  [/^ANALYZE/i, "final: ANALYZE"],
  [/^REFRESH MATERIALIZED VIEW/i, "final: REFRESH MATERIALIZED VIEW"],
];

function statementLabel(text: string): string {
  const flat = text.replace(/\s+/g, " ").replaceAll('"', "").trim();
  // The bulk import builds each index once: one line each.
  const index = /^CREATE (?:UNIQUE )?INDEX (\S+)/i.exec(flat);
  if (index) return `bulk: build index ${index[1]}`;
  return LABELS.find(([pattern]) => pattern.test(flat))?.[1] ?? `other: ${flat.slice(0, 50)}`;
}

/** Times every statement any pg.Client sends until `stop()`; returns the totals by label. */
function timeStatements(): { stop: () => StatementTiming[] } {
  const samples = new Map<string, number[]>();
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : first && typeof first === "object" && "text" in first ? String((first as { text: unknown }).text) : "";
    if (!text) return original.apply(this, args);
    const started = performance.now();
    const record = () => {
      const label = statementLabel(text);
      const list = samples.get(label) ?? [];
      list.push(performance.now() - started);
      samples.set(label, list);
    };
    // pg.Pool#query passes a callback; adapter-pg's transactions use the promise form.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (...results: unknown[]) => {
        record();
        return (callback as (...a: unknown[]) => unknown)(...results);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (!(result instanceof Promise)) return result;
    return result.then(
      (value: unknown) => (record(), value),
      (error: unknown) => {
        record();
        throw error;
      },
    );
  };
  return {
    stop() {
      prototype.query = original;
      const sum = (list: number[]) => list.reduce((total, ms) => total + ms, 0);
      // Medians, so one checkpoint stall or the final (empty) batch does not pass for growth.
      const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
      return [...samples.entries()]
        .map(([label, list]) => {
          const tenth = Math.max(3, Math.floor(list.length / 10));
          return { label, count: list.length, ms: sum(list), firstTenthMs: median(list.slice(0, tenth)), lastTenthMs: median(list.slice(-tenth)) };
        })
        .sort((a, b) => b.ms - a.ms);
    },
  };
}

/**
 * A full garbage collection, so the RSS measured from here is the import's and not the
 * CSV pass's leftovers. Node exposes gc() only when started with --expose-gc; setting
 * the flag at run time and reading gc from a new context is the documented way around.
 */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const MB = 2 ** 20;

export async function runAppImport(options: { url: string; file: string; fileBytes: number; batchSize: number; bulk: boolean }): Promise<AppImport> {
  const db = createPrismaClient(options.url, { poolSize: 2 });
  collectGarbage();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const bar = createProgressBar("app import", { unit: "bytes" });
  let parseMs = 0;
  const timedParse: typeof parseSnapshotLine = (line, lineNumber) => {
    const started = performance.now();
    const result = parseSnapshotLine(line, lineNumber);
    parseMs += performance.now() - started;
    return result;
  };
  const statements = timeStatements();
  const started = performance.now();
  let lastBatchAt = started;
  try {
    const result = await ingestLinesFile({
      db,
      source: "arxiv-snapshot",
      input: { path: options.file },
      parseLine: timedParse,
      batchSize: options.batchSize,
      bulk: options.bulk,
      onProgress: ({ totals, done, total, phase }) => {
        const now = performance.now();
        // A bulk import's merging and indexing come after its last batch was read.
        if (phase === undefined || phase === "staging") lastBatchAt = now;
        const rate = totals.read / Math.max((now - started) / 1000, 0.001);
        const detail = phase === undefined ? `+${totals.inserted.toLocaleString("en")} new` : phase;
        bar.update(done, total ?? options.fileBytes, `${totals.read.toLocaleString("en")} records  ${Math.round(rate).toLocaleString("en")} rows/s  ${detail}`, phase !== undefined && phase !== "staging");
      },
    });
    const ms = performance.now() - started;
    const timings = statements.stop();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const { issues, ...counts } = result.totals;
    return {
      ms,
      writesMs: lastBatchAt - started,
      finalMs: ms - (lastBatchAt - started),
      vocabularyMs: timings.filter((t) => t.label.startsWith("vocabulary:")).reduce((sum, t) => sum + t.ms, 0),
      parseMs,
      statements: timings,
      startRssMB: Math.round(startRss / MB),
      peakRssMB: Math.round(peakRss / MB),
      status: result.status,
      error: result.error,
      totals: { ...counts, firstIssues: issues.slice(0, 5).map((issue) => `${issue.position}: ${issue.reason}`) },
    };
  } finally {
    statements.stop();
    clearInterval(sampler);
    bar.finish();
    await db.$disconnect();
  }
}
