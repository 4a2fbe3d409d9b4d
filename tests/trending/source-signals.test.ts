// Hugging Face upvotes and GitHub stars (ingested as observations) feed trending by
// their growth within the period, never by their totals (lib/trending/formula.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { STAR_WEIGHT, trendingScore } from "@/lib/trending/formula";
import { getTrendingPapers } from "@/lib/trending/get-trending-papers";
import { resetDatabase } from "../setup/reset-database";

const now = new Date("2026-11-23T12:00:00Z");
const HOUR_MS = 3_600_000;
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR_MS);

// [hours ago, upvotes, stars] per observation.
type Observation = [number, number | null, number | null];
const papers: { id: string; ageHours: number; localVotes: number; observations: Observation[] }[] = [
  // Featured 20 h ago; its upvotes grew 0 -> 30 today: all 30 count for the day.
  { id: "hf0000000001", ageHours: 30, localVotes: 0, observations: [[20, 10, null], [2, 30, null]] },
  // 50 upvotes, but all of them before the day began: nothing counts today.
  { id: "hf0000000002", ageHours: 30, localVotes: 0, observations: [[28, 50, null], [3, 50, null]] },
  // A famous repository: 10,000 stars before, 10,100 now -> +100 stars = 20 votes' worth.
  { id: "hf0000000003", ageHours: 30, localVotes: 0, observations: [[26, 0, 10_000], [1, 0, 10_100]] },
  // Stars first seen inside the day: they count from that first observation (5000 -> 5050).
  { id: "hf0000000004", ageHours: 30, localVotes: 0, observations: [[10, null, 5_000], [1, null, 5_050]] },
  // Local votes only.
  { id: "hf0000000005", ageHours: 30, localVotes: 12, observations: [] },
  // An observation from the future (clock skew) is ignored.
  { id: "hf0000000006", ageHours: 30, localVotes: 0, observations: [[-5, 99, null]] },
];

describe("trending with source signals", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    for (const paper of papers) {
      await db.paper.create({
        data: { id: paper.id, title: `Paper ${paper.id}`, titleKey: `paper ${paper.id}`, abstract: "An abstract.", publishedAt: hoursAgo(paper.ageHours), source: "hf-daily" },
      });
      await db.vote.createMany({ data: Array.from({ length: paper.localVotes }, (_, i) => ({ paperId: paper.id, voterId: `u${i}`, createdAt: hoursAgo(3) })) });
      await db.paperObservation.createMany({
        data: paper.observations.map(([h, upvotes, githubStars]) => ({ paperId: paper.id, source: "hf-daily", observedAt: hoursAgo(h), upvotes, githubStars })),
      });
    }
  });
  afterAll(() => db.$disconnect());

  it("counts upvotes and stars gained within the period, weighted, next to local votes", async () => {
    const list = await getTrendingPapers({ period: "day", now, limit: 10, maxAgeDays: 14 });
    const byId = new Map(list.map((p) => [p.id, p]));
    expect(list.map((p) => p.id)).toEqual(["hf0000000001", "hf0000000003", "hf0000000005", "hf0000000004", "hf0000000002", "hf0000000006"]);
    expect(byId.get("hf0000000001")).toMatchObject({ upvotesGained: 30, starsGained: 0, votesInPeriod: 0 });
    expect(byId.get("hf0000000002")).toMatchObject({ upvotesGained: 0, starsGained: 0 });
    expect(byId.get("hf0000000003")).toMatchObject({ upvotesGained: 0, starsGained: 100 });
    expect(byId.get("hf0000000004")).toMatchObject({ starsGained: 50 });
    expect(byId.get("hf0000000006")).toMatchObject({ upvotesGained: 0 });
    expect(byId.get("hf0000000003")!.score).toBeCloseTo(trendingScore({ votes: 0, starsGained: 100 }, 30, "day"), 10);
    expect(byId.get("hf0000000003")!.score).toBeCloseTo(trendingScore(100 * STAR_WEIGHT, 30, "day"), 10);
    expect(byId.get("hf0000000005")!.score).toBeCloseTo(trendingScore(12, 30, "day"), 10);
  });

  it("over the week the earlier upvotes count too", async () => {
    const list = await getTrendingPapers({ period: "week", now, limit: 10, maxAgeDays: 14 });
    expect(list.find((p) => p.id === "hf0000000002")).toMatchObject({ upvotesGained: 50 });
  });
});
