import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { IngestRecord } from "@/lib/ingest/record";
import { mergeBatch, newPaperId } from "@/lib/ingest/write/merge-batch";
import { paperIdFor } from "@/lib/papers/paper-id";
import { titleKey } from "@/lib/papers/title-key";
import { resetDatabase } from "../../setup/reset-database";

const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 2 });
afterAll(() => db.$disconnect());
beforeEach(() => resetDatabase());

function record(overrides: Partial<IngestRecord> = {}): IngestRecord {
  return {
    arxivId: "2511.01234",
    arxivVersion: 1,
    title: "Sparse Mixtures of Experts Scale",
    abstract: "We show that sparse experts scale.",
    authors: ["Ada Lovelace", "Alan Turing"],
    publishedAt: new Date("2026-11-20T10:00:00Z"),
    sourceUpdatedAt: new Date("2026-11-20T10:00:00Z"),
    categories: ["cs.LG", "stat.ML"],
    comment: null,
    links: [],
    observation: null,
    ...overrides,
  };
}

async function paperAuthors(paperId: string) {
  const rows = await db.paperAuthor.findMany({ where: { paperId }, orderBy: { position: "asc" }, include: { author: true } });
  return rows.map((row) => row.author.name);
}

async function demoPaper(title: string) {
  const key = titleKey(title);
  await db.paper.create({
    data: { id: paperIdFor(key), title, titleKey: key, abstract: "Demo listing.", publishedAt: new Date("2026-11-01T00:00:00Z"), source: "demo" },
  });
  await db.vote.create({ data: { paperId: paperIdFor(key), voterId: "demo:1" } });
  return paperIdFor(key);
}

describe("mergeBatch", () => {
  it("inserts new papers with authors in order, categories and an id from the arXiv id", async () => {
    const counts = await mergeBatch(db, [record()], "arxiv");
    expect(counts).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const paper = await db.paper.findUniqueOrThrow({ where: { arxivId: "2511.01234" } });
    expect(paper.id).toBe(paperIdFor("arxiv:2511.01234"));
    expect(paper.categories).toEqual(["cs.LG", "stat.ML"]);
    expect(paper.source).toBe("arxiv");
    expect(await paperAuthors(paper.id)).toEqual(["Ada Lovelace", "Alan Turing"]);
  });

  it("is idempotent: the same batch twice changes nothing the second time", async () => {
    const batch = [record(), record({ arxivId: "2511.09999", title: "Another Paper", authors: ["Grace Hopper"] })];
    expect(await mergeBatch(db, batch, "arxiv")).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const before = await db.paper.findMany({ orderBy: { id: "asc" } });
    expect(await mergeBatch(db, batch, "arxiv")).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await db.paper.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.paperAuthor.count()).toBe(3);
  });

  it("a newer version updates title, abstract and authors; an older one does not undo it", async () => {
    await mergeBatch(db, [record()], "arxiv");
    const v2 = record({ arxivVersion: 2, title: "Sparse Mixtures of Experts Scale Well", authors: ["Alan Turing", "Ada Lovelace", "Kurt Gödel"] });
    expect(await mergeBatch(db, [v2], "arxiv")).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await mergeBatch(db, [record()], "arxiv")).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const paper = await db.paper.findUniqueOrThrow({ where: { arxivId: "2511.01234" } });
    expect(paper.title).toBe("Sparse Mixtures of Experts Scale Well");
    expect(paper.arxivVersion).toBe(2);
    expect(paper.id).toBe(paperIdFor("arxiv:2511.01234"));
    expect(await paperAuthors(paper.id)).toEqual(["Alan Turing", "Ada Lovelace", "Kurt Gödel"]);
  });

  it("two versions of one id in one batch give one paper at the higher version", async () => {
    const counts = await mergeBatch(db, [record({ arxivVersion: 2, title: "V2" }), record({ arxivVersion: 1, title: "V1" })], "arxiv");
    expect(counts).toEqual({ inserted: 1, updated: 0, unchanged: 1 });
    const papers = await db.paper.findMany();
    expect(papers.map((p) => [p.title, p.arxivVersion])).toEqual([["V2", 2]]);
  });

  it("merges a demo paper with its arXiv record by title: one paper, same id, votes kept", async () => {
    const demoId = await demoPaper("Sparse mixtures of experts SCALE!");
    expect(await mergeBatch(db, [record()], "arxiv")).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const papers = await db.paper.findMany();
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({ id: demoId, arxivId: "2511.01234", source: "arxiv", title: "Sparse Mixtures of Experts Scale" });
    expect(await db.vote.count({ where: { paperId: demoId } })).toBe(1);
  });

  it("two arXiv papers sharing a title stay two papers (only one takes over the id-less namesake)", async () => {
    const demoId = await demoPaper("Attention Is All You Need");
    const a = record({ arxivId: "1706.03762", title: "Attention Is All You Need" });
    const b = record({ arxivId: "2401.00001", title: "Attention is all you need" });
    expect(await mergeBatch(db, [a, b], "arxiv")).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    const byArxiv = await db.paper.findMany({ orderBy: { arxivId: "asc" } });
    expect(byArxiv.map((p) => [p.arxivId, p.id])).toEqual([
      ["1706.03762", demoId],
      ["2401.00001", newPaperId(b)],
    ]);
    // A later record of either id lands on its own paper.
    expect(await mergeBatch(db, [b, a], "arxiv")).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
  });

  it("a record without an id merges by title into the arXiv paper, without overwriting arXiv's text", async () => {
    await mergeBatch(db, [record()], "arxiv");
    const jsonl = record({ arxivId: null, arxivVersion: null, abstract: "A shorter abstract.", authors: [], categories: [], links: ["https://github.com/a/b"] });
    expect(await mergeBatch(db, [jsonl], "jsonl")).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const paper = await db.paper.findFirstOrThrow();
    expect(paper.abstract).toBe("We show that sparse experts scale.");
    expect(paper.source).toBe("arxiv");
    expect(paper.links).toEqual(["https://github.com/a/b"]);
    expect(await db.paper.count()).toBe(1);
  });

  it("stores source observations apart from votes, one per ingest", async () => {
    const observed = (upvotes: number, at: string) =>
      record({ observation: { observedAt: new Date(at), upvotes, githubStars: 10, comments: 2, featuredAt: new Date("2026-11-20T07:00:00Z") } });
    await mergeBatch(db, [observed(5, "2026-11-21T06:00:00Z")], "hf-daily");
    await mergeBatch(db, [observed(12, "2026-11-22T06:00:00Z")], "hf-daily");
    const rows = await db.paperObservation.findMany({ orderBy: { observedAt: "asc" } });
    expect(rows.map((r) => [r.source, r.upvotes, r.githubStars, r.featuredAt?.toISOString()])).toEqual([["hf-daily", 5, 10, "2026-11-20T07:00:00.000Z"], ["hf-daily", 12, 10, "2026-11-20T07:00:00.000Z"]]);
    expect(await db.vote.count()).toBe(0);
  });

  it("records the checkpoint in the same transaction as the batch", async () => {
    await mergeBatch(db, [record()], "arxiv-snapshot", { checkpoint: { key: "snap:x", position: 500 } });
    const checkpoint = await db.ingestCheckpoint.findUniqueOrThrow({ where: { key: "snap:x" } });
    expect(checkpoint.position).toBe(500n);
  });
});

