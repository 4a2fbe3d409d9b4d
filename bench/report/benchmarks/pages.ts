// The pages section: HTTP throughput and latency of whole pages under load.
//
// A row of bench/results/pages.json (bench/pages.ts writes it):
//   { date, machine, code, corpus: { papers }, server: { peakRssMB },
//     options: { acceptEncoding, baseline, ... },
//     results: [{ app, path: "/", label, connections: 10,
//                 requestsPerSecond: { mean, p50 },
//                 latency: { p50, p90, p99, max },   // milliseconds
//                 errors, non2xx, durationSeconds }] }
// Every field is read as optional (older rows lack some). Several pages may share a path
// (bench/pages.ts measures `/search?q=<topic>` and `/search?q=<common term>`): targets and
// history take the worst. They leave out the distinct searches (`distinctPaths`, a new
// search at each request): the targets measure a page asked for again and again.
import { perRequest } from "../../cpu-profile";
import { escapeCell, formatCode, formatCount, formatDate, formatNumber, markdownTable } from "../format";
import { latestPerKey, type BaseRow } from "../rows";
import { blocks, plotOrReason, provenance, type Section } from "../section";
import type { LineChart } from "../svg/line-chart";
import { evaluateTarget, worstOf, type Measurement, type Target } from "../targets";

type PageResult = {
  app?: "current" | "baseline";
  path?: string;
  label?: string;
  connections?: number;
  requestsPerSecond?: { mean?: number; p50?: number };
  latency?: { p50?: number; p90?: number; p99?: number; max?: number };
  errors?: number;
  non2xx?: number;
  durationSeconds?: number;
  cpuProfile?: { sampledMs?: number; groups?: { name: string; ms: number }[] };
  /** A new path at each request (`search-distinct`): what a cache miss costs, not what the targets measure. */
  distinctPaths?: boolean;
};
type PagesRow = BaseRow & {
  corpus?: { papers?: number };
  server?: { peakRssMB?: number };
  options?: { csp?: string; acceptEncoding?: string | null; cpuProf?: boolean };
  results?: PageResult[];
};
type Figure = { of: (result: PageResult) => number | undefined; worse: (a: number, b: number) => boolean };

/** The load the targets are stated at. */
const TARGET_CONNECTIONS = 10;
const MILLION = 1_000_000;
/** The pages the targets name, by path without the query string (`/search?q=…` is `/search`). */
const TARGET_PAGES = [
  {
    path: "/",
    minRequestsPerSecond: 1000,
    whenMissed: {
      throughput:
        "a hit is Next serving the list from its cache and lib/server/body-versions.ts sending the bytes, ETag and gzip it prepared once for that version of the page. A blank Next.js app serving a 115 kB cached page on the same machine, autocannon sharing its 2 cores, answers ~1,100-1,200 req/s: the figure sits at the framework's floor and moves with the machine's load. Tried (bench/README.md, \"The string write, the proxy and compression\" and \"A cached page encoded, tagged and compressed once per version\"): writing the body as bytes, skipping proxy.ts for the cached pages, the ETag and gzip made once per version (763 -> 1,239 req/s), a 20% smaller page with CSS modules (0.96x, reverted). Past one process: a CDN that honours the page's `s-maxage` (README, \"Beyond one machine\").",
    },
  },
  {
    path: "/search",
    minRequestsPerSecond: 250,
    whenMissed: {
      throughput:
        "a repeated search is a hit of Next's page cache (lib/search/cached-page-path.ts), so its figure sits near the cached trending list's, less the proxy (the rate limit runs on every search). Look first at the machine's load and at whether the page came from the cache (`x-nextjs-cache: HIT`): a miss renders the page (~8.5 ms of CPU at 1M, the profile under [pages](#pages)) and, for a search nobody asked in the last minute, runs it (the `search-distinct` row). Tried before the page cache: the one-minute search cache (54 -> 100 req/s at 1M); per-request rendering held it at ~140 req/s.",
      latency: "see the requests/s line: at 10 connections a request waits for the ones ahead of it, so a slow render or search shows in both.",
    },
  },
];
const MAX_P99_MS = 150;

const pathname = (result: PageResult) => (result.path ?? "?").split("?")[0];
const results = (row: PagesRow) => row.results ?? [];

const THROUGHPUT: Figure = { of: (result) => result.requestsPerSecond?.mean, worse: (a, b) => a < b };
const P99: Figure = { of: (result) => result.latency?.p99, worse: (a, b) => a > b };

