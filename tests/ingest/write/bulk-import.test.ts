// The bulk first import (ingestLinesFile with bulk: true) on the test database: the same
// papers, authors and vocabulary as the incremental import of the same file, the schema's
// indexes and foreign keys back as they were, and all or nothing when it cannot finish.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { parseSnapshotLine } from "@/lib/ingest/arxiv-snapshot/parse-snapshot-line";
import { isRecordIssue } from "@/lib/ingest/record";
import { ingestLinesFile, type LineParser } from "@/lib/ingest/sources/lines-file";
import { resetDatabase } from "../../setup/reset-database";

const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 2 });
afterAll(() => db.$disconnect());
beforeEach(() => resetDatabase());

const SAMPLE = path.join(import.meta.dirname, "..", "..", "fixtures", "arxiv-snapshot", "sample.jsonl");

/**
 * The fixture (good and malformed lines), then each good record again as its next version with a new
 * title and author list, then the v1 lines once more: later versions win, a stale
 * version changes nothing, whichever batch each lands in.
 */
async function snapshotWithRevisions(): Promise<string> {
  const lines = (await readFile(SAMPLE, "utf8")).split("\n");
  const revised = lines.flatMap((line) => {
    const parsed = parseSnapshotLine(line, 1);
    if (parsed === null || isRecordIssue(parsed)) return [];
    const record = JSON.parse(line) as { title: string; authors: string; versions: { version: string; created: string }[] };
    record.title = `${record.title} (extended version)`;
    record.authors = `${record.authors}, Emmy Noether`;
    record.versions = [...record.versions, { version: `v${record.versions.length + 1}`, created: "Mon, 3 Mar 2025 09:00:00 GMT" }];
    return [JSON.stringify(record)];
  });
  return [...lines, ...revised, ...lines].join("\n");
}

const importText = (text: string, options: { bulk: boolean; parseLine?: LineParser }) =>
  ingestLinesFile({
    db,
    source: "arxiv-snapshot",
    input: { stream: Readable.from([text]), name: "test" },
    parseLine: options.parseLine ?? parseSnapshotLine,
    batchSize: 3,
    bulk: options.bulk,
  });

/** Everything an import writes that readers see, in a comparable form. */
async function contents() {
  const [row] = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT
      (SELECT json_agg(p ORDER BY p.id) FROM (
        SELECT id, arxiv_id, arxiv_version, title, title_key, abstract, published_at, source, links, categories,
               comment, source_updated_at, search_vector::text AS search_vector FROM papers) p) AS papers,
      (SELECT json_agg(x ORDER BY x.paper_id, x.position) FROM (
        SELECT pa.paper_id, pa.position, a.name FROM paper_authors pa JOIN authors a ON a.id = pa.author_id) x) AS authorships,
      (SELECT json_agg(w ORDER BY w.word) FROM search_words w) AS words,
      (SELECT json_agg(l ORDER BY l.lexeme) FROM search_lexemes l) AS lexemes`;
  return row;
}

/** The indexes and constraints of the tables a bulk import rebuilds. */
async function schema() {
  return db.$queryRaw<{ definition: string }[]>`
    SELECT pg_get_indexdef(indexrelid) AS definition FROM pg_index
    WHERE indrelid IN ('papers'::regclass, 'paper_authors'::regclass, 'authors'::regclass)
    UNION ALL
    SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
    WHERE conrelid IN ('papers'::regclass, 'paper_authors'::regclass, 'authors'::regclass)
    ORDER BY 1`;
}

describe("bulk first import", () => {
  it("writes what the incremental import writes, and leaves every index and foreign key as it found them", async () => {
    const text = await snapshotWithRevisions();
    const schemaBefore = await schema();
    const incremental = await importText(text, { bulk: false });
    expect(incremental.status).toBe("succeeded");
    const expected = await contents();

    await resetDatabase();
    const bulk = await importText(text, { bulk: true });
    expect(bulk.status).toBe("succeeded");
    expect(await contents()).toEqual(expected);
    expect(await schema()).toEqual(schemaBefore);
    expect(bulk.totals).toMatchObject({ read: incremental.totals.read, skipped: incremental.totals.skipped, inserted: await db.paper.count(), updated: 0 });
    expect(bulk.totals.inserted + bulk.totals.unchanged + bulk.totals.skipped).toBe(bulk.totals.read);
    expect(bulk.totals.issues).toEqual(incremental.totals.issues);
    // The titles are the revised ones: the new version won over the older lines before and after it.
    expect((await db.paper.findMany({ select: { title: true } })).every((p) => p.title.endsWith("(extended version)"))).toBe(true);
    expect(await db.ingestRun.findFirstOrThrow({ where: { id: bulk.runId } })).toMatchObject({ status: "succeeded", inserted: bulk.totals.inserted });
  });

  it("refuses a database that already has papers, and changes nothing", async () => {
    const text = await readFile(SAMPLE, "utf8");
    await importText(text.split("\n")[0]!, { bulk: false });
    const before = await contents();
    const schemaBefore = await schema();

    const result = await importText(text, { bulk: true });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/only for an empty database/);
    expect(await contents()).toEqual(before);
    expect(await schema()).toEqual(schemaBefore);
  });

  it("is all or nothing: a record the database refuses rolls the whole import back, indexes included", async () => {
    const schemaBefore = await schema();
    const wordsBefore = await db.searchWord.count();
    // A NUL character: valid JSON, refused by Postgres in text.
    const poisoned: LineParser = (line, n) => {
      const parsed = parseSnapshotLine(line, n);
      return parsed && !isRecordIssue(parsed) && parsed.arxivId === "2501.07542" ? { ...parsed, abstract: "bad\u0000byte" } : parsed;
    };
    const result = await importText(await readFile(SAMPLE, "utf8"), { bulk: true, parseLine: poisoned });
    expect(result.status).toBe("failed");
    expect(await db.paper.count()).toBe(0);
    expect(await db.searchWord.count()).toBe(wordsBefore);
    expect(await schema()).toEqual(schemaBefore);
    expect(await db.ingestRun.findFirstOrThrow({ where: { id: result.runId } })).toMatchObject({ status: "failed" });
  });
});
