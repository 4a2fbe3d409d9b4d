// Search ranks only the newest MAX_RESULTS matches, found by walking the UTC days
// from the newest back (lib/search/newest-matches.ts). These tests hold it to that
// promise on a corpus large enough for the walk to be used (more matches expected
// than FEW_MATCHES): however many days it read, the candidates are exactly the
// newest MAX_RESULTS matches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { MAX_RESULTS } from "@/lib/search/schema";
import { searchPapers, type SearchOptions } from "@/lib/search/search-papers";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

const now = new Date("2026-11-23T12:00:00Z");
const HOUR = 3_600_000;
const PAPERS = 12_000;

// Paper i is published i hours before `now` (paper 0 is the newest), and its id sorts by i.
const paperId = (i: number) => `p${String(i).padStart(11, "0")}`;
// Every paper says "otter" (12,000 expected, 24 a day: the walk reads ~21 days).
// The newest half say "heron", the older half "egret", and 40 old papers both, so the
// vocabulary's estimate for "heron egret" (~6,000: the rarer word's count) is far too
// high: the walk finds none in the recent days and must go on to day 375.
// A strong "otter" match (in the title, twice) sits just past the newest MAX_RESULTS.
const STRONG_BUT_OLD = MAX_RESULTS + 5;
const isHeronAndEgret = (i: number) => i >= 9000 && i < 9040;
function paperText(i: number): { title: string; abstract: string } {
  const words = ["otter"];
  if (i < PAPERS / 2 || isHeronAndEgret(i)) words.push("heron");
  if (i >= PAPERS / 2) words.push("egret");
  const title = i === STRONG_BUT_OLD ? "Otter otter" : `Study ${i}`;
  return { title, abstract: `A note on ${words.join(" and ")} number ${i}.` };
}

const search = (options: Partial<SearchOptions> & { q: string }) => searchPapers({ sort: "relevance", limit: 20, offset: 0, now, ...options });

describe("searchPapers on more matches than it ranks", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    const rows = Array.from({ length: PAPERS }, (_, i) => ({ i, ...paperText(i) }));
    await db.$executeRaw`
      INSERT INTO papers (id, title, title_key, abstract, published_at, source, links, created_at, updated_at)
      SELECT r.id, r.title, r.id, r.abstract, r.published_at, 'test', '{}', now(), now()
      FROM unnest(${rows.map((r) => paperId(r.i))}::text[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.abstract)}::text[],
                  ${rows.map((r) => new Date(now.getTime() - r.i * HOUR))}::timestamptz[]) AS r(id, title, abstract, published_at)`;
    // Which way search reads the matches follows from the vocabulary's counts.
    await db.$executeRawUnsafe("ANALYZE papers");
    await rebuildSearchVocabulary(db);
  }, 120_000);

  afterAll(async () => {
    await db.$disconnect();
  });

  it("serves the newest MAX_RESULTS matches, sorted by date, and says there are more", async () => {
    const first = await search({ q: "otter", sort: "newest" });
    expect(first).toMatchObject({ total: MAX_RESULTS, capped: true });
    expect(first.hits.map((h) => h.id)).toEqual(Array.from({ length: 20 }, (_, i) => paperId(i)));
    const last = await search({ q: "otter", sort: "newest", offset: MAX_RESULTS - 20 });
    expect(last.hits.map((h) => h.id)).toEqual(Array.from({ length: 20 }, (_, i) => paperId(MAX_RESULTS - 20 + i)));
    expect(await search({ q: "otter", sort: "newest", offset: MAX_RESULTS - 1, limit: 5 })).toMatchObject({ hits: [{ id: paperId(MAX_RESULTS - 1) }] });
  });

  it("ranks by relevance among the newest matches only", async () => {
    const result = await search({ q: "otter" });
    const served = new Set(result.hits.map((h) => h.id));
    expect(served.has(paperId(STRONG_BUT_OLD))).toBe(false);
    for (const id of served) expect(Number(id.slice(1))).toBeLessThan(MAX_RESULTS);
    // Reached with a date filter that leaves it among the newest matches.
    const before = new Date(now.getTime() - (STRONG_BUT_OLD - 10) * HOUR).toISOString().slice(0, 10);
    const filtered = await search({ q: "otter", to: before });
    expect(filtered.hits[0].id).toBe(paperId(STRONG_BUT_OLD));
  });

  it("walks on past days without matches when the estimate was far too high, and then counts exactly", async () => {
    const result = await search({ q: "heron egret", sort: "newest", limit: 50 });
    expect(result).toMatchObject({ total: 40, capped: false });
    expect(result.hits.map((h) => h.id)).toEqual(Array.from({ length: 40 }, (_, i) => paperId(9000 + i)));
  });

  it("counts exactly when fewer than MAX_RESULTS match", async () => {
    const result = await search({ q: "otter", from: new Date(now.getTime() - 99.5 * HOUR).toISOString().slice(0, 10) });
    expect(result.capped).toBe(false);
    expect(result.total).toBeLessThan(MAX_RESULTS);
    expect(result.total).toBeGreaterThan(0);
  });
});
