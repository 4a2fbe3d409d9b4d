// Line-per-record files (the arXiv metadata snapshot, generic JSONL): streamed, parsed
// and written in batches, never held in memory. A file import commits its position
// with every batch, so a run killed halfway resumes after the last committed line;
// standard input cannot be re-read, so it always starts from the top (writes are
// idempotent either way).
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Database } from "@/lib/db/client";
import { readLines } from "../files/read-lines";
import { isRecordIssue, type IngestRecord, type IngestSource, type RecordIssue } from "../record";
import { runIngest, type IngestRunResult, type OnProgress } from "../run/run-ingest";
import { addIssues } from "../run/totals";
import { writeBatch, type Positioned } from "../run/write-batch";
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
  onProgress?: OnProgress;
}): Promise<IngestRunResult & { resumedAfterLine: number }> {
  const { db, source, input, parseLine } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const file = "path" in input ? await fileIdentity(source, input.path) : null;
  const resumeAfter = file ? Number((await db.ingestCheckpoint.findUnique({ where: { key: file.key } }))?.position ?? 0) : 0;
  const name = "path" in input ? input.path : input.name;
  const description = `${name}${resumeAfter > 0 ? ` (resumed after line ${resumeAfter})` : ""}`;

  const result = await runIngest(db, source, description, async (totals, saveProgress) => {
    const stream = "path" in input ? createReadStream(input.path) : input.stream;
    let batch: Positioned[] = [];
    let lastLine = resumeAfter;
    let bytes = 0;
    let batches = 0;
    const flush = async () => {
      const checkpoint = file ? { key: file.key, position: lastLine } : undefined;
      await writeBatch(db, batch, source, totals, checkpoint);
      batch = [];
      await refreshStatisticsIfDue(db, ++batches);
      options.onProgress?.({ totals, done: bytes, total: file?.size ?? null });
      await saveProgress();
    };
    for await (const { line, lineNumber, bytesRead } of readLines(stream, { skipLines: resumeAfter })) {
      bytes = bytesRead;
      lastLine = lineNumber;
      const parsed = parseLine(line, lineNumber);
      if (parsed === null) continue;
      totals.read += 1;
      if (isRecordIssue(parsed)) addIssues(totals, [parsed], "skipped");
      else batch.push({ record: parsed, position: `line ${lineNumber}` });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    // Finished: a later run of the same file reads it again rather than skipping it all.
    if (file) await db.ingestCheckpoint.deleteMany({ where: { key: file.key } });
  });
  return { ...result, resumedAfterLine: resumeAfter };
}

/** A file is "the same file" for resuming while its path, size and modification time match. */
async function fileIdentity(source: IngestSource, file: string) {
  const [path, info] = await Promise.all([realpath(file), stat(file)]);
  return { path, size: info.size, key: `${source}:${path}:${info.size}:${Math.trunc(info.mtimeMs)}` };
}
