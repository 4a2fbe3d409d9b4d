// How figures are written in BENCHMARKS.md and on the plots. Everything here is pure and
// locale-free (no toLocaleString, whose output depends on the ICU build), so the same
// JSON always gives the same bytes.

/** Digits a figure keeps: run-to-run noise is ±20% (bench/README.md), so 3 significant digits at most. */
function decimalsFor(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return 0;
  if (magnitude >= 1) return 1;
  return 2;
}

/** 1471.96 → "1,472"; 30.04 → "30"; 9.61 → "9.6"; 0.254 → "0.25"; undefined → "—". */
export function formatNumber(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "—";
  const fixed = value.toFixed(decimalsFor(value));
  // Trailing zeros say nothing here ("30.0" → "30"); "-0" is just 0.
  const trimmed = fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
  const [whole, fraction] = (trimmed === "-0" ? "0" : trimmed).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A figure with its unit, as the targets table and the text say it: "1,472 ms", "×2.7", "174 kB". */
export function formatWithUnit(value: number | undefined, unit: string): string {
  if (unit === "×") return value === undefined ? "—" : `×${formatNumber(value)}`;
  return value === undefined ? "—" : `${formatNumber(value)} ${unit}`;
}

const twoSignificant = (value: number) => Number(value.toPrecision(2));

/** A corpus or subscriber count for labels and ticks, thousands in two significant digits: 513, "1.5k", "100k", "1M". */
export function formatCount(value: number): string {
  if (value >= 1e6 || twoSignificant(value / 1e3) >= 1e3) return `${twoSignificant(value / 1e6)}M`;
  if (value >= 1e3 || Math.round(value) >= 1e3) return `${twoSignificant(value / 1e3)}k`;
  return formatNumber(value);
}

/** Milliseconds on a log axis: "0.1 ms", "10 ms", "1 s", "10 s". */
export function formatMilliseconds(ms: number): string {
  return ms >= 1000 ? `${formatNumber(ms / 1000)} s` : `${formatNumber(ms)} ms`;
}

/** An ISO date as the history tables show it (UTC, to the minute): "2026-11-23 07:20". */
export function formatDate(iso: string | undefined): string {
  if (!iso) return "—";
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

/** What a results row says about the code it measured: `{commit, uncommitted}` (bench/common.ts codeVersion). */
export type CodeVersion = { commit?: string; uncommitted?: string[] } | string | undefined;

/** "`e90cd6f`", "`a1518b3` + 6 uncommitted files", or "—" for rows written before rows carried it. */
export function formatCode(code: CodeVersion): string {
  const commit = typeof code === "string" ? code : code?.commit;
  if (!commit) return "—";
  const changed = typeof code === "object" ? (code.uncommitted?.length ?? 0) : 0;
  const short = /^[0-9a-f]{7,}$/.test(commit) ? commit.slice(0, 7) : commit;
  return changed === 0 ? `\`${short}\`` : `\`${short}\` + ${changed} uncommitted file${changed === 1 ? "" : "s"}`;
}

/** Text that may hold markdown table syntax, made safe for one table cell. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A cell holding only a figure ("1,472", "-3", "115 / 65") or nothing ("—"): such columns align right. */
const FIGURE = /^-?[\d,.]+( \/ (-?[\d,.]+|—))?$/;

/**
 * A GitHub markdown table. Columns of figures are right-aligned, so their digits line up;
 * the rest left. Cells are already-formatted markdown.
 */
export function markdownTable(headers: string[], rows: string[][]): string {
  const cell = (row: string[], column: number) => row[column] ?? "";
  const isFigures = (column: number) =>
    rows.some((row) => FIGURE.test(cell(row, column))) && rows.every((row) => FIGURE.test(cell(row, column)) || cell(row, column) === "—");
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(headers),
    line(headers.map((_, column) => (isFigures(column) ? "---:" : "---"))),
    ...rows.map((row) => line(headers.map((_, column) => cell(row, column)))),
  ].join("\n");
}
