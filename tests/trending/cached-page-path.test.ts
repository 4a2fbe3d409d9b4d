// The public home page's parameters and the cached page's path segments (proxy.ts rewrites
// one to the other): every valid combination survives the trip, and anything else is refused
// rather than cached under a second spelling.
import { describe, expect, it } from "vitest";
import { cachedTrendingParamsSchema, cachedTrendingPath } from "@/lib/trending/cached-page-path";

/** The segments app/trending/[period]/[category]/[page] receives for a path. */
function segments(path: string) {
  const [period, category, page] = path.replace(/^\/trending\//, "").split("/");
  return { period, category, page };
}

describe("cachedTrendingPath and cachedTrendingParamsSchema", () => {
  it.each([
    { period: "day" as const, category: undefined, page: 1 },
    { period: "week" as const, category: "cs.LG", page: 2 },
    { period: "month" as const, category: "hep-th", page: 1000 },
  ])("round-trips %o", (params) => {
    const path = cachedTrendingPath(params);
    expect(path.startsWith("/trending/")).toBe(true);
    expect(cachedTrendingParamsSchema.parse(segments(path))).toEqual(params);
  });

  it("spells every category as 'all'", () => {
    expect(cachedTrendingPath({ period: "day", page: 1 })).toBe("/trending/day/all/1");
  });

  it.each([
    ["an unknown period", { period: "century", category: "all", page: "1" }],
    ["a category that is no arXiv category", { period: "day", category: "<script>", page: "1" }],
    ["page 0", { period: "day", category: "all", page: "0" }],
    ["a page with a leading zero (a second cache entry of page 1)", { period: "day", category: "all", page: "01" }],
    ["a page that is not a number", { period: "day", category: "all", page: "1e3" }],
  ])("refuses %s", (_label, params) => {
    expect(cachedTrendingParamsSchema.safeParse(params).success).toBe(false);
  });
});
