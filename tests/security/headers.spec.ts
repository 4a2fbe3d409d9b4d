// Security headers on every kind of response the production app gives (pages, redirects,
// 404s, route handlers and their errors, feeds, build assets), and a Content-Security-Policy
// the pages keep working under: in Chromium, with no violation reported.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { paperIdFor } from "../../lib/papers/paper-id";
import { titleKey } from "../../lib/papers/title-key";
import { E2E_CRON_SECRET, E2E_PORT } from "../e2e/e2e-env";
import { signIn } from "../e2e/sign-in";
import { checkPolicy } from "./csp-policy";

// A demo paper with a formula: KaTeX's stylesheet, fonts and style attributes must pass the policy.
const PAPER = paperIdFor(titleKey("Scaling Law with Learning Rate Annealing"));
const TODAY = new Date().toISOString().slice(0, 10);

/**
 * `cachedPage`: served from Next's cache, with the policy that has no nonce (lib/security/csp.ts);
 * `scriptless`: the trending list, sent without scripts, under a policy that allows none.
 */
type Route = { path: string; status: number; method?: "GET" | "POST"; headers?: Record<string, string>; cachedPage?: true; scriptless?: true };

const ROUTES: Route[] = [
  { path: "/", status: 200, cachedPage: true, scriptless: true },
  { path: "/?period=week&category=cs.LG", status: 200, cachedPage: true, scriptless: true },
  { path: "/?utm_source=newsletter", status: 200, cachedPage: true, scriptless: true }, // plain `/`: next.config.ts, not the proxy
  { path: "/trending/month/all/2", status: 200, cachedPage: true, scriptless: true }, // the list's own path: next.config.ts too
  { path: "/?period=century", status: 404 }, // not rewritten to the cached page: "/" has no page of its own
  { path: "/search?q=security+headers", status: 200 }, // a search's first request renders per request; asked again, see the cache test
  { path: "/search?q=%20", status: 200 }, // an invalid one: /search says why, per request
  { path: "/search/results/bm90LWEtc2VhcmNo", status: 404, cachedPage: true }, // a key that names no search
  { path: "/date", status: 307 }, // redirect to the latest day
  { path: `/date/${TODAY}`, status: 200 },
  { path: `/papers/${PAPER}`, status: 200 },
  { path: `/papers/${PAPER}/bibtex`, status: 200 },
  { path: "/about", status: 200 },
  { path: "/subscribe", status: 200 },
  { path: "/sign-in", status: 200 },
  { path: "/settings", status: 307 }, // signed out: to /sign-in
  { path: "/unsubscribe/not-a-token", status: 404 },
  { path: "/digest/2001-01-01", status: 404 }, // no edition that day; a sent one is in the browser test
  { path: "/no-such-page", status: 404 },
  { path: "/feeds/trending.xml", status: 200 },
  { path: "/feeds/search.xml?q=x", status: 200 },
  { path: "/feeds/search.xml", status: 400 },
  { path: "/api/search?q=x", status: 200 },
  { path: "/api/papers/trending", status: 200 },
  { path: `/api/papers/${PAPER}`, status: 200 },
  { path: "/api/papers/ffffffffffff", status: 404 },
  { path: "/api/papers/trending?period=century", status: 400 },
  { path: "/api/health", status: 200 },
  { path: "/api/subscribe", status: 400, method: "POST", headers: { Origin: `http://127.0.0.1:${E2E_PORT}` } }, // our own origin, an empty body
  { path: "/api/subscribe", status: 403, method: "POST" }, // no Origin: refused (lib/http/same-origin.ts)
  { path: "/api/cron/digest", status: 401, method: "POST" }, // no secret
];

async function fetchRoute(request: import("@playwright/test").APIRequestContext, route: Route): Promise<APIResponse> {
  const options = { maxRedirects: 0, headers: route.headers };
  return route.method === "POST" ? request.post(route.path, options) : request.get(route.path, options);
}

/** Asserts every security header of one response; returns the policy's nonce (null on a cached page). */
function expectSecurityHeaders(response: APIResponse, { https, cachedPage = false, scriptless = false }: { https: boolean; cachedPage?: boolean; scriptless?: boolean }): string | null {
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["permissions-policy"]).toMatch(/^camera=\(\), microphone=\(\), geolocation=\(\)/);
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  if (https) expect(headers["strict-transport-security"]).toBe("max-age=63072000");
  else expect(headers["strict-transport-security"]).toBeUndefined();
  const policy = headers["content-security-policy"];
  expect(policy, "Content-Security-Policy").toBeTruthy();
  return checkPolicy(policy!, { https, cachedPage, scriptless });
}

