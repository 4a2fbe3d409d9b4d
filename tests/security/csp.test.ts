// The policy builder, the headers put on a response and the guards' composition, without a
// server (tests/security/headers.spec.ts checks them on the running app).
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { firstRefusal, type Guard } from "@/lib/http/guards";
import { contentSecurityPolicy, newNonce } from "@/lib/security/csp";
import { cameOverHttps, NONCE_REQUEST_HEADERS, requestHeadersWithPolicy, requestSecurity, withSecurityHeaders } from "@/lib/security/headers";
import { checkPolicy, parsePolicy } from "./csp-policy";

describe("contentSecurityPolicy", () => {
  it("passes the suite's policy check in production, on http and on https", () => {
    const nonce = newNonce();
    expect(checkPolicy(contentSecurityPolicy({ nonce, https: false, development: false }), { https: false })).toBe(nonce);
    expect(checkPolicy(contentSecurityPolicy({ nonce, https: true, development: false }), { https: true })).toBe(nonce);
  });

  it("loosens only for development: eval for React's server stacks, inline <style>s for hot reload", () => {
    const directives = parsePolicy(contentSecurityPolicy({ nonce: newNonce(), https: false, development: true }));
    expect(directives.get("script-src")).toContain("'unsafe-eval'");
    expect(directives.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(() => checkPolicy(contentSecurityPolicy({ nonce: newNonce(), https: false, development: true }), { https: false })).toThrow();
  });

  it("without a nonce (a page served from Next's cache): inline scripts and <style>s, everything else as strict", () => {
    const policy = contentSecurityPolicy({ nonce: null, https: false, development: false });
    expect(checkPolicy(policy, { https: false, cachedPage: true })).toBeNull();
    expect(parsePolicy(policy).get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    // 'strict-dynamic' without a nonce would block every script, ours too.
    expect(policy).not.toContain("strict-dynamic");
    // And the nonce policy's check refuses it, so a nonce-less policy can't reach other pages unnoticed.
    expect(() => checkPolicy(policy, { https: false })).toThrow();
    // Nor may it stand where no script should run.
    expect(() => checkPolicy(policy, { https: false, cachedPage: true, scriptless: true })).toThrow();
  });

  it("for the page sent without scripts (the trending list): no script runs, in production; development keeps its scripts", () => {
    const policy = contentSecurityPolicy({ nonce: null, https: false, development: false, scriptless: true });
    expect(checkPolicy(policy, { https: false, cachedPage: true, scriptless: true })).toBeNull();
    expect(parsePolicy(policy).get("script-src")).toEqual(["'none'"]);
    expect(parsePolicy(contentSecurityPolicy({ nonce: null, https: false, development: true, scriptless: true })).get("script-src")).toEqual([
      "'self'",
      "'unsafe-inline'",
      "'unsafe-eval'",
    ]);
  });
});

describe("the policy check (tests/security/csp-policy.ts) refuses a weaker policy", () => {
  const good = contentSecurityPolicy({ nonce: newNonce(), https: false, development: false });
  const weakenings: [string, string][] = [
    ["a third-party script host", good.replace("'strict-dynamic'", "'strict-dynamic' https://cdn.example.com")],
    ["'unsafe-inline' scripts", good.replace("'strict-dynamic'", "'strict-dynamic' 'unsafe-inline'")],
    ["'unsafe-eval'", good.replace("'strict-dynamic'", "'strict-dynamic' 'unsafe-eval'")],
    ["no nonce", good.replace(/'nonce-[^']*' /g, "")],
    ["no object-src", good.replace("object-src 'none'; ", "")],
    ["no base-uri", good.replace("base-uri 'self'; ", "")],
    ["frameable", good.replace("frame-ancestors 'none'", "frame-ancestors *")],
    ["a wildcard image source", good.replace("img-src 'self' data:", "img-src *")],
    ["a repeated directive", `${good}; default-src *`],
  ];
  it.each(weakenings)("%s", (_label, policy) => {
    expect(() => checkPolicy(policy, { https: false })).toThrow();
  });

  const cached = contentSecurityPolicy({ nonce: null, https: false, development: false });
  const cachedWeakenings: [string, string][] = [
    ["a third-party script host", cached.replace("script-src 'self' 'unsafe-inline'", "script-src 'self' 'unsafe-inline' https://cdn.example.com")],
    ["'unsafe-eval'", cached.replace("script-src 'self' 'unsafe-inline'", "script-src 'self' 'unsafe-inline' 'unsafe-eval'")],
    ["no object-src", cached.replace("object-src 'none'; ", "")],
    ["frameable", cached.replace("frame-ancestors 'none'", "frame-ancestors *")],
    ["a nonce that would end up in HTML served to everyone", cached.replace("style-src 'self' 'unsafe-inline'", "style-src 'self' 'unsafe-inline'; style-src-elem 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='")],
  ];
  it.each(cachedWeakenings)("cached page: %s", (_label, policy) => {
    expect(() => checkPolicy(policy, { https: false, cachedPage: true })).toThrow();
  });
});

describe("newNonce", () => {
  it("is 16 random bytes in base64, new every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

describe("cameOverHttps", () => {
  const request = (url: string, proto?: string) => new Request(url, { headers: proto ? { "X-Forwarded-Proto": proto } : {} });
  it.each([
    ["https://papers.example.org/", undefined, true],
    ["http://127.0.0.1:3000/", "https", true],
    ["http://127.0.0.1:3000/", "HTTPS", true],
    // Next's own rule for the request URL: "https" anywhere in the header.
    ["http://127.0.0.1:3000/", "https, http", true],
    ["http://127.0.0.1:3000/", "http", false],
    ["http://127.0.0.1:3000/", undefined, false],
  ])("%s with X-Forwarded-Proto %s → %s", (url, proto, expected) => {
    expect(cameOverHttps(request(url, proto))).toBe(expected);
  });
});

describe("withSecurityHeaders", () => {
  it("puts every header on a response, HSTS only over https", () => {
    const plain = withSecurityHeaders(new Response("x"), requestSecurity(new Request("http://localhost/"), { development: false }));
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("x-frame-options")).toBe("DENY");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    checkPolicy(plain.headers.get("content-security-policy")!, { https: false });

    const secure = withSecurityHeaders(Response.json({}, { status: 503 }), requestSecurity(new Request("https://papers.example.org/"), { development: false }));
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=63072000");
    checkPolicy(secure.headers.get("content-security-policy")!, { https: true });
  });

  it("hands Next the same policy on the request, where it finds the nonce for its scripts", () => {
    const request = new Request("http://localhost/", { headers: { Cookie: "a=b" } });
    const security = requestSecurity(request, { development: false });
    const headers = requestHeadersWithPolicy(request, security);
    expect(headers.get("content-security-policy")).toBe(security.policy);
    expect(headers.get("cookie")).toBe("a=b");
  });

  it("hands Next no policy for a cached page, so a nonce a client sends can't be written into HTML served to everyone", () => {
    const clientPolicy = "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='";
    const request = new Request("http://localhost/", { headers: { "Content-Security-Policy": clientPolicy, "Content-Security-Policy-Report-Only": clientPolicy } });
    const security = requestSecurity(request, { cachedPage: true, development: false });
    expect(security.nonce).toBeNull();
    // Next reads a nonce from either header.
    for (const name of NONCE_REQUEST_HEADERS) expect(requestHeadersWithPolicy(request, security).has(name)).toBe(false);
    checkPolicy(withSecurityHeaders(new Response("x"), security).headers.get("content-security-policy")!, { https: false, cachedPage: true });
  });
});

describe("firstRefusal", () => {
  const request = new NextRequest("http://localhost/search?q=x");
  const refuse =
    (status: number): Guard =>
    () =>
      new Response(null, { status });
  const pass: Guard = async () => null;

  it("lets a request through when every guard does, and when there are none", async () => {
    expect(await firstRefusal(request, [])).toBeNull();
    expect(await firstRefusal(request, [pass, pass])).toBeNull();
  });

  it("answers with the first refusal, in list order, without asking the guards after it", async () => {
    let asked = false;
    const spy: Guard = () => {
      asked = true;
      return null;
    };
    expect((await firstRefusal(request, [pass, refuse(503), refuse(429), spy]))?.status).toBe(503);
    expect(asked).toBe(false);
  });
});
