import type { Database } from "@/lib/db/client";
import type { IngestRecord, IngestSource, RecordIssue } from "../record";
import { mergeBatch } from "../write/merge-batch";
import { addCounts, addIssues, type IngestTotals } from "./totals";

export type Positioned = { record: IngestRecord; position: string };

/**
 * Writes a batch; if the database refuses it, writes its records one at a time so one
 * bad record fails alone (reported with its position) and the rest still land. When
 * every record fails, the cause is not the data (the database is down, say): rethrow.
 */
export async function writeBatch(
  db: Database,
  batch: Positioned[],
  source: IngestSource,
  totals: IngestTotals,
  checkpoint?: { key: string; position: number },
): Promise<void> {
  try {
    addCounts(totals, await mergeBatch(db, batch.map((b) => b.record), source, { checkpoint }));
    return;
  } catch (batchError) {
    if (batch.length <= 1) throw batchError;
    const failures: RecordIssue[] = [];
    for (const [index, { record, position }] of batch.entries()) {
      const last = index === batch.length - 1;
      try {
        addCounts(totals, await mergeBatch(db, [record], source, { checkpoint: last ? checkpoint : undefined }));
      } catch (error) {
        failures.push({ position, reason: `not written: ${error instanceof Error ? lastLine(error.message) : String(error)}` });
      }
    }
    if (failures.length === batch.length) throw batchError;
    addIssues(totals, failures, "failed");
    if (checkpoint && failures.at(-1)?.position === batch.at(-1)?.position) {
      await mergeBatch(db, [], source, { checkpoint });
    }
  }
}

/** The database's own words end a Prisma error message; the lines before are context. */
const lastLine = (message: string): string => message.trim().split("\n").at(-1)!.slice(0, 300);