test.describe("security headers over HTTP", () => {
  for (const route of ROUTES) {
    test(`${route.method ?? "GET"} ${route.path} → ${route.status}`, async ({ request }) => {
      const response = await fetchRoute(request, route);
      expect(response.status()).toBe(route.status);
      expectSecurityHeaders(response, { https: false, cachedPage: route.cachedPage, scriptless: route.scriptless });
    });
  }

  test("behind an https proxy (X-Forwarded-Proto: https): HSTS and upgrade-insecure-requests on pages and the API", async ({ request }) => {
    for (const path of ["/", "/about", "/api/health", "/no-such-page"]) {
      const response = await request.get(path, { headers: { "X-Forwarded-Proto": "https" } });
      expectSecurityHeaders(response, { https: true, cachedPage: path === "/", scriptless: path === "/" });
    }
  });

  test("each response has its own nonce, and Next put it on every script and stylesheet of the page", async ({ request }) => {
    const first = await request.get("/about");
    const second = await request.get("/about");
    const nonce = expectSecurityHeaders(first, { https: false });
    expect(expectSecurityHeaders(second, { https: false })).not.toBe(nonce);

    const html = await first.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(3);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const stylesheets = html.match(/<link\b[^>]*rel="stylesheet"[^>]*>/g) ?? [];
    expect(stylesheets.length).toBeGreaterThan(0);
    for (const tag of stylesheets) expect(tag).toContain(`nonce="${nonce}"`);
    // The nonce must not be guessable from the page's other requests or be reused by the second page.
    expect(await second.text()).not.toContain(nonce);
  });

  test("the trending list, and a search asked again, are rendered once and served from Next's cache, with no nonce in them; other pages render per request", async ({ request }) => {
    // Whatever filled the cache before, the second of two requests in a row is answered from it.
    await request.get("/?period=month");
    const cached = await request.get("/?period=month");
    expect(cached.headers()["x-nextjs-cache"]).toMatch(/^(HIT|STALE)$/);
    expect(await cached.text()).not.toContain("nonce=");

    // A search's first request renders per request, with a nonce (lib/search/repeated-searches.ts);
    // the second renders its cached page, which the third is served from.
    const search = `/search?q=${encodeURIComponent(`learning ${Date.now()}`)}`;
    const first = await request.get(search);
    expect(first.headers()["x-nextjs-cache"]).toBeUndefined();
    expect(expectSecurityHeaders(first, { https: false })).not.toBeNull();
    expect(await first.text()).toContain("nonce=");
    // Its nonce is for this response alone: no shared cache may keep it.
    expect(first.headers()["cache-control"]).toMatch(/\bprivate\b/);
    await request.get(search);
    const again = await request.get(search);
    expect(again.headers()["x-nextjs-cache"]).toMatch(/^(HIT|STALE)$/);
    expectSecurityHeaders(again, { https: false, cachedPage: true });
    expect(await again.text()).not.toContain("nonce=");
    // As the trending list: a shared cache may keep it for a minute, a browser revalidates (a 304 while unchanged).
    expect(again.headers()["cache-control"]?.split(/,\s*/).sort()).toEqual(["max-age=0", "must-revalidate", "public", "s-maxage=60"]);
    expect((await request.get(search, { headers: { "If-None-Match": again.headers()["etag"]! } })).status()).toBe(304);
    const perRequest = await request.get("/about");
    expect(perRequest.headers()["x-nextjs-cache"]).toBeUndefined();
  });

  test("a nonce a client sends in a request's policy is never written into a cached list served to everyone", async ({ request }) => {
    // Paths no other test asks for, so that this request is the one that renders them. Plain
    // `/` and /trending/… skip the proxy, except when such a header comes (proxy.ts's matcher).
    const asked = [
      ["/?period=month&category=cs.RO", "Content-Security-Policy"],
      ["/trending/week/cs.RO/1", "Content-Security-Policy"],
      ["/trending/day/cs.RO/1", "Content-Security-Policy-Report-Only"],
    ] as const;
    for (const [path, header] of asked) {
      const first = await request.get(path, { headers: { [header]: "script-src 'nonce-Y2xpZW50LWNob3Nlbg=='" } });
      expect(first.status(), path).toBe(200);
      expect(await first.text(), path).not.toContain("Y2xpZW50LWNob3Nlbg");
      expect(await (await request.get(path)).text(), path).not.toContain("nonce=");
    }
  });

  test("a browser asks for the cached trending list every time (a 304 when unchanged), never shows its stored copy while it refetches", async ({ request }) => {
    // Next's own header, stale-while-revalidate for a year, had browsers show a list from
    // before the reader's own vote; tests/e2e/cache-invalidation.spec.ts is the journey.
    const page = await request.get("/?period=week");
    const cacheControl = page.headers()["cache-control"] ?? "";
    expect(cacheControl.split(/,\s*/).sort()).toEqual(["max-age=0", "must-revalidate", "public", "s-maxage=60"]);
    const etag = page.headers()["etag"];
    expect(etag).toBeTruthy();
    const unchanged = await request.get("/?period=week", { headers: { "If-None-Match": etag! } });
    expect(unchanged.status()).toBe(304);
    // The same page at its internal path, asked for directly, gets the same header.
    const direct = await request.get("/trending/week/all/1");
    expect(direct.headers()["cache-control"]).toBe(cacheControl);
  });

  test("only the trending list and the search pages are prerendered (once per path, on demand): a prerendered page has no nonce, and under the nonce policy its scripts would not run", async () => {
    // What `next build` rendered ahead (prerender-manifest.json's routes) or renders once per
    // path on demand (its dynamicRoutes). /_global-error is Next's own, shown when the root layout fails.
    const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next/prerender-manifest.json"), "utf8")) as {
      routes: Record<string, unknown>;
      dynamicRoutes: Record<string, unknown>;
    };
    expect(Object.keys(manifest.routes).filter((route) => route !== "/_global-error")).toEqual([]);
    expect(Object.keys(manifest.dynamicRoutes).sort()).toEqual(["/search/results/[key]", "/trending/[period]/[category]/[page]"]);
  });

  test("build assets (/_next/static, outside the proxy) still get nosniff and the static headers", async ({ request }) => {
    const html = await (await request.get(`/papers/${PAPER}`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(1);
    for (const asset of assets.slice(0, 4)) {
      const response = await request.get(asset);
      expect(response.status()).toBe(200);
      expect(response.headers()["x-content-type-options"]).toBe("nosniff");
      expect(response.headers()["x-frame-options"]).toBe("DENY");
      expect(response.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    }
  });
});

test.describe("the policy in the browser", () => {
  let violations: string[] = [];

  test.beforeEach(async ({ page }) => {
    violations = [];
    // Chromium reports a blocked script, style, font or image both ways: as an event in the
    // page (caught from the first byte by an init script) and as a console error.
    await page.exposeFunction("reportCspViolation", (line: string) => violations.push(line));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const report = (window as unknown as { reportCspViolation: (line: string) => void }).reportCspViolation;
        void report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`);
      });
    });
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
    });
  });

  /** The header's "/" shortcut focuses the search box: only once React hydrated, i.e. the nonced scripts ran. */
  async function expectScriptsRan(page: Page): Promise<void> {
    const searchBox = page.locator("#site-search");
    // Retried: a key pressed before hydration finishes is lost. Blurred first: some pages focus a field.
    await expect(async () => {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press("/");
      await expect(searchBox).toBeFocused({ timeout: 500 });
    }).toPass({ timeout: 15_000 });
  }

  // Hang guards only: a page load can take seconds on a loaded two-core machine.
  test.describe.configure({ timeout: 180_000 });

  let digestDate = "";
  test.beforeAll(async ({ request }) => {
    // A digest for today, so its "view in browser" page exists.
    const run = await request.post("/api/cron/digest", { headers: { Authorization: `Bearer ${E2E_CRON_SECRET}` } });
    expect(run.status()).toBe(202);
    digestDate = ((await run.json()) as { date: string }).date;
    await expect.poll(async () => (await request.get(`/digest/${digestDate}`)).status(), { timeout: 60_000 }).toBe(200);
  });

  test("the main pages load and hydrate, and KaTeX typesets, with zero violations", async ({ page }) => {
    // The trending list has no scripts to run (lib/server/html-only-pages.ts): it loads with no violation either.
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Trending papers" })).toBeVisible();
    expect(await page.locator("script").count()).toBe(0);
    const pages = ["/search?q=diffusion", `/papers/${PAPER}`, "/about", `/date/${TODAY}`, `/digest/${digestDate}`, "/subscribe", "/sign-in", "/no-such-page"];
    for (const path of pages) {
      await page.goto(path);
      await expectScriptsRan(page);
    }
    // KaTeX sizes its boxes with style attributes: blocked, its struts would have no height.
    await page.goto(`/papers/${PAPER}`);
    const strutHeight = await page.locator("article .katex .katex-strut").first().evaluate((el) => getComputedStyle(el).height);
    expect(parseFloat(strutHeight)).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  test("a vote (a form post to a route handler) and client-side navigation work under the policy", async ({ page }) => {
    await signIn(page, `csp-${Date.now()}@example.org`);
    await page.goto(`/papers/${PAPER}`);
    await expectScriptsRan(page);

    const vote = page.getByRole("button", { name: /· vote$/ });
    const before = Number(/▲ (\d+)/.exec((await vote.textContent()) ?? "")?.[1]);
    await vote.click();
    await expect(page.getByRole("button", { name: new RegExp(`^▲ ${before + 1} votes? · voted$`) })).toBeVisible();
    await expectScriptsRan(page);

    // A marker on window survives only if the navigation below does not reload the page.
    await page.evaluate(() => Object.assign(window, { stayedOnPage: true }));

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "About" }).click();
    await expect(page).toHaveURL(/\/about$/);
    await expect(page.getByRole("heading", { level: 1, name: "About Paperboy" })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
    expect(violations).toEqual([]);
  });
});
