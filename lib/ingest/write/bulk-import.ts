// A first import into an empty database (all of arXiv on a fresh instance), as one
// transaction: every record staged, merged once (as one batch of mergeBatch), and the
// papers' secondary indexes and the authorship foreign keys built once at the end,
// instead of updated row by row. At 1M papers this is what the time goes to otherwise
// (bench/README.md, ingest). Readers of papers wait for it to commit; an interrupted or
// failed run leaves the database as it was.
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { IngestRecord, IngestSource } from "../record";
import { appendToStage, createStage, lockWriters, mergeStaged, type MergeCounts } from "./merge-batch";

export type BulkPhase = "staging" | "merging" | "indexing";

/**
 * Records per staging statement, whatever the batch size. Prisma's debug logger keeps the
 * arguments of its last 100 calls alive even with logging off (@prisma/debug's
 * argsHistory, in the client and in the pg adapter), and a bulk import sends one large
 * statement after another: at 2,000 records (~4 MB of parameters) a statement, a 100k
 * import peaked at 859 MB. At 250 the histories hold at most ~100 MB (2 x 100 calls x
 * ~0.5 MB), and the same import ran within a 256 MB heap.
 */
const STAGE_ROWS = 250;

/**
 * Memory for building the indexes (Postgres's default is 64 MB): a GIN build collects
 * entries in it and flushes them into the index when full, so more means fewer, larger
 * flushes. Not tuned: the 1M figures in bench/README.md were measured with this.
 */
const INDEX_BUILD_MEMORY = "512MB";

export async function bulkImport(options: {
  db: Database;
  source: IngestSource;
  batches: AsyncIterable<IngestRecord[]>;
  onPhase?: (phase: BulkPhase) => void;
}): Promise<MergeCounts> {
  const { db, source, batches, onPhase } = options;
  return db.$transaction(
    async (tx) => {
      await lockWriters(tx);
      const [existing] = await tx.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM papers) AS any`;
      if (existing!.any) throw new Error("a bulk import is only for an empty database, and this one has papers: run the import without --bulk");
      const deferred = await dropDeferredIndexes(tx);

      onPhase?.("staging");
      await createStage(tx);
      let staged = 0;
      for await (const records of readAhead(batches)) {
        for (let start = 0; start < records.length; start += STAGE_ROWS) {
          const chunk = records.slice(start, start + STAGE_ROWS);
          await appendToStage(tx, chunk, source, staged);
          staged += chunk.length;
        }
      }
      // Its statistics size the joins of the merge below (a temp table has none until then).
      await tx.$executeRaw`ANALYZE ingest_stage`;

      onPhase?.("merging");
      // Every paper is new: its vocabulary is counted once, in parallel, not as changes.
      const counts = await mergeStaged(tx, { recountVocabulary: true });

      onPhase?.("indexing");
      await tx.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
      for (const statement of deferred) await tx.$executeRawUnsafe(statement);
      return { ...counts, unchanged: staged - counts.inserted - counts.updated };
    },
    // A whole snapshot in one transaction: hours on a slow disk, never Prisma's 5 s.
    { timeout: 12 * 3_600_000, maxWait: 60_000 },
  );
}

/**
 * Drops what every written row would otherwise update: the secondary indexes of papers
 * and paper_authors and paper_authors' foreign keys (their checks run per row). The
 * primary keys stay (the merge's upserts need them). Read from the catalog, so a new
 * migration's index is deferred too. Returns the statements that recreate them.
 */
async function dropDeferredIndexes(tx: Prisma.TransactionClient): Promise<string[]> {
  // Indexes first, then the foreign keys (each validated by one join over the table).
  const rows = await tx.$queryRaw<{ drop: string; recreate: string }[]>`
    SELECT drop, recreate FROM (
      SELECT false AS foreign_key, format('DROP INDEX %s', i.indexrelid::regclass) AS drop,
             pg_get_indexdef(i.indexrelid) AS recreate
      FROM pg_index i
      WHERE i.indrelid IN ('papers'::regclass, 'paper_authors'::regclass) AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      UNION ALL
      SELECT true, format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
             format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
      FROM pg_constraint
      WHERE conrelid = 'paper_authors'::regclass AND contype = 'f'
    ) deferred
    ORDER BY foreign_key, drop`;
  for (const row of rows) await tx.$executeRawUnsafe(row.drop);
  return rows.map((row) => row.recreate);
}

/**
 * Asks for the next batch before the current one is written, so reading and parsing it
 * (Node) overlaps with inserting this one (Postgres): two cores, both busy.
 */
async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    let next = iterator.next();
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      // Its failure is thrown by the await above, one batch later; not an unhandled rejection meanwhile.
      next.catch(() => {});
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
