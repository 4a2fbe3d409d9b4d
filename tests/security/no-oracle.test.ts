// Nobody can learn whether an address is subscribed: subscribing or asking for a sign-in
// link answers byte for byte the same (status, every header, body) whatever the address's
// state: new, pending confirmation, subscribed, unsubscribed, an account without the
// digest, or one that had its mails for the hour. Only the mails differ, and only the
// address's owner sees those. Timing is not asserted (no wall-clock tests): both flows
// send their mail after answering (next/server after()), so a new address does no more
// work before the answer than a subscribed one.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const hoisted = await vi.hoisted(async () => {
  const { startSmtpTestServerAsMailEnv } = await import("@/tests/helpers/smtp-test-server");
  const smtp = await startSmtpTestServerAsMailEnv();
  return { smtp, deferred: [] as Promise<unknown>[] };
});

// Outside Next's server, after() runs its task at once; the tests wait for it after the answer.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => void hoisted.deferred.push(task()),
}));

import { POST as apiSubscribe } from "@/app/api/subscribe/route";
import { POST as signInForm } from "@/app/sign-in/request/route";
import { POST as subscribeForm } from "@/app/subscribe/request/route";
import { createPrismaClient } from "@/lib/db/client";
import { mailerFromEnv } from "@/lib/mail";
import { requestSignIn } from "@/lib/subscribers/sign-in";
import { requestSubscription } from "@/lib/subscribers/subscribe";
import { seedSubscribers, testMailer } from "@/tests/helpers/digest-fixtures";
import { resetDatabase } from "../setup/reset-database";
import { ORIGIN, formPost, freshIp, jsonPost, observable } from "./requests";

const { smtp } = hoisted;

/** One address in each state the answers must not tell apart. */
const STATES = {
  new: "never-seen@example.org",
  pending: "pending@example.org",
  subscribed: "subscribed@example.org",
  unsubscribed: "gone@example.org",
  "account without the digest": "reader-only@example.org",
  "mailed its limit this hour": "mailed-out@example.org",
} as const;

async function answerOf(route: Promise<Response>) {
  const answer = await observable(await route);
  await Promise.all(hoisted.deferred.splice(0));
  return answer;
}

const mailsTo = (address: string) => smtp.envelopes.filter((envelope) => envelope.to.includes(address)).length;

describe("no subscription oracle", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    await seedSubscribers(
      db,
      [
        { email: STATES.pending, confirmed: false },
        { email: STATES.subscribed },
        { email: STATES.unsubscribed, unsubscribed: true },
        { email: STATES["account without the digest"], digestEnabled: false },
        { email: STATES["mailed its limit this hour"], confirmed: false },
      ],
      new Date(),
    );
    // Its three confirmation mails and five sign-in links of the hour, from other clients.
    for (let n = 0; n < 3; n += 1) await answerOf(apiSubscribe(jsonPost("/api/subscribe", { email: STATES["mailed its limit this hour"] })));
    for (let n = 0; n < 5; n += 1) await answerOf(signInForm(formPost("/sign-in/request", { email: STATES["mailed its limit this hour"] })));
  });
  afterAll(async () => {
    await mailerFromEnv().close();
    await smtp.close();
    await db.$disconnect();
  });

  it("POST /api/subscribe answers the same for every state", async () => {
    const answers = new Map<string, unknown>();
    for (const [state, email] of Object.entries(STATES)) {
      answers.set(state, await answerOf(apiSubscribe(jsonPost("/api/subscribe", { email, keywords: ["diffusion"] }))));
    }
    const [first] = answers.values();
    expect(first).toMatchObject({ status: 202 });
    for (const [state, answer] of answers) expect(answer, state).toEqual(first);
  });

  it("the subscribe form answers the same for every state: one redirect, one page", async () => {
    const mailsBefore = Object.fromEntries(Object.values(STATES).map((email) => [email, mailsTo(email)]));
    const answers = new Map<string, unknown>();
    for (const [state, email] of Object.entries(STATES)) {
      answers.set(state, await answerOf(subscribeForm(formPost("/subscribe/request", { email, keywords: "diffusion" }))));
    }
    const [first] = answers.values();
    expect(first).toEqual({ status: 303, headers: [["cache-control", "no-store"], ["location", "/subscribe?status=check-your-inbox"]], body: "" });
    for (const [state, answer] of answers) expect(answer, state).toEqual(first);
    // What differs is the mail: none for the subscribed address, none past the hour's limit.
    expect(mailsTo(STATES.subscribed)).toBe(mailsBefore[STATES.subscribed]);
    expect(mailsTo(STATES["mailed its limit this hour"])).toBe(mailsBefore[STATES["mailed its limit this hour"]]);
    expect(mailsTo(STATES.new)).toBe(mailsBefore[STATES.new] + 1);
  });

  it("the sign-in form answers the same for a known and an unknown address, in every state", async () => {
    const answers = new Map<string, unknown>();
    for (const [state, email] of Object.entries({ ...STATES, unknown: "nobody-here@example.org" })) {
      answers.set(state, await answerOf(signInForm(formPost("/sign-in/request", { email }))));
    }
    const [first] = answers.values();
    expect(first).toEqual({ status: 303, headers: [["cache-control", "no-store"], ["location", "/sign-in?status=check-your-inbox"]], body: "" });
    for (const [state, answer] of answers) expect(answer, state).toEqual(first);
  });

  it("past a client's limit, the refusal is the same whatever the address", async () => {
    const { mailer, cleanup } = testMailer(smtp.url);
    try {
      const now = new Date("2031-05-01T09:00:00Z");
      const ip = freshIp();
      for (let n = 0; n < 30; n += 1) await requestSignIn({ email: STATES.new, ip }, { mailer, baseUrl: ORIGIN, now });
      for (let n = 0; n < 20; n += 1) await requestSubscription({ email: STATES.subscribed, keywords: [], ip }, { mailer, baseUrl: ORIGIN, now });
      for (const email of Object.values(STATES)) {
        expect(await requestSignIn({ email, ip }, { mailer, baseUrl: ORIGIN, now })).toEqual({ status: "rate-limited", retryAfterSeconds: 3600 });
        expect(await requestSubscription({ email, keywords: [], ip }, { mailer, baseUrl: ORIGIN, now })).toEqual({ status: "rate-limited", retryAfterSeconds: 3600 });
      }
    } finally {
      await cleanup();
    }
  });
});
