// What each benchmark's report module gives bench/report.ts, and the pieces they share:
// plots (or the sentence saying why there is none) and the line naming a row's provenance.
import { formatCode, formatDate } from "./format";
import { machineName, postgresName, settingsLine, type BaseRow } from "./rows";
import { hasPoints, renderLineChart, type LineChart } from "./svg/line-chart";
import type { Outcome } from "./targets";

/** Where the plots go, relative to the repository root (BENCHMARKS.md links them from there). */
export const PLOTS_DIRECTORY = "bench/plots";

export type Plot = { file: string; svg: string };

export type Section = {
  /** The results file's name and `npm run bench -- <benchmark>`; also the heading, so `#search` links to it. */
  benchmark: string;
  outcomes: Outcome[];
  /** Markdown under the section's `## <benchmark>` heading. */
  markdown: string;
  plots: Plot[];
};

/** The plot and its markdown image, or — when there is nothing to draw — a line saying why. */
export function plotOrReason(file: string, chart: LineChart, reasonIfEmpty: string): { markdown: string; plots: Plot[] } {
  if (!hasPoints(chart.series)) return { markdown: `_No plot of ${chart.title.toLowerCase()}: ${reasonIfEmpty}._`, plots: [] };
  return { markdown: `![${chart.title}](${PLOTS_DIRECTORY}/${file})`, plots: [{ file, svg: renderLineChart(chart) }] };
}

/**
 * "2026-11-23 10:48 UTC, code `e90cd6f`, PostgreSQL 15.20 (autovacuum=off, …), AMD EPYC, 2 cores, …".
 * `code: false` where the code is per run rather than per row (the table then shows it).
 */
export function provenance(row: BaseRow, { code = true } = {}): string {
  const postgres = postgresName(row.postgres);
  const settings = settingsLine(row.postgres);
  const parts = [
    `${formatDate(row.date)} UTC`,
    code ? (row.code ? `code ${formatCode(row.code)}` : "code not recorded") : undefined,
    postgres ? `${postgres}${settings ? ` (${settings})` : ""}` : undefined,
    machineName(row.machine),
  ];
  return parts.filter(Boolean).join(", ");
}

/** Markdown blocks joined by blank lines, empty ones left out. */
export const blocks = (...parts: (string | undefined | false)[]) => parts.filter(Boolean).join("\n\n");