describe("writeBatch", () => {
  it("writes the rest of a batch the database refuses, and reports the refused record by position", async () => {
    const { writeBatch } = await import("@/lib/ingest/run/write-batch");
    const { emptyTotals } = await import("@/lib/ingest/run/totals");
    const totals = emptyTotals();
    // Valid to the schema, too large for the database's integer column.
    const tooMany = record({ arxivId: "2511.00002", title: "Too Popular", observation: { observedAt: new Date(), upvotes: 3_000_000_000, githubStars: null, comments: null, featuredAt: null } });
    await writeBatch(db, [
      { record: record({ arxivId: "2511.00001", title: "First" }), position: "line 1" },
      { record: tooMany, position: "line 2" },
      { record: record({ arxivId: "2511.00003", title: "Third" }), position: "line 3" },
    ], "hf-daily", totals, { key: "file:x", position: 3 });
    expect(totals).toMatchObject({ inserted: 2, failed: 1 });
    expect(totals.issues).toHaveLength(1);
    expect(totals.issues[0]!.position).toBe("line 2");
    expect(totals.issues[0]!.reason).toMatch(/^not written: .*out of range/);
    expect((await db.paper.findMany({ orderBy: { arxivId: "asc" } })).map((p) => p.title)).toEqual(["First", "Third"]);
    expect((await db.ingestCheckpoint.findUniqueOrThrow({ where: { key: "file:x" } })).position).toBe(3n);
  });

  it("strips control characters, which PostgreSQL text would refuse", async () => {
    const { ingestRecordSchema } = await import("@/lib/ingest/record");
    expect(ingestRecordSchema.parse(record({ title: "Nul\u0000Byte\u0007 Title" })).title).toBe("Nul Byte Title");
  });
});
