// Every rate limit of the app, through its route handler (429 with Retry-After over the
// wire) and its lib function with an injected clock (the countdown and the window's
// restart): subscribe, sign-in, vote (Postgres counters shared by all processes) and
// search (an in-process counter in proxy.ts). Each limit: N allowed, N+1 refused, another
// client unaffected. Clients are told apart by X-Forwarded-For (lib/http/client-ip.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before lib/env is imported: confirmation and sign-in mails go to this file's SMTP server.
const hoisted = await vi.hoisted(async () => {
  const { startSmtpTestServerAsMailEnv } = await import("@/tests/helpers/smtp-test-server");
  const smtp = await startSmtpTestServerAsMailEnv();
  return { smtp, deferred: [] as Promise<unknown>[], user: null as { id: string; email: string } | null };
});

// Outside Next's server there is no request scope: after() runs its task at once (the
// tests await it), the cache has no tags to expire, and the signed-in voter is set here
// (the session cookie is tests/auth's subject).
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => void hoisted.deferred.push(task()),
}));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidateTag: () => {}, revalidatePath: () => {} }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => hoisted.user }));

import { POST as apiSubscribe } from "@/app/api/subscribe/route";
import { POST as postVote } from "@/app/papers/[id]/vote/route";
import { POST as signInForm } from "@/app/sign-in/request/route";
import { POST as subscribeForm } from "@/app/subscribe/request/route";
import { createPrismaClient } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createMemoryRateLimiter } from "@/lib/http/memory-rate-limit";
import { SEARCHES_PER_MINUTE, searchRateLimitGuard } from "@/lib/http/search-rate-limit";
import { cachedSearchPath } from "@/lib/search/cached-page-path";
import { mailerFromEnv } from "@/lib/mail";
import { hitRateLimit } from "@/lib/rate-limit";
import { requestSignIn } from "@/lib/subscribers/sign-in";
import { requestSubscription } from "@/lib/subscribers/subscribe";
import { VOTES_PER_IP_PER_MINUTE, VOTES_PER_VOTER_PER_MINUTE, hitVoteRateLimit } from "@/lib/votes/vote-rate-limit";
import { testMailer } from "@/tests/helpers/digest-fixtures";
import { resetDatabase } from "../setup/reset-database";
import { ORIGIN, formPost, freshIp, get, jsonPost } from "./requests";

const { smtp } = hoisted;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const PAPER = "a11ce0000001";

/** Answers a route, once the work it deferred with after() is done. */
async function settled(answer: Promise<Response>): Promise<Response> {
  const response = await answer;
  await Promise.all(hoisted.deferred.splice(0));
  return response;
}

const mailsTo = (address: string) => smtp.envelopes.filter((envelope) => envelope.to.includes(address)).length;

/** A 429 with a whole, positive Retry-After of at most `maxSeconds`; returns it. */
function expectRetryAfter(response: Response, maxSeconds: number): number {
  expect(response.status).toBe(429);
  const retryAfter = response.headers.get("retry-after");
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  expect(Number(retryAfter)).toBeLessThanOrEqual(maxSeconds);
  return Number(retryAfter);
}

/** The refusal page of a form route: a 429 page that says how long to wait. */
async function expectRefusalPage(response: Response, message: string, maxSeconds: number): Promise<void> {
  expectRetryAfter(response, maxSeconds);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(await response.text()).toMatch(new RegExp(`<p role="alert">${message} Please try again in \\d+ (seconds?|minutes?)\\.</p>`));
}

