// The search section: searchPapers() against the ILIKE scan per query kind and corpus size
// (bench/search.ts writes the rows).
import { escapeCell, formatCode, formatCount, formatDate, formatMilliseconds, formatNumber, markdownTable } from "../format";
import { latestPerKey, postgresName, type BaseRow, type Percentiles } from "../rows";
import { blocks, plotOrReason, provenance, type Section } from "../section";
import type { LineChart, Series } from "../svg/line-chart";
import { evaluateTarget, worstOf, type Measurement, type Target } from "../targets";

type Ratio = { p50?: number; p95?: number };
type KindResult = { kind?: string; q?: string; sort?: string; from?: string; to?: string; searchPapers?: Percentiles & { total?: number }; ilike?: Percentiles; ratio?: Ratio };
type Corpus = { label?: string; papers?: number; kinds?: KindResult[]; overall?: { searchPapers?: Percentiles; ilike?: Percentiles; ratio?: Ratio } };
type Explain = { corpus?: string; kind?: string; q?: string; plan?: string };
type SearchRow = BaseRow & { corpora?: Corpus[]; explain?: Explain };
type Percentile = "p50" | "p95";

const MILLION = 1_000_000;
const LATENCY_TARGETS: Target[] = [
  {
    benchmark: "search",
    what: "searchPapers p95, slowest query kind, at 1M papers",
    limit: 20,
    bound: "<",
    unit: "ms",
    atSize: MILLION,
    whenMissed:
      "a search is one statement (its EXPLAIN is under [search](#search)): 4-7 ms on a quiet machine, nearly all of it finding and ranking the 500 newest matches (the day walk); Node marks the page's snippets (~1 ms) and Prisma adds ~1 ms. The slowest kind's p95 moves by ±5 ms between runs with the machine's load. Tried: the day walk (bench/README.md, \"The day walk\"), ranking matches as they are read, snippets marked in Node instead of by `ts_headline` (bench/README.md, \"Snippets marked in Node\"), RUM (slower for this top-k: bench/README.md, \"RUM measured\").",
  },
  { benchmark: "search", what: "searchPapers p95, slowest query kind, at 3M papers", limit: 60, bound: "<", unit: "ms", atSize: 3 * MILLION },
];
const SPEEDUP_TARGET: Target = { benchmark: "search", what: "ILIKE ÷ searchPapers (p50), least-improved query kind, at 1M papers", limit: 20, bound: "≥", unit: "×", atSize: MILLION };

/**
 * Embedded PGlite rows (`--embedded`) run another engine (wasm, single connection): their
 * figures are in the history but are not compared with server rows, nor judged.
 */
const isServerRow = (row: SearchRow) => row.postgres?.embedded !== true;

/** The latest run of each corpus size on a PostgreSQL server, smallest corpus first. */
function latestCorpora(rows: SearchRow[]) {
  const runs = rows.filter(isServerRow).flatMap((row) => (row.corpora ?? []).map((corpus) => ({ row, corpus })));
  return latestPerKey(runs, ({ corpus }) => String(corpus.papers)).sort((a, b) => (a.corpus.papers ?? 0) - (b.corpus.papers ?? 0));
}

/** The kind with the worst figure of a corpus run: highest latency, or lowest speed-up. */
function worstKind(corpus: Corpus, figure: (kind: KindResult) => number | undefined, worse: (a: number, b: number) => boolean) {
  const worst = worstOf(corpus.kinds ?? [], figure, worse);
  return worst && { kind: worst.item.kind ?? "?", value: worst.value };
}

const slowestP95 = (corpus: Corpus) => worstKind(corpus, (kind) => kind.searchPapers?.p95, (a, b) => a > b);
const smallestSpeedup = (corpus: Corpus) => worstKind(corpus, (kind) => kind.ratio?.p50, (a, b) => a < b);

