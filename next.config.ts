import type { NextConfig } from "next";
import { cachedPageHeaders, cachedPageRewrites } from "./lib/http/cached-page-routes";
import { STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Don't advertise the framework in every response.
  poweredByHeader: false,
  // Next hashes a cached page's whole HTML for its ETag on every request (a quarter of the
  // CPU a hit of `/` cost). instrumentation.ts gives such a page its ETag once per version
  // instead, and answers If-None-Match with 304s as Next did (lib/server/body-versions.ts).
  generateEtags: false,
  // On every response, /_next/static included, which proxy.ts skips. proxy.ts sets the same
  // values again with the per-request Content-Security-Policy and HSTS (lib/security/headers.ts).
  // The cached trending pages skip proxy.ts: their per-request headers come from here too
  // (lib/http/cached-page-routes.ts says why).
  async headers() {
    return [
      { source: "/:path*", headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) },
      ...cachedPageHeaders({ development: process.env.NODE_ENV === "development" }),
    ];
  },
  async rewrites() {
    return { beforeFiles: cachedPageRewrites(), afterFiles: [], fallback: [] };
  },
  // These run only on the server and must not be bundled (wasm, native sockets), or are
  // large and better loaded once by Node than copied into each route's bundle (the
  // stemmer: every Snowball language, ~870 kB, used by the search routes).
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-socket", "pg", "snowball-stemmers"],
  experimental: {
    // The data cache (lib/cache) lives in memory only, in Next's LRU (cacheMaxMemorySize,
    // 50 MB by default). On disk it would grow by one file per paper page ever viewed (no
    // eviction there: a crawler over a million papers leaves a million files), and a
    // restarted or redeployed server would serve those entries, of any age and of the
    // previous code's shape, once more before recomputing them.
    isrFlushToDisk: false,
  },
};

export default nextConfig;
