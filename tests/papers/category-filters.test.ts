// ?category= narrows search, the trending lists and the daily lists to one arXiv category.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as trendingGET } from "@/app/api/papers/trending/route";
import { GET as searchGET } from "@/app/api/search/route";
import { createPrismaClient } from "@/lib/db/client";
import { getPapersOfDay } from "@/lib/papers/daily";
import { hasPapersInCategories } from "@/lib/papers/queries";
import { searchPapers } from "@/lib/search/search-papers";
import { countTrendingPapers, getTrendingPapers } from "@/lib/trending/get-trending-papers";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

// The trending handler reads the cached list (unstable_cache), which needs Next's server;
// here each read goes to the database (the cache is tested in tests/trending/cache-invalidation).
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), unstable_cache: <Read>(read: Read) => read }));

const now = new Date();
const papers = [
  { id: "cat000000001", title: "Robot grasping with diffusion policies", categories: ["cs.RO", "cs.LG"] },
  { id: "cat000000002", title: "Diffusion language models", categories: ["cs.CL"] },
  { id: "cat000000003", title: "Diffusion for image editing", categories: ["cs.CV", "cs.LG"] },
  { id: "cat000000004", title: "Diffusion in the demo corpus", categories: [] },
];

describe("category filters", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  beforeAll(async () => {
    await resetDatabase();
    for (const [i, paper] of papers.entries()) {
      await db.paper.create({
        data: { ...paper, titleKey: paper.title.toLowerCase(), abstract: "We study diffusion.", source: "test", publishedAt: new Date(now.getTime() - (i + 1) * 3_600_000) },
      });
    }
    await rebuildSearchVocabulary(db);
  });
  afterAll(() => db.$disconnect());

  it("search: only papers listing the category, primary or not", async () => {
    const ids = async (category?: string) =>
      (await searchPapers({ q: "diffusion", sort: "newest", category, limit: 10, offset: 0, now })).hits.map((h) => h.id);
    expect(await ids()).toEqual(["cat000000001", "cat000000002", "cat000000003", "cat000000004"]);
    expect(await ids("cs.LG")).toEqual(["cat000000001", "cat000000003"]);
    expect(await ids("cs.CL")).toEqual(["cat000000002"]);
    expect(await ids("math.OC")).toEqual([]);
  });

  it("trending and its count", async () => {
    const list = await getTrendingPapers({ period: "week", now, limit: 10, category: "cs.LG" });
    expect(list.map((p) => p.id).sort()).toEqual(["cat000000001", "cat000000003"]);
    expect(await countTrendingPapers({ period: "week", now, category: "cs.LG" })).toBe(2);
    expect(await countTrendingPapers({ period: "week", now })).toBe(4);
  });

  it("knows whether any paper is in the offered categories (the chips hide otherwise)", async () => {
    expect(await hasPapersInCategories(["math.OC", "cs.CL"])).toBe(true);
    expect(await hasPapersInCategories(["math.OC", "q-bio.NC"])).toBe(false);
  });

  it("the papers of a day", async () => {
    const day = new Date(now.getTime() - 3_600_000).toISOString().slice(0, 10);
    const all = await getPapersOfDay(day);
    const cv = await getPapersOfDay(day, "cs.CV");
    expect(cv.every((p) => p.id === "cat000000003")).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(cv.length);
  });

  it("the JSON APIs filter too, and answer 400 for a malformed category", async () => {
    const trending = await trendingGET(new Request("http://localhost/api/papers/trending?period=week&category=cs.CL"));
    expect((await trending.json()).papers.map((p: { id: string }) => p.id)).toEqual(["cat000000002"]);
    const search = await searchGET(new Request("http://localhost/api/search?q=diffusion&category=cs.CV"));
    expect((await search.json()).results.map((r: { id: string }) => r.id)).toEqual(["cat000000003"]);
    for (const bad of ["cs.LG'--", "%00", "a b"]) {
      const response = await searchGET(new Request(`http://localhost/api/search?q=diffusion&category=${encodeURIComponent(bad)}`));
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe('category must be an arXiv category like "cs.LG"');
    }
  });
});
