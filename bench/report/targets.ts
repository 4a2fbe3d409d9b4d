// The project's performance targets (the Scale issue) held against the latest figures:
// "met", "missed by …", or "not measured yet at <size>" when no row reaches the size a
// target names — a 100k-paper figure says little about 1M, so it is shown, not judged.
import { formatCode, formatCount, formatDate, formatNumber, formatWithUnit, markdownTable, type CodeVersion } from "./format";

export type Target = {
  /** Which benchmark measures it: its section and `npm run bench -- <benchmark>`. */
  benchmark: string;
  /** What is measured, as the table says it: "p95 of every query kind at 1M papers". */
  what: string;
  limit: number;
  /** How the figure must compare with the limit: under it (latency), within it (a factor of a floor), at least it (throughput). */
  bound: "<" | "≤" | "≥";
  /** "ms", "min", "req/s", "MB", "kB", or "×" for ratios. */
  unit: string;
  /** The corpus or subscriber count the target is stated at, if any. */
  atSize?: number;
  /**
   * Markdown shown under the targets table while the target is missed: why (and where the
   * EXPLAIN or profile that shows it is), and what was tried. Written by hand, so it names
   * its evidence rather than repeating figures that the next run changes.
   */
  whenMissed?: string;
};

/** One figure a target can be judged on: the latest at one size. */
export type Measurement = {
  value: number;
  size?: number;
  /** Which part gave the figure: the slowest query kind, the floor it was compared with… */
  detail?: string;
  date?: string;
  code?: CodeVersion;
};

/**
 * `measurement`: the figure judged. `largest`: when none is at the target's size, the figure
 * at the largest size measured, quoted in the status but not judged.
 */
export type Outcome = { target: Target; measurement?: Measurement; largest?: Measurement; met?: boolean; status: string };

/**
 * The item with the worst figure ("every query kind must…" is judged on the slowest kind);
 * items without the figure are skipped, the first of equals wins.
 */
export function worstOf<T>(items: T[], figure: (item: T) => number | undefined, worse: (a: number, b: number) => boolean): { item: T; value: number } | undefined {
  let worst: { item: T; value: number } | undefined;
  for (const item of items) {
    const value = figure(item);
    if (value !== undefined && (!worst || worse(value, worst.value))) worst = { item, value };
  }
  return worst;
}

/** A row at 1,000,513 papers (demo corpus + 1M synthetic) is a row "at 1M": within 10%. */
export function isAtSize(size: number | undefined, atSize: number): boolean {
  return size !== undefined && Math.abs(size - atSize) <= atSize * 0.1;
}

export function limitText(target: Target): string {
  return `${target.bound} ${formatWithUnit(target.limit, target.unit)}`;
}

export function isMet(target: Target, value: number): boolean {
  if (target.bound === "<") return value < target.limit;
  return target.bound === "≤" ? value <= target.limit : value >= target.limit;
}

/** "missed by 84 kB (1.9×)": how far off, and by what factor (always ≥ 1, whichever the direction). */
export function missedBy(target: Target, value: number): string {
  if (value <= 0) return `missed (${formatWithUnit(value, target.unit)})`;
  const factor = `${formatNumber(target.bound === "≥" ? target.limit / value : value / target.limit)}×`;
  if (target.unit === "×") return `missed by ${factor}`;
  return `missed by ${formatWithUnit(Math.abs(value - target.limit), target.unit)} (${factor})`;
}

const figure = (target: Target, m: Measurement) => `${formatWithUnit(m.value, target.unit)}${m.detail ? ` (${m.detail})` : ""}`;

/** The newest by date; of equal (or no) dates, the one listed last. */
const newest = (measurements: Measurement[]) => measurements.reduce((best, m) => ((m.date ?? "") >= (best.date ?? "") ? m : best));

function judge(target: Target, measurement: Measurement): Outcome {
  const met = isMet(target, measurement.value);
  return { target, measurement, met, status: met ? "met" : missedBy(target, measurement.value) };
}

/** The newest measurement at the target's size decides; without one, the largest size measured is quoted. */
export function evaluateTarget(target: Target, measurements: Measurement[]): Outcome {
  const usable = measurements.filter((m) => Number.isFinite(m.value));
  if (usable.length === 0) return { target, status: "not measured yet" };
  const atSize = target.atSize;
  if (atSize === undefined) return judge(target, newest(usable));
  const matching = usable.filter((m) => isAtSize(m.size, atSize));
  if (matching.length === 0) {
    const largest = usable.reduce((best, m) => ((m.size ?? 0) >= (best.size ?? 0) ? m : best));
    const where = largest.size === undefined ? "" : `${formatCount(largest.size)}: `;
    const quoted = `${formatWithUnit(largest.value, target.unit)}${largest.detail ? `, ${largest.detail}` : ""}`;
    return { target, largest, status: `not measured yet at ${formatCount(atSize)} (largest measured: ${where}${quoted})` };
  }
  return judge(target, newest(matching));
}

/** "2026-11-23 `e90cd6f`", or just the date for rows that did not record their code. */
function rowLabel(m: Measurement): string {
  const code = formatCode(m.code);
  const day = formatDate(m.date).slice(0, 10);
  return code === "—" ? day : `${day} ${code}`;
}

export function targetsTable(outcomes: Outcome[]): string {
  const rows = outcomes.map(({ target, measurement, largest, status }) => {
    const row = measurement ?? largest;
    return [
      `[${target.benchmark}](#${target.benchmark})`,
      target.what,
      limitText(target),
      measurement ? figure(target, measurement) : "—",
      status,
      row ? rowLabel(row) : "—",
    ];
  });
  return markdownTable(["benchmark", "what", "target", "figure at that size", "status", "row (date, code)"], rows);
}

/** Under the targets table: for each missed target, why and what was tried (its `whenMissed`). */
export function missedNotes(outcomes: Outcome[]): string | undefined {
  const notes = outcomes.filter((outcome) => outcome.met === false && outcome.target.whenMissed).map(({ target }) => `- **${target.what}** (${target.benchmark}): ${target.whenMissed}`);
  return notes.length === 0 ? undefined : ["Why the missed targets are missed, and what was tried:", "", ...notes].join("\n");
}