/** The worst figure among a row's pages at `path` under the targets' load, named by its page when several share the path. */
function worstAt(row: PagesRow, path: string, figure: Figure): { value: number; detail?: string } | undefined {
  const candidates = results(row).filter((result) => pathname(result) === path && result.connections === TARGET_CONNECTIONS && !result.distinctPaths);
  const worst = worstOf(candidates, figure.of, figure.worse);
  return worst && { value: worst.value, detail: candidates.length > 1 ? (worst.item.label ?? worst.item.path) : undefined };
}

function measurements(rows: PagesRow[], path: string, figure: Figure): Measurement[] {
  return rows.flatMap((row) => {
    const worst = worstAt(row, path, figure);
    return worst ? [{ ...worst, size: row.corpus?.papers, date: row.date, code: row.code }] : [];
  });
}

function outcomes(rows: PagesRow[]) {
  return TARGET_PAGES.flatMap(({ path, minRequestsPerSecond, whenMissed }) => {
    const throughput: Target = {
      benchmark: "pages",
      what: `\`${path}\` requests/s at ${TARGET_CONNECTIONS} connections, 1M papers`,
      limit: minRequestsPerSecond,
      bound: "≥",
      unit: "req/s",
      atSize: MILLION,
      whenMissed: whenMissed.throughput,
    };
    const latency: Target = {
      benchmark: "pages",
      what: `\`${path}\` p99 latency at ${TARGET_CONNECTIONS} connections, 1M papers`,
      limit: MAX_P99_MS,
      bound: "<",
      unit: "ms",
      atSize: MILLION,
      whenMissed: "latency" in whenMissed ? whenMissed.latency : undefined,
    };
    return [evaluateTarget(throughput, measurements(rows, path, THROUGHPUT)), evaluateTarget(latency, measurements(rows, path, P99))];
  });
}

function latestTable(row: PagesRow): string {
  const lines = results(row).map((result) => [
    escapeCell(result.label ?? pathname(result)),
    result.path ? `\`${escapeCell(result.path)}\`` : "—",
    ...[result.connections, result.requestsPerSecond?.mean, result.requestsPerSecond?.p50].map(formatNumber),
    ...[result.latency?.p50, result.latency?.p90, result.latency?.p99, result.latency?.max].map(formatNumber),
    ...[result.errors, result.non2xx, result.durationSeconds].map(formatNumber),
  ]);
  const headers = ["page", "path", "connections", "req/s mean", "req/s p50", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "non-2xx", "seconds"];
  return markdownTable(headers, lines);
}

function historyTable(rows: PagesRow[]): string {
  const lines = rows.map((row) => [
    formatDate(row.date),
    formatCode(row.code),
    formatNumber(row.corpus?.papers),
    ...TARGET_PAGES.flatMap(({ path }) => [formatNumber(worstAt(row, path, THROUGHPUT)?.value), formatNumber(worstAt(row, path, P99)?.value)]),
  ]);
  const headers = ["date (UTC)", "code", "papers", ...TARGET_PAGES.flatMap(({ path }) => [`\`${path}\` req/s`, `\`${path}\` p99 ms`])];
  return markdownTable(headers, lines);
}

/** Requests/s against connections per page, at the newest row's corpus size (mixing sizes would mislead). */
function throughputChart(rows: PagesRow[]): LineChart {
  const papers = rows[rows.length - 1]?.corpus?.papers;
  const entries = rows.filter((row) => row.corpus?.papers === papers).flatMap((row) => results(row));
  const latest = latestPerKey(entries, (result) => `${result.path}\u0000${result.connections}`);
  const pages = [...new Set(latest.map((result) => result.path ?? "?"))];
  return {
    title: "Page throughput by connections",
    subtitle: `latest run per page and connection count${papers !== undefined ? `, ${formatCount(papers)} papers` : ""}`,
    x: { label: "concurrent connections", scale: "auto", format: formatNumber },
    y: { label: "requests/s (mean)", scale: "linear", includeZero: true, format: formatNumber },
    series: pages.map((path) => {
      const ofPage = latest.filter((result) => (result.path ?? "?") === path);
      return {
        name: ofPage[0]?.label ?? path,
        points: ofPage.flatMap((r) => (r.connections !== undefined && r.requestsPerSecond?.mean !== undefined ? [{ x: r.connections, y: r.requestsPerSecond.mean }] : [])),
      };
    }),
  };
}

/** `input`: the rows of bench/results/pages.json, oldest first, read as PagesRow (every field optional). */
function latestLine(row: PagesRow): string {
  const papers = row.corpus?.papers !== undefined ? `, ${formatNumber(row.corpus.papers)} papers` : "";
  const memory = row.server?.peakRssMB !== undefined ? `, app server peak RSS ${formatNumber(row.server.peakRssMB)} MB` : "";
  return `${provenance(row)}${papers}${memory}`;
}

