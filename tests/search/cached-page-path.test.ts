// A search's public query and the cached page's key (proxy.ts rewrites one to the other):
// every valid search survives the trip, each search has one key whatever order or defaults
// its query was spelt with, and anything else is refused rather than cached once more.
import { describe, expect, it } from "vitest";
import { firstValues, searchPageSchema } from "@/app/search/schema";
import { CACHED_SEARCH_PREFIX, cachedSearchKey, cachedSearchPath, searchOfKey } from "@/lib/search/cached-page-path";

/** The search /search?<query> shows, parsed as proxy.ts and the page parse it. */
const searchOf = (query: string) => searchPageSchema.parse(firstValues(Object.fromEntries(new URLSearchParams(query))));
const keyOf = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("cachedSearchPath and searchOfKey", () => {
  it.each([
    "q=diffusion",
    "q=large+language+models&sort=newest&page=3",
    'q=%22exact+phrase%22+-excluded+OR+other&sort=trending&from=2024-01-01&to=2024-12-31&category=cs.LG',
    "q=encoder%2Fdecoder+100%25+%C3%A9t%C3%A9+%F0%9F%A7%AA", // a slash, a percent sign, accents, an emoji
  ])("round-trips ?%s", (query) => {
    const search = searchOf(query);
    const path = cachedSearchPath(search);
    expect(path.startsWith(CACHED_SEARCH_PREFIX)).toBe(true);
    // One path segment, in characters no URL parser rewrites.
    expect(path.slice(CACHED_SEARCH_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(searchOfKey(path.slice(CACHED_SEARCH_PREFIX.length), searchPageSchema)).toEqual(search);
  });

  it("gives a search one key, whatever order, defaults and extra parameters its query has", () => {
    const key = cachedSearchKey(searchOf("q=a&sort=newest&page=2"));
    expect(cachedSearchKey(searchOf("page=2&utm_source=x&sort=newest&q=a"))).toBe(key);
    expect(cachedSearchKey(searchOf("q=a&sort=relevance&page=1"))).toBe(cachedSearchKey(searchOf("q=a")));
    expect(cachedSearchKey(searchOf("q=a&sort=trending"))).not.toBe(cachedSearchKey(searchOf("q=a")));
  });

  it.each([
    ["characters base64url has not", "cT1h+"],
    ["an empty search", keyOf("q=")],
    ["no search at all", keyOf("sort=newest")],
    ["page 0", keyOf("q=a&page=0")],
    ["a search spelt with its default sort (a second entry of ?q=a)", keyOf("q=a&sort=relevance")],
    ["page 1 spelt out", keyOf("q=a&page=1")],
    ["parameters out of order", keyOf("sort=newest&q=a")],
    ["an unknown parameter", keyOf("q=a&utm_source=x")],
    ["bytes that are no UTF-8", Buffer.from([0x71, 0x3d, 0xff, 0xfe]).toString("base64url")],
  ])("refuses %s", (_label, key) => {
    expect(searchOfKey(key, searchPageSchema)).toBeNull();
  });

  it("accepts the canonical key of the same search", () => {
    expect(searchOfKey(keyOf("q=a&sort=newest"), searchPageSchema)).toEqual(searchOf("q=a&sort=newest"));
  });
});
