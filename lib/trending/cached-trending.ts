// The trending lists as pages show them: shared by every request for up to
// CACHE_BOUND_SECONDS, recomputed at once after a vote or an ingest (lib/cache). A list is
// scored as of when it was computed, so the ages and scores it shows lag by as much.
import "server-only";
import { cachedQuery } from "@/lib/cache/cached-query";
import { TRENDING_TAG } from "@/lib/cache/tags";
import type { TrendingPeriod } from "./formula";
import { countTrendingPapers, getTrendingPapers } from "./get-trending-papers";

const trendingOnly = () => [TRENDING_TAG];

const cachedPapers = cachedQuery(
  "trending-papers",
  // null, not undefined, for "all categories": the arguments are the cache key, as JSON.
  (period: TrendingPeriod, category: string | null, limit: number, offset: number) =>
    getTrendingPapers({ period, category: category ?? undefined, limit, offset, now: new Date() }),
  trendingOnly,
);

const cachedCount = cachedQuery(
  "trending-count",
  (period: TrendingPeriod, category: string | null) => countTrendingPapers({ period, category: category ?? undefined, now: new Date() }),
  trendingOnly,
);

export function getCachedTrendingPapers(options: { period: TrendingPeriod; category?: string; limit: number; offset?: number }) {
  return cachedPapers(options.period, options.category ?? null, options.limit, options.offset ?? 0);
}

export function countCachedTrendingPapers(options: { period: TrendingPeriod; category?: string }) {
  return cachedCount(options.period, options.category ?? null);
}
