// The rate limits over HTTP on the production server: the search limit lives in proxy.ts
// (a page cannot set its status), the sign-in and vote limits in their route handlers;
// each answers 429 with Retry-After past its limit. tests/security/rate-limits.test.ts
// has the countdown and the window's restart; this file checks the wiring.
import { expect, test, type APIResponse } from "@playwright/test";
import { SEARCHES_PER_MINUTE } from "../../lib/http/search-rate-limit";
import { paperIdFor } from "../../lib/papers/paper-id";
import { titleKey } from "../../lib/papers/title-key";
import { signIn } from "../e2e/sign-in";
import { OWN, clientAddress } from "./http";

// lib/subscribers/sign-in.ts and lib/votes/vote-rate-limit.ts (server-only modules: not importable here).
const SIGN_INS_PER_HOUR = 30;
const VOTES_PER_VOTER_PER_MINUTE = 20;
const PAPER = paperIdFor(titleKey("Scaling Law with Learning Rate Annealing"));

test.describe.configure({ timeout: 120_000 });

function expectTooMany(response: APIResponse, maxSeconds: number): void {
  expect(response.status()).toBe(429);
  expect(response.headers()["retry-after"]).toMatch(/^[1-9]\d*$/);
  expect(Number(response.headers()["retry-after"])).toBeLessThanOrEqual(maxSeconds);
}

test(`search: past ${SEARCHES_PER_MINUTE} searches in a minute from one address, each gets 429 with Retry-After, on the page and the API`, async ({ request }) => {
  const address = clientAddress(2);
  const from = (ip: string) => ({ headers: { "X-Forwarded-For": ip } });
  // The API without a query answers 400 at once: a cheap way to spend the count, which the page shares.
  for (let n = 0; n < SEARCHES_PER_MINUTE; n += 1) expect((await request.get("/api/search", from(address))).status()).toBe(400);

  const page = await request.get("/search?q=diffusion", from(address));
  expectTooMany(page, 60);
  expect(page.headers()["content-type"]).toBe("text/html; charset=utf-8");
  expect(await page.text()).toContain("Too many searches from here just now.");
  const api = await request.get("/api/search?q=diffusion", from(address));
  expectTooMany(api, 60);
  expect(await api.json()).toEqual({ error: "Too many searches from here; try again later." });
  expectTooMany(await request.get("/feeds/search.xml?q=diffusion", from(address)), 60);

  expect((await request.get("/search?q=diffusion", from(clientAddress(3)))).status()).toBe(200);
});

test(`sign-in: past ${SIGN_INS_PER_HOUR} requests in an hour from one address, each gets 429 with Retry-After and a page`, async ({ request }) => {
  const headers = { Origin: OWN, "X-Forwarded-For": clientAddress(4) };
  const address = `rate-${Date.now()}@example.org`;
  for (let n = 0; n < SIGN_INS_PER_HOUR; n += 1) {
    expect((await request.post("/sign-in/request", { headers, form: { email: address }, maxRedirects: 0 })).status()).toBe(303);
  }
  const refused = await request.post("/sign-in/request", { headers, form: { email: address }, maxRedirects: 0 });
  expectTooMany(refused, 3600);
  expect(await refused.text()).toContain("Too many sign-in requests from here just now.");
});

test(`vote: past ${VOTES_PER_VOTER_PER_MINUTE} votes in a minute, each of the person's gets 429 with Retry-After and a page`, async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": clientAddress(5) } });
  const page = await context.newPage();
  await signIn(page, `rate-voter-${Date.now()}@example.org`);
  // An even number of votes: the paper's count ends where it began.
  for (let n = 0; n < VOTES_PER_VOTER_PER_MINUTE; n += 1) {
    expect((await page.request.post(`/papers/${PAPER}/vote`, { headers: { Origin: OWN }, maxRedirects: 0 })).status()).toBe(303);
  }
  const refused = await page.request.post(`/papers/${PAPER}/vote`, { headers: { Origin: OWN }, maxRedirects: 0 });
  expectTooMany(refused, 60);
  expect(await refused.text()).toContain("Too many votes just now.");
  await context.close();
});
