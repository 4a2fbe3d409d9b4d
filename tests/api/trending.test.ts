import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/papers/trending/route";
import { createPrismaClient } from "@/lib/db/client";
import { env } from "@/lib/env";
import { trendingScore } from "@/lib/trending/formula";
import { resetDatabase } from "../setup/reset-database";

// The handler reads the cached trending list (unstable_cache), which needs Next's server;
// here each read goes to the database (the cache is tested in tests/trending/cache-invalidation).
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), unstable_cache: <Read>(read: Read) => read }));

// Absolute links use APP_URL when it is set, else the request's origin.
const baseUrl = env.APP_URL ?? "http://localhost";
const HOUR_MS = 3_600_000;
const now = Date.now();

// [id, hours since publication, votes, hours after publication the votes came]
const histories: [string, number, number, number][] = [
  ["aaaaaaaaaaaa", 2, 5, 1], // fresh: votes within the day
  ["bbbbbbbbbbbb", 30, 20, 1], // votes a day and more ago: this week, not today
  ["cccccccccccc", 10 * 24, 40, 1], // ten days old: votes outside the week
  ["dddddddddddd", 20 * 24, 100, 1], // too old for today's and this week's lists
];

type TrendingBody = { period: string; papers: Record<string, unknown>[] };

async function get(query: string): Promise<{ status: number; body: TrendingBody & { error?: string } }> {
  const response = await GET(new Request(`http://localhost/api/papers/trending${query}`));
  return { status: response.status, body: await response.json() };
}

describe("GET /api/papers/trending", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    for (const [id, ageHours, votes, voteDelayHours] of histories) {
      const publishedAt = new Date(now - ageHours * HOUR_MS);
      await db.paper.create({
        data: {
          id,
          title: `Paper ${id}`,
          titleKey: `paper ${id}`,
          abstract: `The whole abstract of ${id}, longer than a card's preview. `.repeat(20),
          publishedAt,
          source: "test",
          authors: { create: [{ position: 0, author: { create: { name: `Author ${id}` } } }] },
          votes: {
            create: Array.from({ length: votes }, (_, n) => ({ voterId: `u${n}`, createdAt: new Date(publishedAt.getTime() + voteDelayHours * HOUR_MS) })),
          },
        },
      });
    }
  });
  afterAll(() => db.$disconnect());

  it("lists today's trending papers by default, in the public shape with the whole abstract", async () => {
    const { status, body } = await get("");
    expect(status).toBe(200);
    expect(body.period).toBe("day");
    expect(body.papers.map((p) => p.id)).toEqual(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"]);
    const [first] = body.papers;
    expect(Object.keys(first).sort()).toEqual(["abstract", "authors", "id", "publishedAt", "score", "title", "url", "votes", "votesInPeriod"]);
    expect(first).toMatchObject({
      title: "Paper aaaaaaaaaaaa",
      authors: ["Author aaaaaaaaaaaa"],
      publishedAt: new Date(now - 2 * HOUR_MS).toISOString(),
      votes: 5,
      votesInPeriod: 5,
      url: `${baseUrl}/papers/aaaaaaaaaaaa`,
    });
    expect(first.abstract).toBe(`The whole abstract of aaaaaaaaaaaa, longer than a card's preview. `.repeat(20));
    expect((first.abstract as string).length).toBeGreaterThan(400);
    expect(first.score as number).toBeCloseTo(trendingScore(5, 2, "day"), 2);
    expect(body.papers[1]).toMatchObject({ votes: 20, votesInPeriod: 0, score: 0 });
  });

  it("takes the period: the week counts older votes, the month older papers", async () => {
    const week = await get("?period=week");
    expect(week.body.period).toBe("week");
    expect(week.body.papers.map((p) => [p.id, p.votesInPeriod])).toEqual([
      ["aaaaaaaaaaaa", 5],
      ["bbbbbbbbbbbb", 20],
      ["cccccccccccc", 0],
    ]);
    const month = await get("?period=month");
    expect(month.body.papers.map((p) => p.id)).toEqual(["aaaaaaaaaaaa", "bbbbbbbbbbbb", "dddddddddddd", "cccccccccccc"]);
  });

  it("takes a limit", async () => {
    const { body } = await get("?period=month&limit=2");
    expect(body.papers.map((p) => p.id)).toEqual(["aaaaaaaaaaaa", "bbbbbbbbbbbb"]);
  });

  it("refuses an unknown period or a bad limit with a 400 JSON error", async () => {
    for (const [query, error] of [
      ["?period=year", "period must be day, week or month"],
      ["?period=DAY", "period must be day, week or month"],
      ["?limit=0", "limit must be a whole number from 1 to 100"],
      ["?limit=101", "limit must be a whole number from 1 to 100"],
      ["?limit=ten", "limit must be a whole number from 1 to 100"],
    ]) {
      const { status, body } = await get(query);
      expect(status, query).toBe(400);
      expect(body, query).toEqual({ error });
    }
  });
});