describe("rate limits", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    await db.paper.create({
      data: { id: PAPER, title: "A paper to vote for", titleKey: "a paper to vote for", abstract: "An abstract.", publishedAt: new Date(Date.now() - HOUR_MS), source: "test" },
    });
  });
  afterAll(async () => {
    await mailerFromEnv().close();
    await smtp.close();
    await db.$disconnect();
  });

  describe("subscribe: 20 sign-ups per client address per hour", () => {
    it("through the API and the form together; the 21st gets 429 with Retry-After (JSON, or a page for the form); another address is unaffected", async () => {
      const ip = freshIp();
      for (let n = 0; n < 10; n += 1) {
        expect((await settled(apiSubscribe(jsonPost("/api/subscribe", { email: "crowd@example.org" }, { ip })))).status).toBe(202);
        const form = await settled(subscribeForm(formPost("/subscribe/request", { email: "crowd@example.org" }, { ip })));
        expect([form.status, form.headers.get("location")]).toEqual([303, "/subscribe?status=check-your-inbox"]);
      }

      const refused = await settled(apiSubscribe(jsonPost("/api/subscribe", { email: "newcomer@example.org" }, { ip })));
      expectRetryAfter(refused, 3600);
      expect(await refused.json()).toEqual({ error: "Too many sign-ups from here; try again later." });
      await expectRefusalPage(await settled(subscribeForm(formPost("/subscribe/request", { email: "newcomer@example.org" }, { ip }))), "Too many sign-ups from here just now.", 3600);
      expect(await db.subscriber.count({ where: { email: "newcomer@example.org" } })).toBe(0);

      expect((await settled(apiSubscribe(jsonPost("/api/subscribe", { email: "newcomer@example.org" })))).status).toBe(202);
      expect(mailsTo("newcomer@example.org")).toBe(1);
      // Besides: 3 confirmation mails per address per hour, whatever the client address.
      expect(mailsTo("crowd@example.org")).toBe(3);
    });

    it("Retry-After counts down to the end of the window, which then restarts", async () => {
      const { mailer, cleanup } = testMailer(smtp.url);
      try {
        const start = new Date("2031-03-01T10:00:00Z");
        const ip = freshIp();
        const ask = (at: Date) => requestSubscription({ email: "window@example.org", keywords: [], ip }, { mailer, baseUrl: ORIGIN, now: at });
        for (let n = 0; n < 20; n += 1) expect(await ask(start)).toEqual({ status: "accepted" });
        expect(await ask(new Date(start.getTime() + 10 * MINUTE_MS))).toEqual({ status: "rate-limited", retryAfterSeconds: 50 * 60 });
        expect(await ask(new Date(start.getTime() + HOUR_MS - 1_000))).toEqual({ status: "rate-limited", retryAfterSeconds: 1 });
        expect(await ask(new Date(start.getTime() + HOUR_MS))).toEqual({ status: "accepted" });
      } finally {
        await cleanup();
      }
    });
  });

  describe("sign-in: 30 requests per client address per hour", () => {
    it("the 31st gets 429 with Retry-After, a page; another address is unaffected; the links per address stop at 5 silently", async () => {
      const ip = freshIp();
      for (let n = 0; n < 30; n += 1) {
        const answer = await settled(signInForm(formPost("/sign-in/request", { email: "eager@example.org" }, { ip })));
        expect([answer.status, answer.headers.get("location")]).toEqual([303, "/sign-in?status=check-your-inbox"]);
      }
      expect(mailsTo("eager@example.org")).toBe(5);

      await expectRefusalPage(await settled(signInForm(formPost("/sign-in/request", { email: "other@example.org" }, { ip }))), "Too many sign-in requests from here just now.", 3600);
      expect(mailsTo("other@example.org")).toBe(0);
      expect((await settled(signInForm(formPost("/sign-in/request", { email: "other@example.org" })))).status).toBe(303);
      expect(mailsTo("other@example.org")).toBe(1);
    });

    it("Retry-After counts down to the end of the window, which then restarts", async () => {
      const { mailer, cleanup } = testMailer(smtp.url);
      try {
        const start = new Date("2031-03-02T10:00:00Z");
        const ip = freshIp();
        const ask = (at: Date) => requestSignIn({ email: "clock@example.org", ip }, { mailer, baseUrl: ORIGIN, now: at });
        for (let n = 0; n < 30; n += 1) expect(await ask(start)).toEqual({ status: "sent" });
        expect(await ask(new Date(start.getTime() + 15 * MINUTE_MS))).toEqual({ status: "rate-limited", retryAfterSeconds: 45 * 60 });
        expect(await ask(new Date(start.getTime() + HOUR_MS - 1_000))).toEqual({ status: "rate-limited", retryAfterSeconds: 1 });
        expect(await ask(new Date(start.getTime() + HOUR_MS))).toEqual({ status: "sent" });
      } finally {
        await cleanup();
      }
    });
  });

  describe(`vote: ${VOTES_PER_VOTER_PER_MINUTE} per person and ${VOTES_PER_IP_PER_MINUTE} per client address per minute`, () => {
    const vote = (voterId: string, ip: string) => {
      hoisted.user = { id: voterId, email: `${voterId}@example.org` };
      return postVote(formPost(`/papers/${PAPER}/vote`, {}, { ip }), { params: Promise.resolve({ id: PAPER }) });
    };
    const votes = () => db.vote.count({ where: { paperId: PAPER } });

    it("a person's 21st vote in a minute gets 429 with Retry-After and changes nothing; another person is unaffected", async () => {
      const ip = freshIp();
      for (let n = 0; n < VOTES_PER_VOTER_PER_MINUTE; n += 1) {
        const answer = await vote("hasty-voter", ip);
        expect([answer.status, answer.headers.get("location")]).toEqual([303, `/papers/${PAPER}`]);
      }
      // An even number of toggles: no vote.
      expect(await votes()).toBe(0);
      await expectRefusalPage(await vote("hasty-voter", ip), "Too many votes just now.", 60);
      expect(await votes()).toBe(0);

      expect((await vote("calm-voter", ip)).status).toBe(303);
      expect(await votes()).toBe(1);
    });

    it("an address's 61st vote in a minute is refused, whoever votes", async () => {
      const ip = freshIp();
      for (const voter of ["lab-1", "lab-2", "lab-3"]) {
        for (let n = 0; n < VOTES_PER_VOTER_PER_MINUTE; n += 1) expect((await vote(voter, ip)).status).toBe(303);
      }
      expectRetryAfter(await vote("lab-4", ip), 60);
      expect((await vote("lab-4", freshIp())).status).toBe(303);
    });

    it("Retry-After counts down to the end of the window, which then restarts", async () => {
      const start = new Date("2031-03-03T10:00:00Z");
      const ip = freshIp();
      for (let n = 0; n < VOTES_PER_VOTER_PER_MINUTE; n += 1) expect((await hitVoteRateLimit("clocked-voter", ip, start)).allowed).toBe(true);
      expect(await hitVoteRateLimit("clocked-voter", ip, new Date(start.getTime() + 15_000))).toEqual({ allowed: false, retryAfterSeconds: 45 });
      expect(await hitVoteRateLimit("clocked-voter", ip, new Date(start.getTime() + 59_000))).toEqual({ allowed: false, retryAfterSeconds: 1 });
      expect((await hitVoteRateLimit("clocked-voter", ip, new Date(start.getTime() + MINUTE_MS))).allowed).toBe(true);
    });
  });

  describe(`search: ${SEARCHES_PER_MINUTE} per client address per minute, in memory (proxy.ts)`, () => {
    const search = (path: string, ip: string, nowMs: number) => searchRateLimitGuard(get(path, { ip }), nowMs);

    it("the page, its cached path, the API and the feed share one count; past it, 429 with Retry-After (a page for the pages, JSON for the others); another address is unaffected", async () => {
      const ip = freshIp();
      const now = Date.parse("2031-03-04T10:00:00Z");
      // A cached search page asked for by its own path searches too (lib/search/cached-page-path.ts).
      const cachedPage = cachedSearchPath({ q: "diffusion", sort: "relevance", page: 1 });
      const paths = ["/search?q=diffusion", cachedPage, "/api/search?q=diffusion", "/feeds/search.xml?q=diffusion"];
      for (let n = 0; n < SEARCHES_PER_MINUTE; n += 1) expect(search(paths[n % 4], ip, now)).toBeNull();

      for (const path of ["/search?q=more", cachedPage]) await expectRefusalPage(search(path, ip, now)!, "Too many searches from here just now.", 60);
      for (const path of ["/api/search?q=more", "/feeds/search.xml?q=more"]) {
        const refused = search(path, ip, now)!;
        expectRetryAfter(refused, 60);
        expect(await refused.json()).toEqual({ error: "Too many searches from here; try again later." });
      }
      expect(search("/search?q=more", freshIp(), now)).toBeNull();
      // Not a search: not counted, not refused.
      expect(search("/api/papers/trending", ip, now)).toBeNull();
    });

    it("Retry-After counts down to the end of the window, which then restarts", () => {
      const ip = freshIp();
      const start = Date.parse("2031-03-05T10:00:00Z");
      for (let n = 0; n < SEARCHES_PER_MINUTE; n += 1) expect(search("/api/search?q=x", ip, start)).toBeNull();
      expect(search("/api/search?q=x", ip, start + 20_000)?.headers.get("retry-after")).toBe("40");
      expect(search("/api/search?q=x", ip, start + 59_500)?.headers.get("retry-after")).toBe("1");
      expect(search("/api/search?q=x", ip, start + MINUTE_MS)).toBeNull();
    });

    it("keeps a bounded number of addresses, forgetting expired windows first, then the oldest", () => {
      const limiter = createMemoryRateLimiter({ limit: 2, windowMs: MINUTE_MS, maxKeys: 3 });
      limiter.hit("a", 0);
      limiter.hit("b", 30_000);
      limiter.hit("c", 40_000);
      limiter.hit("c", 40_000);
      expect(limiter.hit("c", 40_000).allowed).toBe(false);
      // "a" has expired: it goes, the others stay.
      limiter.hit("d", 61_000);
      expect(limiter.size()).toBe(3);
      expect(limiter.hit("c", 61_000).allowed).toBe(false);
      // Full of live windows: the oldest ("b") goes.
      for (let n = 0; n < 1_000; n += 1) limiter.hit(`flood-${n}`, 62_000);
      expect(limiter.size()).toBe(3);
    });
  });

  describe("RATE_LIMITS=off", () => {
    it("lets everything through and writes no counter", async () => {
      env.RATE_LIMITS = "off";
      try {
        const ip = freshIp();
        for (let n = 0; n < SEARCHES_PER_MINUTE + 5; n += 1) expect(searchRateLimitGuard(get("/search?q=bench", { ip }))).toBeNull();
        for (let n = 0; n < 5; n += 1) expect(await hitRateLimit("bench:key", 1, 60, new Date())).toEqual({ allowed: true, retryAfterSeconds: 0 });
        expect(await db.rateLimit.count({ where: { key: "bench:key" } })).toBe(0);
      } finally {
        env.RATE_LIMITS = "on";
      }
      expect((await hitRateLimit("bench:key", 1, 60, new Date())).allowed).toBe(true);
      expect((await hitRateLimit("bench:key", 1, 60, new Date())).allowed).toBe(false);
    });
  });
});
