import { parseFeed } from "@rowanmanning/feed-parser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/feeds/trending.xml/route";
import { createPrismaClient } from "@/lib/db/client";
import { env } from "@/lib/env";
import { resetDatabase } from "../setup/reset-database";

// The handler reads the cached trending list (unstable_cache), which needs Next's server;
// here each read goes to the database (the cache is tested in tests/trending/cache-invalidation).
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), unstable_cache: <Read>(read: Read) => read }));

// Absolute links use APP_URL when it is set, else the request's origin.
const baseUrl = env.APP_URL ?? "http://localhost";
const HOUR_MS = 3_600_000;
const now = Date.now();
const TRICKY_TITLE = "Attention <b>& friends: a \"survey\" of 'it' ]]> &amp; more";

const get = (query: string) => GET(new Request(`http://localhost/feeds/trending.xml${query}`));

describe("GET /feeds/trending.xml", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    // 32 papers, hour by hour; the newest has the most votes and the tricky title.
    for (let n = 0; n < 32; n++) {
      const publishedAt = new Date(now - (n + 1) * HOUR_MS);
      const id = `a${String(n).padStart(11, "0")}`;
      await db.paper.create({
        data: {
          id,
          title: n === 0 ? TRICKY_TITLE : `Lemur study ${n}`,
          titleKey: `lemur study ${n}`,
          abstract: n === 0 ? `We show that <i>x</i> < y & z. ${"More text. ".repeat(60)}` : `Plain abstract ${n}.`,
          publishedAt,
          source: "test",
          authors: { create: n === 0 ? [{ position: 0, author: { create: { name: "AT&T Labs <research>" } } }] : [] },
          votes: { create: Array.from({ length: 32 - n }, (_, v) => ({ voterId: `u${v}`, createdAt: publishedAt })) },
        },
      });
    }
  });
  afterAll(() => db.$disconnect());

  it("is Atom 1.0 with the top 30 papers, absolute links and the feed's own metadata", async () => {
    const response = await get("?period=day");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const feed = parseFeed(await response.text());
    expect(feed.meta).toMatchObject({ type: "atom", version: "1.0" });
    expect(feed.title).toBe("Paperboy: trending papers today");
    expect(feed.self).toBe(`${baseUrl}/feeds/trending.xml?period=day`);
    expect(feed.url).toBe(`${baseUrl}/`);
    expect(feed.items).toHaveLength(30);
    // Updated: the newest entry's publication.
    expect(feed.updated?.toISOString()).toBe(new Date(now - HOUR_MS).toISOString());
    for (const item of feed.items) {
      expect(item.url).toMatch(new RegExp(`^${baseUrl}/papers/a\\d{11}$`));
      expect(item.id).toBe(item.url);
      expect(item.title).toBeTruthy();
      expect(item.published).toBeInstanceOf(Date);
    }
  });

  it("keeps a title's <b>& as the same text: escaped once, never double", async () => {
    const response = await get("");
    const xml = await response.text();
    const [first] = parseFeed(xml).items;
    expect(first.title).toBe(TRICKY_TITLE);
    expect(first.url).toBe(`${baseUrl}/papers/a00000000000`);
    expect(xml).toContain("Attention &lt;b&gt;&amp; friends");
    expect(xml).not.toContain("&amp;lt;b");
    expect(xml).not.toContain("<b>");
  });

  it("summarises with the whole abstract as plain text, and names the authors", async () => {
    const xml = await (await get("")).text();
    const [first, second] = parseFeed(xml).items;
    expect(first.description).toBe(`We show that <i>x</i> < y & z. ${"More text. ".repeat(60)}`.trim());
    expect(first.authors.map((author) => author.name)).toEqual(["AT&T Labs <research>"]);
    // No authors of its own: readers fall back to the feed's author, as Atom says.
    expect(second.authors.map((author) => author.name)).toEqual(["Paperboy"]);
    expect(xml).not.toContain("<i>");
  });

  it("takes the period, and links to the page it mirrors", async () => {
    const feed = parseFeed(await (await get("?period=month")).text());
    expect(feed.title).toBe("Paperboy: trending papers this month");
    expect(feed.self).toBe(`${baseUrl}/feeds/trending.xml?period=month`);
    expect(feed.url).toBe(`${baseUrl}/?period=month`);
  });

  it("refuses an unknown period with a 400 JSON error", async () => {
    const response = await get("?period=year");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: "period must be day, week or month" });
  });
});
