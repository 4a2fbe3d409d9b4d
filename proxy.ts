// Runs before every route (Next 16's proxy, formerly middleware; Node.js runtime): the
// guards that may refuse a request, then the security headers on whatever is answered.
// The policy, why it carries a per-request nonce, and why the cached pages (the trending
// list, a search's results) have none: lib/security/csp.ts. The cached list itself (`/`,
// /trending/…) mostly skips the proxy: see the matcher below.
import { NextResponse, type NextRequest } from "next/server";
import { homeParamsSchema } from "@/app/schema";
import { searchPageSchema } from "@/app/search/schema";
import { databaseGuard } from "@/lib/db/guard";
import { firstRefusal, type Guard } from "@/lib/http/guards";
import { crossSiteMutationGuard } from "@/lib/http/same-origin";
import { searchRateLimitGuard } from "@/lib/http/search-rate-limit";
import { CACHED_SEARCH_PREFIX, cachedSearchPath } from "@/lib/search/cached-page-path";
import { repeatedSearches } from "@/lib/search/repeated-searches";
import { requestHeadersWithPolicy, requestSecurity, withSecurityHeaders } from "@/lib/security/headers";
import { CACHED_TRENDING_CACHE_CONTROL, CACHED_TRENDING_PREFIX, cachedTrendingPath } from "@/lib/trending/cached-page-path";

/** In order; one line each. A refusal gets the security headers like any response. */
// The database first: while it is down, a 503 says so, whatever else is wrong.
const GUARDS: readonly Guard[] = [databaseGuard, crossSiteMutationGuard, searchRateLimitGuard];

export async function proxy(request: NextRequest): Promise<Response> {
  const cachedPath = cachedPageRewrite(request);
  const { pathname } = request.nextUrl;
  const cachedPage = cachedPath !== null || pathname.startsWith(CACHED_TRENDING_PREFIX) || pathname.startsWith(CACHED_SEARCH_PREFIX);
  // The trending list reaches browsers without scripts (lib/server/html-only-pages.ts); a search's results keep theirs.
  const trendingList = (cachedPath ?? pathname).startsWith(CACHED_TRENDING_PREFIX);
  const security = requestSecurity(request, { cachedPage, scriptless: trendingList });
  const refusal = await firstRefusal(request, GUARDS);
  if (refusal) return withSecurityHeaders(refusal, security);
  const forward = { request: { headers: requestHeadersWithPolicy(request, security) } };
  const response = cachedPath === null ? NextResponse.next(forward) : NextResponse.rewrite(cachedPageUrl(request, cachedPath), forward);
  // On a rewritten page and on a cached page's own path asked for directly alike.
  if (cachedPage) response.headers.set("Cache-Control", CACHED_TRENDING_CACHE_CONTROL);
  return withSecurityHeaders(response, security);
}

/** The query stays on: Next checks its own (?_rsc=) on client-side navigations. */
function cachedPageUrl(request: NextRequest, cachedPath: string): URL {
  const url = request.nextUrl.clone();
  url.pathname = cachedPath;
  return url;
}

/**
 * The path of the cached page that answers a GET, if one does:
 * - the home page, `/?period=…&category=…&page=…`, is answered by the cached page at
 *   /trending/<period>/<category>/<page> (lib/trending/cached-page-path.ts says why);
 *   invalid parameters are not rewritten: "/" itself has no page, so they get the 404;
 * - a valid search, `/search?q=…`, by /search/results/<key> (lib/search/cached-page-path.ts)
 *   once it is asked again within a minute (lib/search/repeated-searches.ts says why not at
 *   once); its first request, and an invalid search, by /search itself, per request.
 */
function cachedPageRewrite(request: NextRequest): string | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  const { pathname, searchParams } = request.nextUrl;
  if (pathname === "/") {
    const params = homeParamsSchema.safeParse(Object.fromEntries(searchParams));
    return params.success ? cachedTrendingPath(params.data) : null;
  }
  if (pathname === "/search") {
    // As the page reads them (firstValues): a repeated parameter keeps its first value.
    const params = searchPageSchema.safeParse(Object.fromEntries([...searchParams.keys()].map((key) => [key, searchParams.get(key)!])));
    if (!params.success) return null;
    const path = cachedSearchPath(params.data);
    return repeatedSearches.askedAgain(path) ? path : null;
  }
  return null;
}

export const config = {
  matcher: [
    // Every path but Next's build assets (immutable files, no HTML, no nonce to give them;
    // next.config.ts headers() puts the static security headers on those), the cached
    // trending pages, and `/` itself...
    "/((?!_next/static|_next/image|trending/).+)",
    // ...which comes here only with a list parameter to validate (HOME_QUERY_KEYS). Without
    // one, next.config.ts rewrites it and sets its headers (lib/http/cached-page-routes.ts).
    // A literal: Next reads this config when it builds, without running it.
    { source: "/", has: [{ type: "query", key: "period" }] },
    { source: "/", has: [{ type: "query", key: "category" }] },
    { source: "/", has: [{ type: "query", key: "page" }] },
    // A request that names its Origin (every browser POST, a server action's above all):
    // the cross-site guard refuses a foreign one with a 403, where Next would answer 500.
    { source: "/", has: [{ type: "header", key: "origin" }] },
    { source: "/trending/:path*", has: [{ type: "header", key: "origin" }] },
    // A cached page asked for with a policy in the request (NONCE_REQUEST_HEADERS): Next
    // would render that nonce into the HTML it caches for everyone, so the proxy strips it.
    // Browsers never send these.
    { source: "/", has: [{ type: "header", key: "content-security-policy" }] },
    { source: "/", has: [{ type: "header", key: "content-security-policy-report-only" }] },
    { source: "/trending/:path*", has: [{ type: "header", key: "content-security-policy" }] },
    { source: "/trending/:path*", has: [{ type: "header", key: "content-security-policy-report-only" }] },
  ],
};
