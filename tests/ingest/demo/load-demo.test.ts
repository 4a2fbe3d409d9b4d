import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { demoVotes, uniquePapers } from "@/lib/ingest/demo/demo-papers";
import { loadDemoCorpus, readDemoDumps } from "@/lib/ingest/demo/load-demo";
import { resetDatabase } from "../../setup/reset-database";

const now = new Date("2026-11-23T12:00:00Z");
const DAY_MS = 86_400_000;

describe("demo corpus generation (pure)", () => {
  it("is the same on every run: fixed seed", async () => {
    const dumps = await readDemoDumps();
    const a = uniquePapers(dumps, now);
    const b = uniquePapers(dumps, now);
    expect(a).toEqual(b);
    expect(demoVotes(a, now)).toEqual(demoVotes(b, now));
  });

  it("dates every paper within the last 30 days and every vote between publication and now", async () => {
    const papers = uniquePapers(await readDemoDumps(), now);
    for (const paper of papers) {
      expect(now.getTime() - paper.publishedAt.getTime()).toBeGreaterThanOrEqual(0);
      expect(now.getTime() - paper.publishedAt.getTime()).toBeLessThanOrEqual(30 * DAY_MS);
    }
    const published = new Map(papers.map((p) => [p.id, p.publishedAt.getTime()]));
    for (const vote of demoVotes(papers, now)) {
      expect(vote.createdAt.getTime()).toBeGreaterThanOrEqual(published.get(vote.paperId)!);
      expect(vote.createdAt.getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });

  it("gives papers listed earlier in a dump more votes", async () => {
    const papers = uniquePapers(await readDemoDumps(), now);
    const votes = demoVotes(papers, now);
    const perPaper = new Map<string, number>();
    for (const vote of votes) perPaper.set(vote.paperId, (perPaper.get(vote.paperId) ?? 0) + 1);
    const mean = (group: typeof papers) => group.reduce((sum, p) => sum + (perPaper.get(p.id) ?? 0), 0) / group.length;
    const top = papers.filter((p) => p.bestRank < 10);
    const tail = papers.filter((p) => p.bestRank >= 100);
    expect(mean(top)).toBeGreaterThan(3 * mean(tail));
    expect(Math.min(...papers.map((p) => perPaper.get(p.id) ?? 0))).toBeGreaterThanOrEqual(1);
  });
});

describe("loadDemoCorpus (database)", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  beforeAll(resetDatabase);
  afterAll(() => db.$disconnect());

  it("loads 513 unique papers from 578 listings, with source demo and code links", async () => {
    const result = await loadDemoCorpus(db, { now });
    expect(result).toMatchObject({ listings: 578, papers: 513, insertedPapers: 513 });
    expect(result.insertedVotes).toBeGreaterThan(0);
    expect(await db.paper.count()).toBe(513);
    expect(await db.paper.count({ where: { source: { not: "demo" } } })).toBe(0);
    expect(await db.vote.count()).toBe(result.insertedVotes);

    const withCode = await db.paper.findFirst({ where: { abstract: { contains: "github.com/ariapoy/active-learning-benchmark" } } });
    expect(withCode?.links).toContain("https://github.com/ariapoy/active-learning-benchmark");
  });

  it("leaves 513 papers and the same votes when imported twice", async () => {
    const votesBefore = await db.vote.count();
    const again = await loadDemoCorpus(db, { now: new Date(now.getTime() + DAY_MS) });
    expect(again).toMatchObject({ insertedPapers: 0, insertedVotes: 0 });
    expect(await db.paper.count()).toBe(513);
    expect(await db.vote.count()).toBe(votesBefore);
  });

  it("fills the generated search vector, title above abstract", async () => {
    const [row] = await db.$queryRaw<{ matches: number }[]>`
      SELECT count(*)::int AS matches FROM papers WHERE search_vector @@ websearch_to_tsquery('english', 'contrastive')`;
    expect(row.matches).toBeGreaterThan(0);
  });
});
