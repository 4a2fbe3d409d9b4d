// Line-per-record files (the arXiv metadata snapshot, generic JSONL): streamed, parsed
// and written in batches, never held in memory. A file import commits its position
// with every batch, so a run killed halfway resumes after the last committed line;
// standard input cannot be re-read, so it always starts from the top (writes are
// idempotent either way). `bulk` is the first import into an empty database: one
// transaction with the indexes built at the end (lib/ingest/write/bulk-import.ts),
// all or nothing, so it neither resumes nor leaves checkpoints.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Database } from "@/lib/db/client";
import { readLines } from "../files/read-lines";
import { isRecordIssue, type IngestRecord, type IngestSource, type RecordIssue } from "../record";
import { runIngest, type IngestRunResult, type OnProgress } from "../run/run-ingest";
import { addCounts, addIssues, type IngestTotals } from "../run/totals";
import { writeBatch, type Positioned } from "../run/write-batch";
import { bulkImport, type BulkPhase } from "../write/bulk-import";
import { refreshStatisticsIfDue } from "../write/refresh-statistics";

export type LineParser = (line: string, lineNumber: number) => IngestRecord | RecordIssue | null;
export type LinesInput = { path: string } | { stream: Readable; name: string };

/** Records per transaction: large enough to amortise round trips, small enough to resume close by. */
export const DEFAULT_BATCH_SIZE = 2_000;

export async function ingestLinesFile(options: {
  db: Database;
  source: Extract<IngestSource, "arxiv-snapshot" | "jsonl">;
  input: LinesInput;
  parseLine: LineParser;
  batchSize?: number;
  bulk?: boolean;
  onProgress?: OnProgress;
}): Promise<IngestRunResult & { resumedAfterLine: number }> {
  const { db, source, input, parseLine } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const file = "path" in input ? await fileIdentity(source, input.path) : null;
  const resumeAfter = file && !options.bulk ? Number((await db.ingestCheckpoint.findUnique({ where: { key: file.key } }))?.position ?? 0) : 0;
  const name = "path" in input ? input.path : input.name;
  const description = `${name}${resumeAfter > 0 ? ` (resumed after line ${resumeAfter})` : ""}`;

  const result = await runIngest(db, source, description, async (totals, saveProgress) => {
    const stream = "path" in input ? createReadStream(input.path) : input.stream;
    const batches = readBatches(stream, { parseLine, batchSize, skipLines: resumeAfter, totals });
    const report = (done: number, phase?: BulkPhase) => options.onProgress?.({ totals, done, total: file?.size ?? null, phase });

    if (options.bulk) {
      // Progress is not saved to ingest_runs meanwhile: on the embedded database the
      // transaction holds the only connection.
      const counts = await bulkImport({
        db,
        source,
        batches: (async function* () {
          for await (const batch of batches) {
            yield batch.records.map((b) => b.record);
            report(batch.bytesRead, "staging");
          }
        })(),
        onPhase: (phase) => phase !== "staging" && report(file?.size ?? 0, phase),
      });
      addCounts(totals, counts);
      return;
    }

    let written = 0;
    for await (const batch of batches) {
      const checkpoint = file ? { key: file.key, position: batch.lastLine } : undefined;
      await writeBatch(db, batch.records, source, totals, checkpoint);
      await refreshStatisticsIfDue(db, ++written);
      report(batch.bytesRead);
      await saveProgress();
    }
    // Finished: a later run of the same file reads it again rather than skipping it all.
    if (file) await db.ingestCheckpoint.deleteMany({ where: { key: file.key } });
  });
  return { ...result, resumedAfterLine: resumeAfter };
}

type LineBatch = { records: Positioned[]; lastLine: number; bytesRead: number };

/**
 * The file's records in batches of `batchSize`, malformed lines counted in `totals` as
 * they pass. Always yields a last batch, empty or not, so the end of the file is
 * reported (and checkpointed) too.
 */
async function* readBatches(
  stream: Readable,
  options: { parseLine: LineParser; batchSize: number; skipLines: number; totals: IngestTotals },
): AsyncGenerator<LineBatch> {
  const { parseLine, batchSize, totals } = options;
  let records: Positioned[] = [];
  let lastLine = options.skipLines;
  let bytesRead = 0;
  for await (const line of readLines(stream, { skipLines: options.skipLines })) {
    bytesRead = line.bytesRead;
    lastLine = line.lineNumber;
    const parsed = parseLine(line.line, line.lineNumber);
    if (parsed === null) continue;
    totals.read += 1;
    if (isRecordIssue(parsed)) addIssues(totals, [parsed], "skipped");
    else records.push({ record: parsed, position: `line ${line.lineNumber}` });
    if (records.length >= batchSize) {
      yield { records, lastLine, bytesRead };
      records = [];
    }
  }
  yield { records, lastLine, bytesRead };
}

/** A file is "the same file" for resuming while its path, size and modification time match. */
async function fileIdentity(source: IngestSource, file: string) {
  const [path, info] = await Promise.all([realpath(file), stat(file)]);
  return { path, size: info.size, key: `${source}:${path}:${info.size}:${Math.trunc(info.mtimeMs)}` };
}
