// The trending list is the most-read page, and the same for everyone until a vote or an
// ingest changes it, so Next renders it once and serves the HTML from its cache (ISR)
// instead of rendering it per request. Next caches pages by path, never by query string,
// so the proxy rewrites the public `/?period=week&category=cs.LG&page=2` to the path
// `/trending/week/cs.LG/2`, which app/trending/[period]/[category]/[page] renders.
// Unknown query parameters (?utm_source=…) fall away, so they can't multiply the entries.
// Relative imports: next.config.ts loads this file (lib/http/cached-page-routes.ts).
import { z } from "zod";
import { CACHE_BOUND_SECONDS } from "../cache/tags";
import { categorySchema } from "../papers/categories";
import { TRENDING_PERIODS, type TrendingPeriod } from "./formula";

/** The internal paths' prefix; the proxy gives everything under it the cached pages' policy. */
export const CACHED_TRENDING_PREFIX = "/trending/";

/**
 * The cached pages' Cache-Control, set by the proxy (Next keeps a header that is already
 * there). Next's own, `s-maxage=60, stale-while-revalidate=31535940`, lets a browser show
 * its stored copy while it fetches a new one in the background: a reader who had just
 * voted got the list from before the vote, on a link click or a client-side navigation
 * (tests/e2e/cache-invalidation.spec.ts). Here a browser asks every time (the page's ETag,
 * lib/server/body-versions.ts, makes an unchanged list a 304), and a shared cache (a CDN)
 * may serve it for as long as this server would, no longer.
 */
export const CACHED_TRENDING_CACHE_CONTROL = `public, max-age=0, must-revalidate, s-maxage=${CACHE_BOUND_SECONDS}`;

/** The path segment for "every category" (no arXiv category is spelt like this). */
const ALL_CATEGORIES = "all";

export type TrendingPageParams = { period: TrendingPeriod; category?: string; page: number };

export function cachedTrendingPath({ period, category, page }: TrendingPageParams): string {
  return `${CACHED_TRENDING_PREFIX}${period}/${category ?? ALL_CATEGORIES}/${page}`;
}

/** The route's segments back into what the page shows; invalid segments fail the parse (a 404). */
export const cachedTrendingParamsSchema = z.object({
  period: z.enum(TRENDING_PERIODS),
  category: z.union([z.literal(ALL_CATEGORIES).transform(() => undefined), categorySchema]),
  // Whole numbers from 1, spelt canonically ("01" would be a second cache entry of page 1).
  page: z.string().regex(/^[1-9]\d{0,3}$/).transform(Number),
});
