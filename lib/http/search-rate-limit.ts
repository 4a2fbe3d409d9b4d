// The rate limit of search: the /search page, GET /api/search and /feeds/search.xml,
// counted together per client address. Called from proxy.ts, because a page cannot set
// its status from a Server Component, and the proxy answers before any search runs.
import { env } from "@/lib/env";
import { CACHED_SEARCH_PREFIX } from "@/lib/search/cached-page-path";
import { clientIp } from "./client-ip";
import { tooManyRequestsJson } from "./json-error";
import { createMemoryRateLimiter } from "./memory-rate-limit";
import { tooManyRequestsPage } from "./responses";

/**
 * Searches per client address per minute. A person types a query, reads, refines or
 * pages on: a few a minute, and Next prefetches a few of the links a result page shows
 * (pagination, "Did you mean"), which count too. 120 leaves them far behind; a scraper
 * walking the index asks hundreds a minute.
 */
export const SEARCHES_PER_MINUTE = 120;
/**
 * Addresses tracked at once (~100 bytes each): bounds the memory a flood of distinct
 * addresses can take. Past it the oldest windows are forgotten first.
 */
export const SEARCH_LIMIT_MAX_ADDRESSES = 10_000;

// In memory, not the Postgres counter of the mutations (lib/rate-limit.ts): search is the
// app's hottest read, and a database write per search would cost it throughput (the pages
// bench measures /search and /api/search in requests per second). The price: each process
// counts alone, and a restart forgets the counts; both only ever let more through.
const searchLimiter = createMemoryRateLimiter({ limit: SEARCHES_PER_MINUTE, windowMs: 60_000, maxKeys: SEARCH_LIMIT_MAX_ADDRESSES });

const JSON_SEARCH_PATHS = new Set(["/api/search", "/feeds/search.xml"]);

/** /search, or a cached search page asked for by its own path (which would otherwise search without a limit). */
function isSearchPage(pathname: string): boolean {
  return pathname === "/search" || pathname.startsWith(CACHED_SEARCH_PREFIX);
}

/**
 * A proxy guard: null lets the request through; over the limit, a 429 with Retry-After,
 * as JSON for the API and the feed (their errors are JSON), as a page for /search.
 */
export function searchRateLimitGuard(request: Request, nowMs = Date.now()): Response | null {
  const { pathname } = new URL(request.url);
  const page = isSearchPage(pathname);
  if (env.RATE_LIMITS === "off" || (!page && !JSON_SEARCH_PATHS.has(pathname))) return null;
  const { allowed, retryAfterSeconds } = searchLimiter.hit(clientIp(request), nowMs);
  if (allowed) return null;
  if (page) {
    return tooManyRequestsPage("Too many searches from here just now.", retryAfterSeconds, { href: "/", label: "Back to trending papers" });
  }
  return tooManyRequestsJson("Too many searches from here; try again later.", retryAfterSeconds);
}