/**
 * The capacity figures come from the app as it is, asked as autocannon asks (no
 * Accept-Encoding: the targets' terms): rows of the former `--csp static|both` compared
 * policies on a modified copy; `--gzip` rows are shown on their own (compressedLine),
 * `--cpu-prof` rows too (profileBlock: sampling costs throughput); and a
 * `--baseline` row also holds an earlier commit's figures (its ratios are printed by the
 * run, and quoted where a change is reported).
 */
const measuresTheApp = (row: PagesRow) => (row.options?.csp ?? "nonce") === "nonce" && !row.options?.acceptEncoding && !row.options?.cpuProf;
const askedCompressed = (row: PagesRow) => Boolean(row.options?.acceptEncoding);
const withoutBaseline = (row: PagesRow): PagesRow => ({ ...row, results: row.results?.filter((result) => result.app !== "baseline") });

/** The newest `--gzip` row, in a sentence: what a browser's requests cost, compression included. */
function compressedLine(input: PagesRow[]): string | undefined {
  const row = input.filter(askedCompressed).map(withoutBaseline).at(-1);
  if (!row) return undefined;
  const figures = results(row)
    .filter((result) => result.connections === TARGET_CONNECTIONS)
    .map((result) => `\`${escapeCell(result.path ?? "?")}\` ${formatNumber(result.requestsPerSecond?.mean)} req/s (p99 ${formatNumber(result.latency?.p99)} ms)`);
  return `Asked as a browser asks (\`--gzip\`: Accept-Encoding ${row.options!.acceptEncoding}; every answer comes compressed), at ${TARGET_CONNECTIONS} connections: ${figures.join(", ")}. ${latestLine(row)}.`;
}

/** The newest `--cpu-prof` row: where the server's CPU went per request, page by page, at the targets' load. */
function profileBlock(input: PagesRow[]): string | undefined {
  const row = input.filter((r) => r.options?.cpuProf).map(withoutBaseline).at(-1);
  if (!row) return undefined;
  const lines = results(row)
    .filter((result) => result.connections === TARGET_CONNECTIONS && result.cpuProfile?.sampledMs)
    .map((result) => {
      const profile = { sampledMs: result.cpuProfile!.sampledMs!, groups: result.cpuProfile!.groups ?? [] };
      const { busyMs, busyShare, busyGroups, microseconds } = perRequest(profile, (result.requestsPerSecond?.mean ?? 0) * (result.durationSeconds ?? 0));
      const largest = busyGroups.slice(0, 5).map((group) => `${escapeCell(group.name)} ${formatNumber((100 * group.ms) / busyMs)}%`);
      return [`\`${escapeCell(result.path ?? "?")}\``, formatNumber(result.requestsPerSecond?.mean), `${formatNumber(100 * busyShare)}%`, formatNumber(microseconds(busyMs)), largest.join(", ")];
    });
  if (lines.length === 0) return undefined;
  return blocks(
    "### Where a request's time goes",
    `The server's main thread, sampled (\`--cpu-prof\`, bench/cpu-probe.mjs) while each page was loaded at ${TARGET_CONNECTIONS} connections: how busy it was, its CPU per request, and the largest shares of that by package or project file ("(program)" and "(garbage collector)" are V8's own). It does not show PostgreSQL's time, nor compression on libuv's threads. Sampling costs throughput, so these rows are not judged against the targets. Row: ${latestLine(row)}.`,
    markdownTable(["page", "req/s (sampled)", "server busy", "CPU µs a request", "largest self-time shares"], lines),
  );
}

export function pagesSection(input: BaseRow[]): Section {
  const rows = (input as PagesRow[]).filter(measuresTheApp).map(withoutBaseline);
  const plot = plotOrReason("pages-throughput.svg", throughputChart(rows), "bench/results/pages.json has no rows yet");
  const latest = rows[rows.length - 1];
  const markdown = blocks(
    "Requests per second and latency of whole pages served by the production build, under a fixed number of concurrent connections. Each page is asked for again and again, as a popular page is: the trending list and a search are then hits of Next's page cache. The targets and the history take, per path, the worst of the pages measured there (several searches on `/search`), leaving out `search-distinct`: a new two-word search at every request (words from the corpus's vocabulary), a miss of the page cache and of the search cache each time, which shows what a search nobody asked in the last minute costs.",
    latest ? `Latest row: ${latestLine(latest)}.` : "No rows yet: `npm run bench -- pages` writes the first.",
    latest && latestTable(latest),
    compressedLine(input as PagesRow[]),
    profileBlock(input as PagesRow[]),
    plot.markdown,
    latest && "### History",
    latest && historyTable(rows),
  );
  return { benchmark: "pages", outcomes: outcomes(rows), markdown, plots: plot.plots };
}
