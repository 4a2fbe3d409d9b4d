// Double opt-in through POST /api/subscribe with a real SMTP server: the confirmation
// mail and its single-use, expiring link; the same answer for every address; rate
// limits per address and per IP; what addresses and keywords the route accepts.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Before any import of lib/env: the route's mailer (mailerFromEnv) sends to an SMTP test
// server of this file. `hold` lets a test stall one recipient's RCPT TO.
const hoisted = await vi.hoisted(async () => {
  const { startSmtpTestServerAsMailEnv } = await import("@/tests/helpers/smtp-test-server");
  const state = { hold: undefined as ((to: string) => Promise<void> | void) | undefined };
  const smtp = await startSmtpTestServerAsMailEnv({ onRcptTo: (to) => state.hold?.(to) });
  return { smtp, state, deferred: [] as Promise<unknown>[] };
});

// The route sends the confirmation with next/server's after(), which needs Next's request
// scope. Here it starts the task at once without awaiting it (as Next does, after the
// answer); subscribe() below waits for such tasks after reading the answer.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => void hoisted.deferred.push(task()),
}));

import { POST } from "@/app/api/subscribe/route";
import { createPrismaClient } from "@/lib/db/client";
import { mailerFromEnv } from "@/lib/mail";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { requestSubscription } from "@/lib/subscribers/subscribe";
import { rawHeader, testMailer } from "@/tests/helpers/digest-fixtures";
import { sleep } from "@/tests/helpers/smtp-test-server";
import { resetDatabase } from "../setup/reset-database";

const ORIGIN = "https://paperboy.test";
const ACCEPTED = { status: "accepted", message: "If the address can receive mail, a confirmation link is on its way." };
const HOUR_MS = 3_600_000;
const { smtp } = hoisted;

let ipCounter = 0;
/** A fresh client address per call unless one is given, so only the tests about the per-IP limit share a bucket. */
const freshIp = () => `198.51.100.${++ipCounter}`;