function measurements(rows: SearchRow[], worst: (corpus: Corpus) => { kind: string; value: number } | undefined): Measurement[] {
  return latestCorpora(rows).flatMap(({ row, corpus }) => {
    const found = worst(corpus);
    return found ? [{ value: found.value, detail: found.kind, size: corpus.papers, date: row.date, code: row.code }] : [];
  });
}

function describeQuery(kind: KindResult): string {
  const parts = [kind.q ? `\`${kind.q}\`` : "—"];
  if (kind.sort && kind.sort !== "relevance") parts.push(`sort ${kind.sort}`);
  if (kind.from || kind.to) parts.push(`${kind.from ?? "…"} to ${kind.to ?? "…"}`);
  return escapeCell(parts.join(", "));
}

function corpusTable(corpus: Corpus): string {
  const line = (name: string, query: string, sP: (Percentiles & { total?: number }) | undefined, ilike: Percentiles | undefined, ratio: Ratio | undefined) => [
    name,
    query,
    ...[sP?.p50, sP?.p95, sP?.p99, ilike?.p50, ilike?.p95, ratio?.p50, ratio?.p95].map(formatNumber),
    formatNumber(sP?.total),
    `${sP?.n ?? "—"} / ${ilike?.n ?? "—"}`,
  ];
  const rows = (corpus.kinds ?? []).map((kind) => line(escapeCell(kind.kind ?? "?"), describeQuery(kind), kind.searchPapers, kind.ilike, kind.ratio));
  const overall = corpus.overall;
  if (overall) rows.push(line("**whole mix**", "", overall.searchPapers, overall.ilike, overall.ratio));
  const headers = ["kind", "query", "sP p50 ms", "sP p95 ms", "sP p99 ms", "ILIKE p50 ms", "ILIKE p95 ms", "ILIKE ÷ sP p50", "ILIKE ÷ sP p95", "matches", "runs sP / IL"];
  return markdownTable(headers, rows);
}

function latestTables(rows: SearchRow[]): string {
  const runs = latestCorpora(rows);
  if (runs.length === 0) return "No row from a PostgreSQL server yet.";
  return runs
    .map(({ row, corpus }) => blocks(`### ${formatNumber(corpus.papers)} papers (${escapeCell(corpus.label ?? "corpus")})`, `Row: ${provenance(row)}.`, corpusTable(corpus)))
    .join("\n\n");
}

function historyTable(rows: SearchRow[]): string {
  const lines = rows.map((row) => {
    const largest = [...(row.corpora ?? [])].sort((a, b) => (b.papers ?? 0) - (a.papers ?? 0))[0];
    const slowest = largest && slowestP95(largest);
    const mix = largest?.overall;
    return [
      formatDate(row.date),
      formatCode(row.code),
      postgresName(row.postgres) ?? "—",
      largest ? formatNumber(largest.papers) : "—",
      slowest ? escapeCell(slowest.kind) : "—",
      formatNumber(slowest?.value),
      formatNumber(mix?.searchPapers?.p95),
      formatNumber(mix?.ilike?.p95),
      formatNumber(mix?.ratio?.p50),
    ];
  });
  const headers = ["date (UTC)", "code", "PostgreSQL", "largest corpus", "slowest kind", "its p95 ms", "whole mix sP p95 ms", "whole mix ILIKE p95 ms", "ILIKE ÷ sP p50"];
  return markdownTable(headers, lines);
}

