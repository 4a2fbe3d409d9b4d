// The search cache's contract (lib/search/cached-search.ts), with a counting stand-in for
// the search itself; invalidate.ts's use of it is checked against the real search below.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { invalidateAfterVote } from "@/lib/cache/invalidate";
import { createPrismaClient } from "@/lib/db/client";
import { createSearchCache, searchCache } from "@/lib/search/cached-search";
import { isSearchInputError, SearchInputError, type SearchOptions, type SearchResult } from "@/lib/search/search-papers";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

// Next's cache exists only inside its server (tests/trending/cache-invalidation.test.ts records its calls).
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidateTag: () => {}, revalidatePath: () => {} }));

const options = (overrides: Partial<SearchOptions> = {}): SearchOptions => ({ q: "diffusion", sort: "relevance", limit: 20, offset: 0, now: new Date(), ...overrides });

/** A search that counts its calls and answers with the call's number, after `delayMs`. */
function countingSearch(delayMs = 0) {
  const calls: SearchOptions[] = [];
  const search = async (asked: SearchOptions): Promise<SearchResult> => {
    calls.push(asked);
    const call = calls.length;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (asked.q === "-only") throw new SearchInputError("Add at least one word");
    return { query: asked.q, total: call, capped: false, hits: [] };
  };
  return { calls, search };
}

describe("createSearchCache", () => {
  it("runs a search once for the same options, whatever their order and the clock; again for other options", async () => {
    const { calls, search } = countingSearch();
    const cache = createSearchCache(search);
    const first = await cache.search(options());
    const { q, ...rest } = options({ now: new Date(Date.now() + 30_000) });
    expect(await cache.search({ ...rest, q })).toEqual(first);
    expect(await cache.search(options({ category: undefined }))).toEqual(first);
    expect(calls).toHaveLength(1);
    await cache.search(options({ offset: 20 }));
    await cache.search(options({ category: "cs.LG" }));
    expect(calls).toHaveLength(3);
  });

  it("joins searches for the same options under way into one", async () => {
    const { calls, search } = countingSearch(20);
    const cache = createSearchCache(search);
    const answers = await Promise.all([cache.search(options()), cache.search(options()), cache.search(options())]);
    expect(calls).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.total))).toEqual(new Set([1]));
  });

  it("keeps no failure: a bad search throws its own error every time it is asked", async () => {
    const { calls, search } = countingSearch();
    const cache = createSearchCache(search);
    await expect(cache.search(options({ q: "-only" }))).rejects.toBeInstanceOf(SearchInputError);
    await expect(cache.search(options({ q: "-only" }))).rejects.toBeInstanceOf(SearchInputError);
    expect(calls).toHaveLength(2);
  });

  it("hands a route the error another route's copy of lib/search threw: recognised by its name", () => {
    // Next bundles lib/search once per route, and they share one cache: the search page got
    // the API's SearchInputError, failed `instanceof`, and answered 500 (found by http-fuzz).
    class AnotherBundlesSearchInputError extends Error {
      override name = "SearchInputError";
    }
    expect(new AnotherBundlesSearchInputError("x") instanceof SearchInputError).toBe(false);
    expect(isSearchInputError(new AnotherBundlesSearchInputError("x"))).toBe(true);
    expect(isSearchInputError(new Error("x"))).toBe(false);
  });

  it("forgets on clear(), and a search under way at a clear() reads again instead of answering from before it", async () => {
    const { search } = countingSearch(30);
    const cache = createSearchCache(search);
    const underWay = cache.search(options());
    await new Promise((resolve) => setTimeout(resolve, 5));
    cache.clear();
    // The second read's answer, not a rejection and not the first read's.
    expect((await underWay).total).toBe(2);
    expect((await cache.search(options())).total).toBe(3);
  });

  it("forgets a result once its time is up", async () => {
    const { calls, search } = countingSearch();
    const cache = createSearchCache(search, { ttlMs: 30 });
    await cache.search(options());
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cache.search(options());
    expect(calls).toHaveLength(2);
  });

  it("is bounded: past its size, the least recently used results go", async () => {
    const { calls, search } = countingSearch();
    const cache = createSearchCache(search, { maxEntries: 2 });
    for (const q of ["a", "b", "c"]) await cache.search(options({ q }));
    await cache.search(options({ q: "c" }));
    expect(calls).toHaveLength(3);
    await cache.search(options({ q: "a" }));
    expect(calls).toHaveLength(4);
  });
});

describe("the process's search cache and a vote", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    await db.paper.create({
      data: { id: "c00000000001", title: "Diffusion for everyone", titleKey: "diffusion for everyone", abstract: "A diffusion model.", publishedAt: new Date(), source: "test" },
    });
    await rebuildSearchVocabulary(db);
  });
  afterAll(() => db.$disconnect());

  it("shows a vote in the results of a search asked before it", async () => {
    const votesOf = async () => (await searchCache.search(options())).hits[0]!.votes;
    expect(await votesOf()).toBe(0);
    await db.vote.create({ data: { paperId: "c00000000001", voterId: "reader" } });
    // Without the vote's invalidation the cached result still says 0.
    expect(await votesOf()).toBe(0);
    invalidateAfterVote("c00000000001");
    expect(await votesOf()).toBe(1);
  });
});
