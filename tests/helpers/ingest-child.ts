// A file import in a process of its own, for tests/ingest/sources/lines-file.test.ts,
// which kills it halfway or watches its memory. Started as
//   node --expose-gc --import tsx --import ./scripts/server-only-hook.mjs tests/helpers/ingest-child.ts
// with DATABASE_URL and INGEST_FILE, INGEST_SOURCE (arxiv-snapshot | jsonl), INGEST_BATCH.
// Prints one JSON line per written batch: { bytes, heapAfterGc } and finally { result }.
import { createPrismaClient } from "@/lib/db/client";
import { parseSnapshotLine } from "@/lib/ingest/arxiv-snapshot/parse-snapshot-line";
import { parseJsonlLine } from "@/lib/ingest/jsonl/parse-jsonl-line";
import { ingestLinesFile } from "@/lib/ingest/sources/lines-file";

const { DATABASE_URL, INGEST_FILE, INGEST_SOURCE, INGEST_BATCH } = process.env;
if (!DATABASE_URL || !INGEST_FILE || (INGEST_SOURCE !== "arxiv-snapshot" && INGEST_SOURCE !== "jsonl")) {
  throw new Error("ingest-child: DATABASE_URL, INGEST_FILE and INGEST_SOURCE are required");
}
const gc = (globalThis as { gc?: () => void }).gc;
const db = createPrismaClient(DATABASE_URL, { poolSize: 1 });
const now = new Date();
try {
  const result = await ingestLinesFile({
    db,
    source: INGEST_SOURCE,
    input: { path: INGEST_FILE },
    parseLine: INGEST_SOURCE === "arxiv-snapshot" ? parseSnapshotLine : (line, n) => parseJsonlLine(line, n, now),
    batchSize: Number(INGEST_BATCH ?? 500),
    onProgress: ({ done }) => {
      gc?.();
      console.log(JSON.stringify({ bytes: done, heapAfterGc: process.memoryUsage().heapUsed }));
    },
  });
  console.log(JSON.stringify({ result }));
} finally {
  await db.$disconnect();
}
