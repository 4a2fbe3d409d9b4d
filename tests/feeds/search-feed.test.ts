import { parseFeed } from "@rowanmanning/feed-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/feeds/search.xml/route";
import { createPrismaClient } from "@/lib/db/client";
import { env } from "@/lib/env";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

// Absolute links use APP_URL when it is set, else the request's origin.
const baseUrl = env.APP_URL ?? "http://localhost";
const DAY_MS = 86_400_000;
const TRICKY_TITLE = "Lemur <b>& friends";

const get = (query: string) => GET(new Request(`http://localhost/feeds/search.xml${query}`));
const feedOf = async (query: string) => {
  const response = await get(query);
  expect(response.status, query).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
  return parseFeed(await response.text());
};

describe("GET /feeds/search.xml", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    // 35 lemur papers, one a day, newest first; the oldest says "lemur" most, so it is the most relevant.
    for (let n = 0; n < 35; n++) {
      const id = `b${String(n).padStart(11, "0")}`;
      await db.paper.create({
        data: {
          id,
          title: n === 0 ? TRICKY_TITLE : `Primate paper ${n}`,
          titleKey: `primate paper ${n}`,
          abstract: n === 34 ? "Lemur lemur lemur: all about the lemur." : `A lemur appears in study ${n}, where alpha < beta & "gamma" holds.`,
          publishedAt: new Date(Date.UTC(2026, 9, 1) + (34 - n) * DAY_MS),
          source: "test",
          authors: { create: n === 0 ? [{ position: 0, author: { create: { name: "Jane Doe" } } }] : [] },
        },
      });
    }
    await rebuildSearchVocabulary(db);
  });
  afterAll(() => db.$disconnect());

  it("lists the newest 30 matches by default, as Atom 1.0 with absolute links", async () => {
    const feed = await feedOf("?q=lemur");
    expect(feed.meta).toMatchObject({ type: "atom", version: "1.0" });
    expect(feed.title).toBe("Paperboy: papers matching “lemur”");
    expect(feed.self).toBe(`${baseUrl}/feeds/search.xml?q=lemur`);
    expect(feed.url).toBe(`${baseUrl}/search?q=lemur&sort=newest`);
    expect(feed.items).toHaveLength(30);
    expect(feed.items.map((item) => item.url)).toEqual(
      Array.from({ length: 30 }, (_, n) => `${baseUrl}/papers/b${String(n).padStart(11, "0")}`),
    );
    expect(feed.updated?.toISOString()).toBe(new Date(Date.UTC(2026, 9, 1) + 34 * DAY_MS).toISOString());
  });

  it("keeps a title's <b>& as the same text, and summarises with the snippet as plain text", async () => {
    const response = await get("?q=lemur");
    const xml = await response.text();
    const [first] = parseFeed(xml).items;
    expect(first.title).toBe(TRICKY_TITLE);
    expect(first.authors.map((author) => author.name)).toEqual(["Jane Doe"]);
    // The snippet is a fragment of the abstract: it may start and end mid-sentence.
    expect(first.description).toContain('lemur appears in study 0, where alpha < beta & "gamma');
    expect(xml).toContain("Lemur &lt;b&gt;&amp; friends");
    expect(xml).not.toContain("&amp;lt;");
    // The API's <mark> never reaches the feed, nor any markup from the text.
    expect(xml).not.toMatch(/<(b|mark)>/);
    expect(xml).toContain("alpha &lt; beta &amp; &quot;gamma");
  });

  it("takes sort and dates, and keeps them in its self link", async () => {
    const relevance = await feedOf("?q=lemur&sort=relevance");
    expect(relevance.items[0].url).toBe(`${baseUrl}/papers/b00000000034`);
    expect(relevance.self).toBe(`${baseUrl}/feeds/search.xml?q=lemur&sort=relevance`);
    expect(relevance.url).toBe(`${baseUrl}/search?q=lemur`);

    const ranged = await feedOf("?q=lemur&from=2026-10-01&to=2026-10-02");
    expect(ranged.items.map((item) => item.url)).toEqual([`${baseUrl}/papers/b00000000033`, `${baseUrl}/papers/b00000000034`]);
    expect(ranged.self).toBe(`${baseUrl}/feeds/search.xml?q=lemur&from=2026-10-01&to=2026-10-02`);
  });

  it("follows the words as typed: a misspelling gets no corrected entries, only a hint", async () => {
    const feed = await feedOf("?q=lemurr");
    expect(feed.items).toHaveLength(0);
    expect(feed.description).toContain("Did you mean “lemur”?");
  });

  it("refuses an empty, junk or unsearchable query, and bad filters, with a 400 JSON error", async () => {
    for (const [query, error] of [
      ["", "Type something to search for."],
      ["?q=", "Type something to search for."],
      ["?q=%00", "Type something to search for."],
      [`?q=${"x".repeat(300)}`, "Searches are limited to 256 characters."],
      ["?q=!!!+---", expect.stringMatching(/at least one word/)],
      ["?q=-lemur", expect.stringMatching(/exclusions/)],
      ["?q=the+of+and", expect.stringMatching(/only very common words/)],
      ["?q=lemur&sort=oldest", "sort must be relevance, newest or trending"],
      ["?q=lemur&from=2026-02-30", "from must be a real calendar date"],
      ["?q=lemur&from=2026-11-02&to=2026-11-01", "from must not be after to"],
    ] as const) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type"), query).toMatch(/^application\/json/);
      expect(await response.json(), query).toEqual({ error });
    }
  });
});
