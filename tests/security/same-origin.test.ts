// lib/http/same-origin.ts, the CSRF guard of the route handlers that change something,
// header by header (tests/security/mutations.spec.ts posts to the real routes over HTTP).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.APP_URL = "https://papers.example.org";
});

import { crossSiteMutationGuard, sameOriginGuard } from "@/lib/http/same-origin";

/** A POST that reached the app at `url` (behind a proxy: an internal address) with these headers. */
const post = (headers: Record<string, string>, url = "http://10.0.0.5:3000/api/subscribe") => new Request(url, { method: "POST", headers });

describe("sameOriginGuard", () => {
  it.each([
    ["APP_URL's origin", { origin: "https://papers.example.org" }],
    ["the request URL's origin", { origin: "http://10.0.0.5:3000" }],
    ["the Host it was sent to", { origin: "http://localhost:3000", host: "localhost:3000" }],
    ["the host a proxy forwarded", { origin: "https://mirror.example.net", host: "10.0.0.5:3000", "x-forwarded-host": "mirror.example.net, internal" }],
    ["no Origin, Sec-Fetch-Site same-origin", { "sec-fetch-site": "same-origin" }],
    ["no Origin, Sec-Fetch-Site none (typed by the user)", { "sec-fetch-site": "none" }],
  ])("lets through %s", (_label, headers) => {
    expect(sameOriginGuard(post(headers))).toBeNull();
  });

  it.each([
    ["another site", { origin: "https://evil.example" }],
    ["APP_URL's host on another scheme", { origin: "http://papers.example.org" }],
    ["APP_URL's host on another port", { origin: "https://papers.example.org:8443" }],
    ["a subdomain of APP_URL's host", { origin: "https://evil.papers.example.org" }],
    ["APP_URL's host as a prefix", { origin: "https://papers.example.org.evil.example" }],
    ['"null"', { origin: "null" }],
    ["garbage", { origin: "not a url" }],
    ["another site, whatever Sec-Fetch-Site says", { origin: "https://evil.example", "sec-fetch-site": "same-origin" }],
    ["a host that is not the forwarded one", { origin: "https://internal.example", "x-forwarded-host": "mirror.example.net, internal.example" }],
    ["no Origin, Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
    ["no Origin, Sec-Fetch-Site same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
    ["neither Origin nor Sec-Fetch-Site", {}],
  ])("refuses %s with 403", async (_label, headers) => {
    const refusal = sameOriginGuard(post(headers));
    expect(refusal?.status).toBe(403);
    expect(await refusal?.json()).toEqual({ error: "Refused: changes must be sent from Paperboy's own pages (the request's Origin names another site, or none)." });
  });
});

describe("crossSiteMutationGuard (proxy.ts, every route)", () => {
  const request = (method: string, path: string, headers: Record<string, string>) => new Request(`http://10.0.0.5:3000${path}`, { method, headers });

  it("refuses a change whose Origin names another site, server actions included, with 403", async () => {
    for (const path of ["/settings", "/confirm", "/api/subscribe", "/papers/abc/vote"]) {
      const refusal = crossSiteMutationGuard(request("POST", path, { origin: "https://evil.example", "next-action": "abc123" }));
      expect(refusal?.status, path).toBe(403);
    }
    expect(crossSiteMutationGuard(request("DELETE", "/api/subscribe", { origin: "null" }))?.status).toBe(403);
  });

  it.each([
    ["a read from another site", "GET", "/search?q=x", { origin: "https://evil.example" }],
    ["our own page", "POST", "/settings", { origin: "https://papers.example.org" }],
    ["no Origin (a script or a cron caller: the route checks for itself)", "POST", "/api/cron/digest", {}],
    ["the one-click unsubscribe, from anywhere", "POST", "/api/unsubscribe/some-token", { origin: "https://mail.example" }],
  ])("lets through %s", (_label, method, path, headers) => {
    expect(crossSiteMutationGuard(request(method, path, headers))).toBeNull();
  });
});
