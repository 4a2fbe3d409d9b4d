import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { trendingScore, type TrendingPeriod } from "@/lib/trending/formula";
import { countTrendingPapers, getTrendingPapers } from "@/lib/trending/get-trending-papers";
import { resetDatabase } from "../setup/reset-database";

const now = new Date("2026-11-23T12:00:00Z");
const HOUR_MS = 3_600_000;

// Hand-built vote histories: a paper's age, and its votes as [how many, hours ago].
type History = { id: string; ageHours: number; votes: [number, number][] };
const histories: History[] = [
  { id: "aaaaaaaaaaaa", ageHours: 2, votes: [[5, 1]] }, // fresh, a few votes
  { id: "bbbbbbbbbbbb", ageHours: 48, votes: [[10, 12], [40, 40]] }, // two days old, most votes yesterday
  { id: "cccccccccccc", ageHours: 10, votes: [] }, // no votes, older
  { id: "dddddddddddd", ageHours: 5, votes: [] }, // no votes, newer: wins the tie with c
  { id: "eeeeeeeeeeee", ageHours: 24, votes: [[20, 6]] }, // a day old, some votes
  { id: "ffffffffffff", ageHours: 15 * 24, votes: [[100, 2]] }, // past the 14-day cap, still voted on
  { id: "999999999999", ageHours: -5, votes: [] }, // announced for the future: never listed
];

function expectedScore(history: History, period: TrendingPeriod): number {
  const windowHours = { day: 24, week: 168, month: 720 }[period];
  const inPeriod = history.votes.filter(([, hoursAgo]) => hoursAgo < windowHours).reduce((sum, [count]) => sum + count, 0);
  return trendingScore(inPeriod, history.ageHours, period);
}

describe("getTrendingPapers", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    for (const { id, ageHours, votes } of histories) {
      await db.paper.create({
        data: {
          id,
          title: `Paper ${id}`,
          titleKey: `paper ${id}`,
          abstract: `Abstract of ${id}. `.repeat(50),
          publishedAt: new Date(now.getTime() - ageHours * HOUR_MS),
          source: "test",
        },
      });
      let voter = 0;
      for (const [count, hoursAgo] of votes) {
        await db.vote.createMany({
          data: Array.from({ length: count }, () => ({
            paperId: id,
            voterId: `u${voter++}`,
            createdAt: new Date(now.getTime() - hoursAgo * HOUR_MS),
          })),
        });
      }
    }
  });
  afterAll(() => db.$disconnect());

  const ids = async (period: TrendingPeriod) =>
    (await getTrendingPapers({ period, now, limit: 20, maxAgeDays: 14 })).map((p) => p.id);

  it("orders today's list by the formula, newer first on ties, without papers past the cap", async () => {
    expect(await ids("day")).toEqual(["aaaaaaaaaaaa", "eeeeeeeeeeee", "bbbbbbbbbbbb", "dddddddddddd", "cccccccccccc"]);
  });

  it("orders this week's list with gentler gravity: yesterday's many votes now beat today's few", async () => {
    expect(await ids("week")).toEqual(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "eeeeeeeeeeee", "dddddddddddd", "cccccccccccc"]);
  });

  it("keeps the whole month in this month's list", async () => {
    expect(await ids("month")).toEqual(["bbbbbbbbbbbb", "aaaaaaaaaaaa", "eeeeeeeeeeee", "ffffffffffff", "dddddddddddd", "cccccccccccc"]);
  });

  it("counts only votes inside the period, and computes in SQL the score of lib/trending/formula", async () => {
    for (const period of ["day", "week", "month"] as const) {
      for (const paper of await getTrendingPapers({ period, now, limit: 20, maxAgeDays: 14 })) {
        const history = histories.find((h) => h.id === paper.id)!;
        expect(paper.score, `${period} ${paper.id}`).toBeCloseTo(expectedScore(history, period), 9);
        expect(paper.votes).toBe(history.votes.reduce((sum, [count]) => sum + count, 0));
      }
    }
    const b = (await getTrendingPapers({ period: "day", now, limit: 20 })).find((p) => p.id === "bbbbbbbbbbbb")!;
    expect(b).toMatchObject({ votes: 50, votesInPeriod: 10, votesLast24h: 10, ageHours: 48 });
  });

  it("pages with limit and offset, previews only the start of the abstract, and counts the list", async () => {
    const page = await getTrendingPapers({ period: "day", now, limit: 2, offset: 2, maxAgeDays: 14 });
    expect(page.map((p) => p.id)).toEqual(["bbbbbbbbbbbb", "dddddddddddd"]);
    expect(page[0].abstractStart.length).toBe(400);
    expect(await countTrendingPapers({ period: "day", now, maxAgeDays: 14 })).toBe(5);
    expect(await countTrendingPapers({ period: "month", now, maxAgeDays: 14 })).toBe(6);
  });
});
