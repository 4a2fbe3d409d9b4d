// The floor for bench/ingest.ts: PostgreSQL's own bulk loader. The snapshot's lines are
// parsed with the app's parser (parseSnapshotLine), so the rows are exactly the ones
// the app writes, and turned into CSV files (untimed); then `psql \copy` loads them
// into a fresh, migrated database with every index and trigger of the real schema
// (the stored tsvector, its GIN index, the title trigram index, the foreign keys).
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { parseSnapshotLine } from "@/lib/ingest/arxiv-snapshot/parse-snapshot-line";
import { readLines } from "@/lib/ingest/files/read-lines";
import { isRecordIssue } from "@/lib/ingest/record";
import { newPaperId } from "@/lib/ingest/write/merge-batch";
import { titleKey } from "@/lib/papers/title-key";
import { createProgressBar } from "@/scripts/progress-bar";

const run = promisify(execFile);

/** The columns merge-batch.ts writes for a new paper (created_at and search_vector are the database's). */
export const PAPER_COLUMNS = [
  "id", "arxiv_id", "arxiv_version", "title", "title_key", "abstract", "published_at", "source", "links",
  "categories", "comment", "source_updated_at", "updated_at",
] as const;

export type BaselineCsv = {
  dir: string;
  /** Non-blank lines, records that parsed, distinct arXiv ids among them. */
  lines: number;
  records: number;
  uniqueIds: number;
  /** Records whose id came earlier in the file (kept: the first; the app keeps the highest version). */
  duplicateIds: number;
  skipped: number;
  authors: number;
  authorships: number;
  bytes: number;
  ms: number;
};

// CSV as COPY reads it: a quoted field is a string (even ""), an unquoted empty one NULL.
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
const nullable = (text: string | null) => (text === null ? "" : quoted(text));
/** A text[] literal ({"a","b"}), then quoted for CSV. */
const textArray = (items: string[]) => quoted(`{${items.map((item) => `"${item.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`);

/** A write stream that is written in ~1 MB strings and waits when its buffer is full. */
function bufferedWriter(file: string) {
  const stream: WriteStream = createWriteStream(file);
  let pending = "";
  let bytes = 0;
  const flush = async () => {
    bytes += Buffer.byteLength(pending);
    if (!stream.write(pending)) await once(stream, "drain");
    pending = "";
  };
  return {
    async line(text: string) {
      pending += `${text}\n`;
      if (pending.length >= 1 << 20) await flush();
    },
    async close() {
      await flush();
      stream.end();
      await once(stream, "finish");
      return bytes;
    },
    destroy: () => stream.destroy(),
  };
}

/**
 * Parses `file` line by line and writes papers.csv, authors.csv (id, name; ids in
 * first-seen order) and paper_authors.csv to `dir`.
 */
export async function writeBaselineCsv(file: string, dir: string): Promise<BaselineCsv> {
  const started = performance.now();
  const size = (await stat(file)).size;
  const bar = createProgressBar("csv", { unit: "bytes" });
  const papers = bufferedWriter(path.join(dir, "papers.csv"));
  const authors = bufferedWriter(path.join(dir, "authors.csv"));
  const paperAuthors = bufferedWriter(path.join(dir, "paper_authors.csv"));
  // The CSV's own stamp, as the app's now(): the time the rows were made, not loaded.
  const updatedAt = new Date().toISOString();
  const seenIds = new Set<string>();
  const authorIds = new Map<string, number>();
  const counts = { lines: 0, records: 0, duplicateIds: 0, skipped: 0, authorships: 0 };
  try {
    for await (const { line, lineNumber, bytesRead } of readLines(createReadStream(file))) {
      const record = parseSnapshotLine(line, lineNumber);
      if (record === null) continue;
      counts.lines += 1;
      if (isRecordIssue(record)) {
        counts.skipped += 1;
        continue;
      }
      counts.records += 1;
      // Every snapshot record has an id; \copy would fail on a second row with one.
      const arxivId = record.arxivId!;
      if (seenIds.has(arxivId)) {
        counts.duplicateIds += 1;
        continue;
      }
      seenIds.add(arxivId);
      const id = newPaperId(record);
      await papers.line(
        [
          quoted(id), quoted(arxivId), record.arxivVersion === null ? "" : String(record.arxivVersion), quoted(record.title),
          quoted(titleKey(record.title)), quoted(record.abstract), record.publishedAt.toISOString(), quoted("arxiv-snapshot"),
          textArray(record.links), textArray(record.categories), nullable(record.comment),
          record.sourceUpdatedAt ? record.sourceUpdatedAt.toISOString() : "", updatedAt,
        ].join(","),
      );
      for (const [position, name] of record.authors.entries()) {
        let authorId = authorIds.get(name);
        if (authorId === undefined) {
          authorId = authorIds.size + 1;
          authorIds.set(name, authorId);
          await authors.line(`${authorId},${quoted(name)}`);
        }
        await paperAuthors.line(`${quoted(id)},${authorId},${position}`);
        counts.authorships += 1;
      }
      if (counts.lines % 5_000 === 0) bar.update(bytesRead, size, `${counts.records.toLocaleString("en")} records`);
    }
    bar.update(size, size, `${counts.records.toLocaleString("en")} records`);
    const bytes = (await papers.close()) + (await authors.close()) + (await paperAuthors.close());
    return { dir, ...counts, uniqueIds: seenIds.size, authors: authorIds.size, bytes, ms: performance.now() - started };
  } catch (error) {
    [papers, authors, paperAuthors].forEach((writer) => writer.destroy());
    throw error;
  } finally {
    bar.finish();
  }
}

/** `psql -c "\copy table(columns) FROM 'file' WITH (FORMAT csv)"`, timed from spawn to exit. */
export async function psqlCopy(url: string, table: string, columns: readonly string[], file: string): Promise<number> {
  const psql = process.env.PSQL || "psql";
  const command = `\\copy ${table}(${columns.join(", ")}) FROM '${file.replaceAll("'", "''")}' WITH (FORMAT csv)`;
  const started = performance.now();
  // -X: no ~/.psqlrc, so nothing but the \copy runs.
  await run(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", command], { maxBuffer: 1 << 20 });
  return performance.now() - started;
}

export type BaselineTimes = { papersMs: number; authorsMs: number; paperAuthorsMs: number };

/** Loads the CSVs: papers first (the baseline proper), then authors and paper_authors. */
export async function copyBaseline(url: string, csv: BaselineCsv): Promise<BaselineTimes> {
  const papersMs = await psqlCopy(url, "papers", PAPER_COLUMNS, path.join(csv.dir, "papers.csv"));
  const authorsMs = await psqlCopy(url, "authors", ["id", "name"], path.join(csv.dir, "authors.csv"));
  const paperAuthorsMs = await psqlCopy(url, "paper_authors", ["paper_id", "author_id", "position"], path.join(csv.dir, "paper_authors.csv"));
  return { papersMs, authorsMs, paperAuthorsMs };
}