async function subscribe(body: unknown, ip = freshIp()): Promise<{ status: number; body: Record<string, unknown>; response: Response }> {
  const response = await POST(
    new Request(`${ORIGIN}/api/subscribe`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip, origin: ORIGIN },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  const answer = { status: response.status, body: (await response.clone().json()) as Record<string, unknown>, response };
  await Promise.all(hoisted.deferred.splice(0));
  return answer;
}

/** The confirmation mails the SMTP server received for `address`, oldest first. */
function mailsTo(address: string) {
  return smtp.messages.filter((_, index) => smtp.envelopes[index].to.includes(address));
}

function tokenIn(text: string | undefined): string {
  const match = /https:\/\/paperboy\.test\/confirm\?token=([A-Za-z0-9_-]{43})\b/.exec(text ?? "");
  if (!match) throw new Error(`no confirmation link in: ${text}`);
  return match[1];
}

describe("subscribing", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const subscriber = (email: string) => db.subscriber.findUnique({ where: { email }, include: { keywords: { orderBy: { id: "asc" } } } });

  beforeAll(resetDatabase);
  afterAll(async () => {
    await mailerFromEnv().close();
    await smtp.close();
    await db.$disconnect();
  });

  describe("double opt-in", () => {
    it("a new address: 202, a pending subscriber, one confirmation mail whose link confirms once", async () => {
      const { status, body } = await subscribe({ email: "  Ada@Example.ORG ", keywords: ["Diffusion", "diffusion", " LLM   agents "] });
      expect(status).toBe(202);
      expect(body).toEqual(ACCEPTED);

      const pending = await subscriber("ada@example.org");
      expect(pending).toMatchObject({ confirmedAt: null, unsubscribedAt: null, frequency: "daily", keywordMode: "boost" });
      expect(pending!.keywords.map((k) => k.query)).toEqual(["diffusion", "llm agents"]);

      const [mail, ...more] = mailsTo("ada@example.org");
      expect(more).toHaveLength(0);
      expect(mail.subject).toBe("Confirm your Paperboy daily digest");
      expect(mail.from?.value).toEqual([{ name: "Paperboy", address: "hello@paperboy.test" }]);
      expect(mail.text).toContain("new papers matching: diffusion, llm agents.");
      const token = tokenIn(mail.text);
      expect(mail.html).toContain(`href="${ORIGIN}/confirm?token=${token}"`);

      // Only the token's hash is stored.
      const [stored] = await db.authToken.findMany({ where: { subscriberId: pending!.id } });
      expect(stored).toMatchObject({ purpose: "confirm", usedAt: null, tokenHash: createHash("sha256").update(token).digest("hex") });
      expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(48 * HOUR_MS);

      const confirmedAt = new Date(stored.createdAt.getTime() + 60_000);
      expect(await confirmSubscription(token, confirmedAt)).toEqual({ subscriberId: pending!.id });
      expect(await subscriber("ada@example.org")).toMatchObject({ confirmedAt, unsubscribedAt: null, digestEnabled: true });
      // Single use.
      expect(await confirmSubscription(token, new Date(confirmedAt.getTime() + 1_000))).toBeNull();
      expect(await db.authToken.findUnique({ where: { tokenHash: stored.tokenHash } })).toMatchObject({ usedAt: confirmedAt });
    });

    it("a link works for 48 hours and not a moment longer; a wrong token confirms nothing", async () => {
      await subscribe({ email: "late@example.org" });
      const token = tokenIn(mailsTo("late@example.org")[0].text);
      const { expiresAt } = await db.authToken.findFirstOrThrow({ where: { subscriber: { email: "late@example.org" } } });

      expect(await confirmSubscription(token, new Date(expiresAt.getTime() + 49 * HOUR_MS))).toBeNull();
      expect(await confirmSubscription(token, expiresAt)).toBeNull();
      expect(await confirmSubscription(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, new Date(expiresAt.getTime() - HOUR_MS))).toBeNull();
      expect(await confirmSubscription("", new Date(expiresAt.getTime() - HOUR_MS))).toBeNull();
      expect((await subscriber("late@example.org"))!.confirmedAt).toBeNull();
      // Expired attempts did not use it up: within its lifetime it still works.
      expect(await confirmSubscription(token, new Date(expiresAt.getTime() - 1))).not.toBeNull();
    });

    it("the same answer for a new, a pending and a confirmed address; the confirmed one gets no mail and keeps its keywords", async () => {
      const answers = [];
      answers.push(await subscribe({ email: "sam@example.org", keywords: ["robotics"] })); // new
      answers.push(await subscribe({ email: "sam@example.org", keywords: ["robotics"] })); // pending
      expect(mailsTo("sam@example.org")).toHaveLength(2);
      await confirmSubscription(tokenIn(mailsTo("sam@example.org")[1].text), new Date());

      answers.push(await subscribe({ email: "sam@example.org", keywords: ["something else"] })); // confirmed
      answers.push(await subscribe({ email: "SAM@example.org" })); // confirmed, other spelling
      for (const answer of answers) {
        expect(answer.status).toBe(202);
        expect(answer.body).toEqual(ACCEPTED);
        expect([...answer.response.headers.keys()].sort()).toEqual(["content-type"]);
      }
      // No mail to an address that is already subscribed: nobody learns it is, nobody can flood it.
      expect(mailsTo("sam@example.org")).toHaveLength(2);
      expect((await subscriber("sam@example.org"))!.keywords.map((k) => k.query)).toEqual(["robotics"]);
    });

    it("an address that unsubscribed must confirm again, with a new mail", async () => {
      await subscribe({ email: "back@example.org" });
      const first = await confirmSubscription(tokenIn(mailsTo("back@example.org")[0].text), new Date());
      await db.subscriber.update({ where: { id: first!.subscriberId }, data: { unsubscribedAt: new Date() } });

      expect((await subscribe({ email: "back@example.org" })).status).toBe(202);
      expect(mailsTo("back@example.org")).toHaveLength(2);
      expect((await subscriber("back@example.org"))!.unsubscribedAt).not.toBeNull();
      expect(await confirmSubscription(tokenIn(mailsTo("back@example.org")[1].text), new Date())).toEqual(first);
      expect(await subscriber("back@example.org")).toMatchObject({ unsubscribedAt: null });
    });
  });

  describe("rate limits", () => {
    it("per address: three mails an hour; the fourth request gets the same answer and no mail", async () => {
      for (let n = 1; n <= 4; n += 1) {
        const { status, body } = await subscribe({ email: "often@example.org" });
        expect(status).toBe(202);
        expect(body).toEqual(ACCEPTED);
      }
      expect(mailsTo("often@example.org")).toHaveLength(3);
      expect(await db.authToken.count({ where: { subscriber: { email: "often@example.org" } } })).toBe(3);
    });

    it("per IP: the 21st request in an hour is refused with 429 and Retry-After, and mails nobody", async () => {
      const ip = "203.0.113.9";
      for (let n = 1; n <= 20; n += 1) expect((await subscribe({ email: "crowd@example.org" }, ip)).status).toBe(202);

      const refused = await subscribe({ email: "newcomer@example.org" }, ip);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: "Too many sign-ups from here; try again later." });
      const retryAfter = Number(refused.response.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(await subscriber("newcomer@example.org")).toBeNull();
      expect(mailsTo("newcomer@example.org")).toHaveLength(0);

      // Another client is not affected.
      expect((await subscribe({ email: "newcomer@example.org" }, "203.0.113.10")).status).toBe(202);
      expect(mailsTo("newcomer@example.org")).toHaveLength(1);
    });

    it("per IP, in lib: retryAfterSeconds counts down to the end of the window, which then restarts", async () => {
      const { mailer, cleanup } = testMailer(smtp.url);
      try {
        const start = new Date("2030-01-01T10:00:00Z");
        const ask = (email: string, at: Date) => requestSubscription({ email, keywords: [], ip: "192.0.2.77" }, { mailer, baseUrl: ORIGIN, now: at });
        for (let n = 0; n < 20; n += 1) expect(await ask("window@example.org", start)).toEqual({ status: "accepted" });
        expect(await ask("window-late@example.org", new Date(start.getTime() + 10 * 60_000))).toEqual({ status: "rate-limited", retryAfterSeconds: 50 * 60 });
        expect(await ask("window-late@example.org", new Date(start.getTime() + HOUR_MS - 1))).toEqual({ status: "rate-limited", retryAfterSeconds: 1 });
        expect(await ask("window-late@example.org", new Date(start.getTime() + HOUR_MS))).toEqual({ status: "accepted" });
        expect(mailsTo("window@example.org")).toHaveLength(3);
        expect(mailsTo("window-late@example.org")).toHaveLength(1);
      } finally {
        await cleanup();
      }
    });

    // Regression test for a fixed bug (lib/http/client-ip.ts): the per-IP key is the FIRST X-Forwarded-For hop,
    // which is whatever the client sent: a reverse proxy appends the address it saw, so
    // "X-Forwarded-For: <anything>, <real client>" arrives, and a new <anything> per
    // request gives a new rate-limit bucket each time (unlimited sign-up mails to
    // arbitrary addresses, 3 per address per hour). Fix: take the hop the trusted proxy
    // added, i.e. the LAST entry (or the entry TRUSTED_PROXIES hops from the right, with
    // a setting for that count), and fall back to X-Real-IP only when the proxy sets it.
    it("a client cannot get a fresh per-IP bucket by sending its own X-Forwarded-For first hop", async () => {
      const real = "203.0.113.50";
      for (let n = 1; n <= 20; n += 1) await subscribe({ email: "spoof@example.org" }, `10.0.0.${n}, ${real}`);
      const refused = await subscribe({ email: "spoof@example.org" }, `10.0.0.21, ${real}`);
      expect(refused.status).toBe(429);
    });
  });

  describe("what the route accepts", () => {
    async function expect400(body: unknown, error: string) {
      const before = smtp.messages.length;
      const subscribers = await db.subscriber.count();
      const answer = await subscribe(body);
      expect(answer.status).toBe(400);
      expect(answer.response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(Object.keys(answer.body)).toEqual(["error"]);
      expect(answer.body.error).toBe(error);
      expect(smtp.messages.length).toBe(before);
      expect(await db.subscriber.count()).toBe(subscribers);
    }

    it("refuses header injection: a line break in the address", async () => {
      await expect400({ email: "a@b.c\r\nBcc: x@y.z" }, "An email address cannot contain line breaks.");
      await expect400({ email: "ada@example.org\nBcc: victim@example.org" }, "An email address cannot contain line breaks.");
      await expect400({ email: "ada@example.org\rX-Header: 1" }, "An email address cannot contain line breaks.");
      expect(await subscriber("x@y.z")).toBeNull();
    });

    it("refuses an address too long for SMTP (320 characters); takes and mails a long one that fits", async () => {
      const label = (char: string, length: number) => char.repeat(length);
      const tooLong = `${label("l", 64)}@${label("a", 63)}.${label("b", 63)}.${label("c", 63)}.${label("d", 59)}.org`;
      expect(tooLong).toHaveLength(320);
      await expect400({ email: tooLong }, "Enter a valid email address, like name@example.org.");
      await expect400({ email: `${label("l", 65)}@example.org` }, "Enter a valid email address, like name@example.org.");
      // 253, not the schema's limit of 254: smtp-server (the test server) refuses a 254-character path with 501.
      const long = `${label("l", 64)}@${label("a", 63)}.${label("b", 63)}.${label("c", 56)}.org`;
      expect(long).toHaveLength(253);
      expect((await subscribe({ email: long })).status).toBe(202);
      expect(await subscriber(long)).not.toBeNull();
      expect(mailsTo(long)).toHaveLength(1);
    });

    it("refuses a missing, empty or malformed address, and a body that is not JSON", async () => {
      await expect400({}, "Enter an email address.");
      await expect400({ email: 42 }, "Enter an email address.");
      await expect400("not json", "Enter an email address.");
      await expect400({ email: "" }, "Enter a valid email address, like name@example.org.");
      await expect400({ email: "Ada <ada@example.org>" }, "Enter a valid email address, like name@example.org.");
      await expect400({ email: "ada@example.org, bob@example.org" }, "Enter a valid email address, like name@example.org.");
    });

    it("stores an IDN domain in punycode and mails that address", async () => {
      expect((await subscribe({ email: "user@Bücher.example" })).status).toBe(202);
      expect(await subscriber("user@xn--bcher-kva.example")).not.toBeNull();
      expect(await db.subscriber.count({ where: { email: { contains: "bücher" } } })).toBe(0);
      // smtp-server shows envelope domains decoded (punycode.toUnicode); the header shows what was sent.
      const mails = mailsTo("user@bücher.example");
      expect(mails).toHaveLength(1);
      expect(rawHeader(mails[0], "To")).toBe("user@xn--bcher-kva.example");
    });

    it("keeps plus-addressing as the person typed it", async () => {
      expect((await subscribe({ email: "me+papers@example.org" })).status).toBe(202);
      expect(await subscriber("me+papers@example.org")).not.toBeNull();
      expect(await subscriber("me@example.org")).toBeNull();
      expect(mailsTo("me+papers@example.org")).toHaveLength(1);
    });

    it("keywords: lower-cased, de-duplicated, a form's comma/newline list split; at most 20; each a valid search", async () => {
      expect((await subscribe({ email: "kw1@example.org", keywords: "Diffusion, GRAPH neural networks\ndiffusion,,  " })).status).toBe(202);
      expect((await subscriber("kw1@example.org"))!.keywords.map((k) => k.query)).toEqual(["diffusion", "graph neural networks"]);

      const twenty = Array.from({ length: 20 }, (_, n) => `topic ${n}`);
      expect((await subscribe({ email: "kw20@example.org", keywords: twenty })).status).toBe(202);
      expect((await subscriber("kw20@example.org"))!.keywords).toHaveLength(20);

      await expect400({ email: "kw21@example.org", keywords: [...twenty, "one more"] }, "Follow at most 20 keywords.");
      await expect400({ email: "kwlong@example.org", keywords: ["x".repeat(257)] }, "Searches are limited to 256 characters.");
    });

    // Regression test for a fixed bug (app/api/subscribe/route.ts): 400 answers use firstIssue() from lib/search/schema,
    // which prefixes the field name for search parameters ("from must be …"). The
    // subscribe schema's messages are whole sentences already, so the API answers
    // {"error": "Enter a valid email address, like name@example.org."}. Fix: in the
    // route, answer parsed.error.issues[0].message (or give firstIssue an option not to
    // prefix), and update the expectations above to the bare sentences.
    it("400 answers are the schema's sentences, without a field-name prefix", async () => {
      await expect400({ email: "nope" }, "Enter a valid email address, like name@example.org.");
    });
  });

  // Regression test for a fixed bug (app/api/subscribe/route.ts + lib/site-url.ts): with APP_URL unset (the
  // default) the confirmation link's origin is the request's, i.e. the Host header
  // the client sent. Anyone can make the app mail a victim a genuine confirmation
  // email whose button points to their own host; a click hands them the token (they
  // then confirm the victim's subscription) and the app's own mail server carries
  // their link. Fix: links in emails come from configuration only: require APP_URL for
  // sending mail (refuse, or answer 503, when it is unset in production), or fall back
  // to a fixed origin from the environment, never to the request.
  it("the confirmation link never takes its host from the request (Host header poisoning)", async () => {
    const response = await POST(
      new Request("https://evil.example/api/subscribe", {
        method: "POST",
        // Host and Origin agree (the request is same-origin for the host it names): only the link's host is in question.
        headers: { "content-type": "application/json", "x-forwarded-for": freshIp(), origin: "https://evil.example" },
        body: JSON.stringify({ email: "victim@example.org" }),
      }),
    );
    expect(response.status).toBe(202);
    for (const mail of mailsTo("victim@example.org")) expect(`${mail.text}\n${mail.html}`).not.toContain("evil.example");
  });

  // Regression test for a fixed bug (lib/subscribers/subscribe.ts, upsertPending): find-then-create in a READ
  // COMMITTED transaction. Two requests for the same new address at once (a double
  // click, a retrying client) both find nothing, both insert, and the second dies on the
  // unique email index (Prisma P2002): the route throws and Next answers 500. The same
  // holds for the keywords' deleteMany + createMany on (subscriber_id, query).
  // Fix: insert with ON CONFLICT (email) DO NOTHING and then read the row (or
  // tx.subscriber.upsert, or catch P2002 and retry once), lock it (SELECT … FOR UPDATE)
  // before replacing keywords, and createMany({ skipDuplicates: true }).
  // The embedded PGlite runs one transaction at a time, so the race only exists on a
  // real server: this test runs only with TEST_DATABASE_URL.
  (process.env.TEST_DATABASE_URL ? it : it.skip)("two requests for the same new address at once are both accepted", async () => {
    const { mailer, cleanup } = testMailer(smtp.url);
    try {
      for (let n = 0; n < 5; n += 1) {
        const email = `twice${n}@example.org`;
        const answers = await Promise.allSettled(
          [1, 2].map((k) => requestSubscription({ email, keywords: ["diffusion"], ip: `192.0.2.${10 * n + k}` }, { mailer, baseUrl: ORIGIN, now: new Date() })),
        );
        expect(answers).toEqual([
          { status: "fulfilled", value: { status: "accepted" } },
          { status: "fulfilled", value: { status: "accepted" } },
        ]);
        expect(await db.subscriber.count({ where: { email } })).toBe(1);
      }
    } finally {
      await cleanup();
    }
  });

  // Regression test for a fixed bug (lib/subscribers/subscribe.ts): for a new or pending address the response waits
  // for the SMTP transaction of the confirmation mail; for a confirmed address it does
  // not. The bodies are identical, but the timing tells whether an address is subscribed
  // (enumeration), and a slow or stalled SMTP server holds every sign-up request (up to
  // the 30 s socket timeout). Fix: send the confirmation mail after the response (Next's
  // after(), as the cron route does, or a small outbox table drained by a worker) so all
  // three cases do the same work before answering.
  it("the answer for a new address does not wait for the SMTP server", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const rcptReached = new Promise<void>((resolve) => (reached = resolve));
    hoisted.state.hold = (to) => {
      if (to !== "slowpoke@example.org") return;
      reached();
      return released;
    };
    try {
      // The route itself, not subscribe(), which also waits for the deferred send.
      const request = new Request(`${ORIGIN}/api/subscribe`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": freshIp(), origin: ORIGIN },
        body: JSON.stringify({ email: "slowpoke@example.org" }),
      });
      const answer = POST(request).then(() => "answered");
      const stalled = rcptReached.then(() => sleep(1_000)).then(() => "still waiting for the SMTP server");
      expect(await Promise.race([answer, stalled])).toBe("answered");
    } finally {
      hoisted.state.hold = undefined;
      release();
    }
  });
});
