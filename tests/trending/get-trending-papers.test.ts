import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { trendingScore } from "@/lib/trending/formula";
import { getTrendingPapers } from "@/lib/trending/get-trending-papers";
import { resetDatabase } from "../setup/reset-database";

const now = new Date("2026-11-23T12:00:00Z");
const HOUR_MS = 3_600_000;

// Hand-built vote histories: [id, hours since publication, votes].
const histories: [string, number, number][] = [
  ["aaaaaaaaaaaa", 2, 5], // fresh, a few votes
  ["bbbbbbbbbbbb", 48, 50], // two days old, many votes
  ["cccccccccccc", 10, 0], // no votes, older
  ["dddddddddddd", 5, 0], // no votes, newer: wins the tie with c
  ["eeeeeeeeeeee", 24, 20], // a day old, some votes
];

describe("getTrendingPapers", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    for (const [id, ageHours, votes] of histories) {
      const publishedAt = new Date(now.getTime() - ageHours * HOUR_MS);
      await db.paper.create({
        data: { id, title: `Paper ${id}`, titleKey: `paper ${id}`, abstract: `Abstract of ${id}. `.repeat(50), publishedAt, source: "test" },
      });
      await db.vote.createMany({
        data: Array.from({ length: votes }, (_, voter) => ({ paperId: id, voterId: `u${voter}`, createdAt: publishedAt })),
      });
    }
  });
  afterAll(() => db.$disconnect());

  it("orders by the formula, newer first on ties", async () => {
    const papers = await getTrendingPapers({ now, limit: 10, offset: 0 });
    expect(papers.map((p) => p.id)).toEqual(["aaaaaaaaaaaa", "eeeeeeeeeeee", "bbbbbbbbbbbb", "dddddddddddd", "cccccccccccc"]);
  });

  it("computes in SQL the same score as lib/trending/formula", async () => {
    const papers = await getTrendingPapers({ now, limit: 10, offset: 0 });
    for (const [id, ageHours, votes] of histories) {
      const paper = papers.find((p) => p.id === id)!;
      expect(paper.votes).toBe(votes);
      expect(paper.score).toBeCloseTo(trendingScore(votes, ageHours), 9);
    }
  });

  it("pages with limit and offset, and previews only the start of the abstract", async () => {
    const page = await getTrendingPapers({ now, limit: 2, offset: 2 });
    expect(page.map((p) => p.id)).toEqual(["bbbbbbbbbbbb", "dddddddddddd"]);
    expect(page[0].abstractStart.length).toBe(400);
  });
});
