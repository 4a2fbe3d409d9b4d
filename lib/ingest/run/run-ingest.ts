// One ingest run of one source: recorded in ingest_runs from start to finish (so the
// cron route and operators can see it), with the search index settled after papers
// changed. The source-specific work happens in `body`.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { settleSearchIndex } from "@/lib/search/vocabulary";
import type { IngestSource } from "../record";
import type { BulkPhase } from "../write/bulk-import";
import { describeTotals, emptyTotals, type IngestTotals } from "./totals";

export type IngestRunResult = { runId: string; status: "succeeded" | "failed"; totals: IngestTotals; error: string | null };

/**
 * Progress after each written batch; `done`/`total` in the source's unit (bytes, pages).
 * A bulk import also names its phase: it reads everything first, then merges and indexes.
 */
export type IngestProgress = { totals: IngestTotals; done: number; total: number | null; phase?: BulkPhase };
export type OnProgress = (progress: IngestProgress) => void;

/** How often a running run's counts are saved (a 1M-line import has ~500 batches). */
const SAVE_EVERY_MS = 2_000;

export async function runIngest(
  db: Database,
  source: IngestSource,
  description: string,
  body: (totals: IngestTotals, saveProgress: () => Promise<void>) => Promise<void>,
  runId: string = randomUUID(),
): Promise<IngestRunResult> {
  const totals = emptyTotals();
  // The cron route records its runs as "queued" before answering; a CLI run starts here.
  await db.ingestRun.upsert({
    where: { id: runId },
    create: { id: runId, source, description, status: "running" },
    update: { status: "running", startedAt: new Date() },
  });
  let lastSave = Date.now();
  const save = async (status?: "succeeded" | "failed", error?: string) => {
    lastSave = Date.now();
    const { issues, ...counts } = totals;
    await db.ingestRun.update({
      where: { id: runId },
      data: { ...counts, issues, ...(status ? { status, finishedAt: new Date(), error: error ?? null } : {}) },
    });
  };
  let failure: string | null = null;
  try {
    await body(totals, async () => {
      if (Date.now() - lastSave >= SAVE_EVERY_MS) await save();
    });
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  try {
    // Also after a failed run: the papers it did write are quick to search at once.
    // (The vocabulary itself was updated batch by batch.)
    if (totals.inserted + totals.updated > 0) await settleSearchIndex(db);
    await save(failure === null ? "succeeded" : "failed", failure ?? undefined);
  } catch (error) {
    failure ??= error instanceof Error ? error.message : String(error);
  }
  return { runId, status: failure === null ? "succeeded" : "failed", totals, error: failure };
}

/**
 * Whether a run may have changed what readers see: it wrote papers, or (Hugging Face)
 * observations of papers it left unchanged, which move the trending lists. Failed runs
 * count too: they keep the batches they wrote. Callers in a request invalidate the cached
 * lists on it (lib/cache/invalidate.ts).
 */
export function touchedPapers(result: IngestRunResult): boolean {
  const { inserted, updated, unchanged } = result.totals;
  return inserted + updated + unchanged > 0;
}

export function describeRun(result: IngestRunResult): string {
  return `${result.status}: ${describeTotals(result.totals)}${result.error ? ` (${result.error})` : ""}`;
}
