import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/papers/date/[day]/route";
import { createPrismaClient } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isoDay } from "@/lib/format/dates";
import { resetDatabase } from "../setup/reset-database";

// Absolute links use APP_URL when it is set, else the request's origin.
const baseUrl = env.APP_URL ?? "http://localhost";
const DAY_MS = 86_400_000;
// Read when each test runs, not when the file loads: a run that crosses midnight UTC would
// otherwise ask for "tomorrow" after it has become today.
const today = () => isoDay(new Date());
const tomorrow = () => isoDay(new Date(Date.now() + DAY_MS));

type DayBody = { date: string; papers: Record<string, unknown>[]; previous: string | null; next: string | null; error?: string };

async function get(day: string): Promise<{ status: number; type: string | null; body: DayBody }> {
  const response = await GET(new Request(`http://localhost/api/papers/date/${encodeURIComponent(day)}`), {
    params: Promise.resolve({ day }),
  });
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

describe("GET /api/papers/date/[day]", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    const papers: [string, string, number][] = [
      ["aaaaaaaaaaa0", "2026-03-08T12:00:00.000Z", 0],
      ["aaaaaaaaaaa1", "2026-03-10T00:00:00.000Z", 1], // first instant of the day
      ["aaaaaaaaaaa2", "2026-03-10T23:59:59.999Z", 3], // last instant, more votes
      ["aaaaaaaaaaa3", "2026-03-12T08:00:00.000Z", 0],
      // Dated ahead of now (a bad import, a clock skew): never offered as "next".
      ["aaaaaaaaaaa4", new Date(Date.now() + 3 * DAY_MS).toISOString(), 0],
    ];
    for (const [id, publishedAt, votes] of papers) {
      await db.paper.create({
        data: {
          id,
          title: `Paper ${id}`,
          titleKey: `paper ${id}`,
          abstract: `Abstract of ${id}. `.repeat(40),
          publishedAt: new Date(publishedAt),
          source: "test",
          votes: { create: Array.from({ length: votes }, (_, n) => ({ voterId: `u${n}` })) },
        },
      });
    }
  });
  afterAll(() => db.$disconnect());

  it("lists the papers of a UTC day, most voted first, with the neighbouring days", async () => {
    const { status, type, body } = await get("2026-03-10");
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(Object.keys(body).sort()).toEqual(["date", "next", "papers", "previous"]);
    expect(body).toMatchObject({ date: "2026-03-10", previous: "2026-03-08", next: "2026-03-12" });
    expect(body.papers.map((p) => p.id)).toEqual(["aaaaaaaaaaa2", "aaaaaaaaaaa1"]);
    expect(Object.keys(body.papers[0]).sort()).toEqual(["abstract", "authors", "id", "publishedAt", "title", "url", "votes"]);
    expect(body.papers[0]).toEqual({
      id: "aaaaaaaaaaa2",
      title: "Paper aaaaaaaaaaa2",
      abstract: `Abstract of aaaaaaaaaaa2. `.repeat(40),
      authors: [],
      publishedAt: "2026-03-10T23:59:59.999Z",
      votes: 3,
      url: `${baseUrl}/papers/aaaaaaaaaaa2`,
    });
  });

  it("answers an empty day with no papers, still pointing to its neighbours", async () => {
    const { status, body } = await get("2026-03-11");
    expect(status).toBe(200);
    expect(body).toEqual({ date: "2026-03-11", papers: [], previous: "2026-03-10", next: "2026-03-12" });
  });

  it("accepts today and never offers a future day as next", async () => {
    const { status, body } = await get(today());
    expect(status).toBe(200);
    expect(body.next).toBeNull();
    expect((await get("2026-03-12")).body.next).toBeNull();
  });

  it("refuses a malformed or impossible date", async () => {
    for (const day of ["2026-3-10", "20260310", "yesterday", "2026-03-10T00:00", "2026-03-10\u0000"]) {
      const { status, body } = await get(day);
      expect(status, day).toBe(400);
      expect(body, day).toEqual({ error: "Dates look like 2026-11-23 (year-month-day)." });
    }
    for (const day of ["2026-02-30", "2026-13-01", "2025-02-29"]) {
      const { status, body } = await get(day);
      expect(status, day).toBe(400);
      expect(body, day).toEqual({ error: `${day} is not a real calendar date.` });
    }
    expect((await get("2024-02-29")).status).toBe(200);
  });

  it("refuses a day in the future", async () => {
    const day = tomorrow();
    const { status, body } = await get(day);
    expect(status).toBe(400);
    expect(body).toEqual({ error: `${day} is in the future.` });
  });
});
