// The home page as most readers ask for it, `/` with no list parameters, and the cached
// trending pages under /trending/, are answered without running proxy.ts. They are the
// same HTML for everyone, served from Next's cache (lib/trending/cached-page-path.ts), and
// Next's proxy machinery (a Request, its headers and a response object built for every
// request, whatever the proxy does) cost more than serving the page itself: on 2 cores the
// cached list went from ~560-670 to ~805-926 req/s without it (bench/README.md, "The
// string write, the proxy and compression"). What the proxy did for them is static, so
// next.config.ts does it here:
// - the rewrite of `/` to the default list's path;
// - the headers: the policy without a nonce and without scripts (the list is sent without
//   any, lib/server/html-only-pages.ts), the Cache-Control a browser must revalidate with,
//   HSTS and upgrade-insecure-requests behind an https proxy.
// The guards don't apply: a GET of a cached page changes nothing, is no search, and while
// the database is down the page is still served from the cache (a database guard would
// have refused it with a 503). Still through the proxy (its matcher lists them): `/` with
// any list parameter, which it validates, and any request naming an Origin (a browser's
// POST), which its cross-site guard checks.
//
// Relative imports: next.config.ts loads this file outside the app's bundler.
import type { NextConfig } from "next";
import { contentSecurityPolicy } from "../security/csp";
import { perRequestSecurityHeaders } from "../security/headers";
import { CACHED_TRENDING_CACHE_CONTROL, CACHED_TRENDING_PREFIX, cachedTrendingPath } from "../trending/cached-page-path";

type Rewrite = { source: string; destination: string; has?: Condition[]; missing?: Condition[] };
type HeaderRule = Awaited<ReturnType<NonNullable<NextConfig["headers"]>>>[number];
type Condition = NonNullable<HeaderRule["has"]>[number];

/**
 * The home page's own query parameters: app/schema.ts's homeParamsSchema (which this file
 * cannot import: its imports go through "@/"; tests/http/cached-page-routes.test.ts checks
 * they agree). proxy.ts's matcher names them too.
 */
export const HOME_QUERY_KEYS = ["period", "category", "page"] as const;

/** `/` without any of them: the default list, whatever else the query holds (?utm_source=…). */
const BARE_HOME = { source: "/", missing: HOME_QUERY_KEYS.map((key): Condition => ({ type: "query", key })) };

/** The default list's path: homeParamsSchema's defaults (the day, every category, page 1). */
export const BARE_HOME_DESTINATION = cachedTrendingPath({ period: "day", page: 1 });

/**
 * Behind a TLS-terminating proxy, as cameOverHttps (lib/security/headers.ts) decides it:
 * X-Forwarded-Proto includes "https", in any case. Next matches the whole value.
 */
const OVER_HTTPS: Condition = { type: "header", key: "x-forwarded-proto", value: ".*[Hh][Tt][Tt][Pp][Ss].*" };

/** next.config.ts rewrites().beforeFiles: `/` to the default list. */
export function cachedPageRewrites(): Rewrite[] {
  return [{ ...BARE_HOME, destination: BARE_HOME_DESTINATION }];
}

/** next.config.ts headers(): what the proxy sets on a cached page, for the cached pages it no longer sees. */
export function cachedPageHeaders({ development }: { development: boolean }): HeaderRule[] {
  // What proxy.ts sets on a cached page: withSecurityHeaders' per-request part, without a nonce, and its Cache-Control.
  const headersFor = (https: boolean) => [
    ...perRequestSecurityHeaders({ policy: contentSecurityPolicy({ nonce: null, https, development, scriptless: true }), https }).map(([key, value]) => ({ key, value })),
    { key: "Cache-Control", value: CACHED_TRENDING_CACHE_CONTROL },
  ];
  const routes = [BARE_HOME, { source: `${CACHED_TRENDING_PREFIX}:path*`, missing: [] }];
  return routes.flatMap(({ source, missing }) => [
    { source, missing: [...missing, OVER_HTTPS], headers: headersFor(false) },
    { source, missing, has: [OVER_HTTPS], headers: headersFor(true) },
  ]);
}