function latencyChart(rows: SearchRow[], percentile: Percentile): LineChart {
  const runs = rows.filter(isServerRow).flatMap((row) => (row.corpora ?? []).flatMap((corpus) => (corpus.kinds ?? []).map((kind) => ({ corpus, kind }))));
  const latest = latestPerKey(runs, ({ corpus, kind }) => `${kind.kind}\u0000${corpus.papers}`);
  const kindNames = [...new Set(latest.map(({ kind }) => kind.kind ?? "?"))];
  const point = (papers: number | undefined, ms: number | undefined) => (papers !== undefined && ms !== undefined ? [{ x: papers, y: ms }] : []);
  const series: Series[] = kindNames.map((name) => ({
    name,
    points: latest.filter(({ kind }) => (kind.kind ?? "?") === name).flatMap(({ corpus, kind }) => point(corpus.papers, kind.searchPapers?.[percentile])),
  }));
  series.push({
    name: "ILIKE scan (whole mix)",
    line: "dashed",
    color: "#4b5563",
    points: latestCorpora(rows).flatMap(({ corpus }) => point(corpus.papers, corpus.overall?.ilike?.[percentile])),
  });
  // The targets on the same axes show how far the curves have to bend.
  if (percentile === "p95" && series.some((s) => s.points.length > 0)) {
    series.push({ name: "target", line: "none", marker: "cross", color: "#111827", points: LATENCY_TARGETS.map((t) => ({ x: t.atSize ?? 0, y: t.limit })) });
  }
  return {
    title: `Search latency ${percentile} by corpus size`,
    subtitle: "searchPapers per query kind, latest run per kind and size; ILIKE baseline dashed; PostgreSQL server rows",
    x: { label: "papers in the corpus", scale: "log", format: formatCount },
    y: { label: `${percentile} latency`, scale: "log", format: formatMilliseconds },
    series,
  };
}

/**
 * The plan of the slowest statement of the newest run that recorded one: where a search's
 * time goes at the largest size measured. Taken in a session like the app's (JIT off) since
 * 2026-12-07; an older plan shows JIT compilation that the app never does.
 */
function explainBlock(rows: SearchRow[]): string | undefined {
  const row = rows.filter((r) => isServerRow(r) && r.explain?.plan).at(-1);
  if (!row?.explain?.plan) return undefined;
  const { kind, q, corpus, plan } = row.explain;
  const query = q ? `, \`${escapeCell(q)}\`` : "";
  return blocks(
    "### Where the slowest search's time goes",
    `\`EXPLAIN (ANALYZE, BUFFERS)\` of the slowest statement of the slowest kind (${escapeCell(kind ?? "?")}${query}) on ${escapeCell(corpus ?? "the largest corpus")}, as lib/search sent it. Row: ${provenance(row)}.`,
    ["```", plan, "```"].join("\n"),
  );
}

/** `input`: the rows of bench/results/search.json, oldest first, read as SearchRow (every field optional). */
export function searchSection(input: BaseRow[]): Section {
  const rows = input as SearchRow[];
  const outcomes = [
    ...LATENCY_TARGETS.map((target) => evaluateTarget(target, measurements(rows, slowestP95))),
    evaluateTarget(SPEEDUP_TARGET, measurements(rows, smallestSpeedup)),
  ];
  const p95 = plotOrReason("search-latency-p95.svg", latencyChart(rows, "p95"), "no search row from a PostgreSQL server yet");
  const p50 = plotOrReason("search-latency-p50.svg", latencyChart(rows, "p50"), "no search row from a PostgreSQL server yet");
  const embedded = rows.filter((row) => !isServerRow(row)).length;
  const markdown = blocks(
    "Latency of the real `searchPapers()` (sP) per query kind, against a plain `ILIKE` scan of titles and abstracts on the same data in the same run. Milliseconds around the function call: the server's side of a search, its SQL round trips included, no HTTP.",
    embedded > 0 && `${embedded} row${embedded === 1 ? "" : "s"} from embedded PGlite (\`--embedded\`) ${embedded === 1 ? "is" : "are"} in the history only: another engine, not comparable with the server's figures.`,
    "Latest run per corpus size:",
    latestTables(rows),
    p95.markdown,
    p50.markdown,
    explainBlock(rows),
    "### History",
    rows.length > 0 ? historyTable(rows) : "No rows yet.",
  );
  return { benchmark: "search", outcomes, markdown, plots: [...p95.plots, ...p50.plots] };
}
