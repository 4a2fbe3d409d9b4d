// next.config.ts's copies of what the app defines elsewhere (lib/http/cached-page-routes.ts
// cannot import app/schema.ts), checked against the originals.
import { describe, expect, it } from "vitest";
import { homeParamsSchema } from "@/app/schema";
import { BARE_HOME_DESTINATION, cachedPageHeaders, HOME_QUERY_KEYS } from "@/lib/http/cached-page-routes";
import { requestSecurity, withSecurityHeaders } from "@/lib/security/headers";
import { CACHED_TRENDING_CACHE_CONTROL, cachedTrendingPath } from "@/lib/trending/cached-page-path";

describe("cached-page-routes", () => {
  it("names the home page's query parameters and default list as app/schema.ts defines them", () => {
    expect([...HOME_QUERY_KEYS].sort()).toEqual(Object.keys(homeParamsSchema.shape).sort());
    expect(BARE_HOME_DESTINATION).toBe(cachedTrendingPath(homeParamsSchema.parse({})));
  });

  it("sets on a cached page the headers the proxy sets on one, over http and https", () => {
    const rules = cachedPageHeaders({ development: false });
    for (const https of [false, true]) {
      const request = new Request("http://localhost/", { headers: https ? { "X-Forwarded-Proto": "https" } : {} });
      const fromProxy = withSecurityHeaders(new Response("x"), requestSecurity(request, { cachedPage: true, scriptless: true, development: false })).headers;
      const matching = rules.filter((rule) => (rule.has ?? []).some((c) => c.key === "x-forwarded-proto") === https && rule.source === "/");
      expect(matching).toHaveLength(1);
      const fromConfig = new Map(matching[0]!.headers.map(({ key, value }) => [key.toLowerCase(), value]));
      expect(fromConfig.get("content-security-policy")).toBe(fromProxy.get("content-security-policy"));
      expect(fromConfig.get("strict-transport-security")).toBe(fromProxy.get("strict-transport-security") ?? undefined);
      expect(fromConfig.get("cache-control")).toBe(CACHED_TRENDING_CACHE_CONTROL);
    }
  });
});
