import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { hasVoted, toggleVote, votedPapers } from "@/lib/votes/toggle-vote";
import { getTrendingPapers } from "@/lib/trending/get-trending-papers";
import { resetDatabase } from "../setup/reset-database";

const now = new Date();

describe("toggleVote", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  beforeAll(async () => {
    await resetDatabase();
    for (const id of ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]) {
      await db.paper.create({
        data: { id, title: `Paper ${id}`, titleKey: `paper ${id}`, abstract: "An abstract.", publishedAt: new Date(now.getTime() - 3_600_000), source: "test" },
      });
    }
  });
  afterAll(() => db.$disconnect());

  it("votes, then takes the vote back, one vote per person", async () => {
    expect(await toggleVote("user-1", "aaaaaaaaaaaa", now)).toEqual({ voted: true, votes: 1 });
    expect(await hasVoted("user-1", "aaaaaaaaaaaa")).toBe(true);
    expect(await toggleVote("user-2", "aaaaaaaaaaaa", now)).toEqual({ voted: true, votes: 2 });
    expect(await toggleVote("user-1", "aaaaaaaaaaaa", now)).toEqual({ voted: false, votes: 1 });
    expect(await hasVoted("user-1", "aaaaaaaaaaaa")).toBe(false);
  });

  it("feeds trending at once", async () => {
    await toggleVote("user-3", "bbbbbbbbbbbb", now);
    await toggleVote("user-4", "bbbbbbbbbbbb", now);
    const top = await getTrendingPapers({ period: "day", now: new Date(now.getTime() + 1000), limit: 2 });
    expect(top.map((p) => [p.id, p.votes])).toEqual([
      ["bbbbbbbbbbbb", 2],
      ["aaaaaaaaaaaa", 1],
    ]);
  });

  it("lists a person's votes and refuses unknown papers", async () => {
    expect((await votedPapers("user-3")).map((p) => p.id)).toEqual(["bbbbbbbbbbbb"]);
    expect(await toggleVote("user-1", "ffffffffffff", now)).toBeNull();
  });
});
