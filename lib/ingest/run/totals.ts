import type { RecordIssue } from "../record";
import type { MergeCounts } from "../write/merge-batch";

/** A run's summary: what `npm run ingest` prints and ingest_runs stores. */
export type IngestTotals = MergeCounts & {
  /** Records read from the source (entries, items or non-blank lines). */
  read: number;
  /** Malformed records, skipped and reported. */
  skipped: number;
  /** Well-formed records the database refused (reported with the reason). */
  failed: number;
  /** Where and why records were skipped or failed, in order (the first MAX_ISSUES). */
  issues: RecordIssue[];
};

/** Enough to fix a bad file; a file of a million bad lines must not become a million-row report. */
export const MAX_ISSUES = 100;

export const emptyTotals = (): IngestTotals => ({ read: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, issues: [] });

export function addIssues(totals: IngestTotals, issues: RecordIssue[], kind: "skipped" | "failed"): void {
  totals[kind] += issues.length;
  totals.issues.push(...issues.slice(0, Math.max(MAX_ISSUES - totals.issues.length, 0)));
}

export function addCounts(totals: IngestTotals, counts: MergeCounts): void {
  totals.inserted += counts.inserted;
  totals.updated += counts.updated;
  totals.unchanged += counts.unchanged;
}

export function describeTotals(t: IngestTotals): string {
  return `read ${t.read}, inserted ${t.inserted}, updated ${t.updated}, unchanged ${t.unchanged}, skipped ${t.skipped}, failed ${t.failed}`;
}
