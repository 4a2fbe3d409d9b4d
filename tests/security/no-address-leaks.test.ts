// Addresses never go into URLs or logs. Through every flow that handles one (subscribe,
// confirm, sign in, settings, vote, the digest, unsubscribe, and mail that fails with an
// SMTP reply quoting the recipient), this file keeps every line written to the console or
// stdout/stderr, every redirect Location and every link of every mail sent, and checks that
// no address appears in them: as typed, lower-cased, percent-encoded, or its local part.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const BOUNCE = "leak-bounce.q7@example.org";

const hoisted = await vi.hoisted(async () => {
  const { startSmtpTestServerAsMailEnv } = await import("@/tests/helpers/smtp-test-server");
  // One mailbox does not exist, and the server's refusal quotes it, as real servers do.
  const smtp = await startSmtpTestServerAsMailEnv({
    onRcptTo: (to) => (to === "leak-bounce.q7@example.org" ? { code: 550, message: `5.1.1 <${to}>: Recipient address rejected: User unknown` } : undefined),
  });
  return { smtp, deferred: [] as Promise<unknown>[], sessionId: null as string | null };
});

// Outside Next's server there is no request scope: after() runs at once, the cache has
// no tags to expire, and the session cookie is a variable (the cookie is tests/auth's subject).
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => void hoisted.deferred.push(task()),
}));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidateTag: () => {}, revalidatePath: () => {} }));
vi.mock("@/lib/auth/session", async () => {
  const { db } = await import("@/lib/db");
  return {
    startSession: async (id: string) => void (hoisted.sessionId = id),
    endSession: async () => void (hoisted.sessionId = null),
    currentUser: async () =>
      hoisted.sessionId ? db.subscriber.findUnique({ where: { id: hoisted.sessionId }, select: { id: true, email: true } }) : null,
  };
});

import type { ParsedMail } from "mailparser";
import { POST as apiSubscribe } from "@/app/api/subscribe/route";
import { GET as unsubscribeGet, POST as unsubscribePost } from "@/app/api/unsubscribe/[token]/route";
import { confirmAction } from "@/app/confirm/actions";
import { POST as postVote } from "@/app/papers/[id]/vote/route";
import { addKeywordAction, deleteAccountAction, removeKeywordAction, savePreferencesAction } from "@/app/settings/actions";
import { completeSignInAction, signOutAction } from "@/app/sign-in/actions";
import { POST as signInForm } from "@/app/sign-in/request/route";
import { POST as subscribeForm } from "@/app/subscribe/request/route";
import { createPrismaClient } from "@/lib/db/client";
import { createDigestRun, executeDigestRun } from "@/lib/digest/run";
import { mailerFromEnv, type Mailer } from "@/lib/mail";
import { redactAddresses } from "@/lib/security/redact-addresses";
import { requestSignIn } from "@/lib/subscribers/sign-in";
import { requestSubscription } from "@/lib/subscribers/subscribe";
import { clockFrom, rawHeader, seedPapers, seedSubscribers, testMailer, testRunOptions } from "@/tests/helpers/digest-fixtures";
import { resetDatabase } from "../setup/reset-database";
import { ORIGIN, formPost, freshIp, get, jsonPost } from "./requests";

const { smtp } = hoisted;
const ADA = "Leak-Ada.Q7+papers@Example.org";
const ADDRESSES = [ADA, BOUNCE, "leak-eve.q7@example.org", "leak-dan.q7@example.org"];
const PAPER = "1eac00000001";
const DIGEST_DATE = "2031-06-02";

/** Every way an address could show: as typed, lower-cased, percent-encoded (either case), or its local part alone. */
function forms(address: string): string[] {
  const lower = address.toLowerCase();
  return [address, lower, encodeURIComponent(lower), encodeURIComponent(lower).replace("%40", "%2540"), lower.split("@")[0], lower.split("@")[0].replace("+", "%2B")];
}

function expectNoAddress(texts: string[], what: string): void {
  expect(texts.length, `some ${what} to check`).toBeGreaterThan(0);
  for (const text of texts) {
    const haystack = text.toLowerCase();
    for (const address of ADDRESSES) for (const form of forms(address)) expect(haystack.includes(form.toLowerCase()), `${what} "${text}" contains ${form}`).toBe(false);
  }
}

// Everything the process writes while the flows run.
const written: string[] = [];
function captureOutput(): void {
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      written.push(args.map((arg) => (arg instanceof Error ? `${arg.message}\n${arg.stack}` : typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
      original(...args);
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return original(chunk, ...rest);
    }) as typeof stream.write);
  }
}

/** Every URL in a mail: href and src attributes, URLs in the text part, List-Unsubscribe. */
function linksIn(mail: ParsedMail): string[] {
  const html = typeof mail.html === "string" ? mail.html : "";
  return [
    ...[...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1]),
    ...[...(mail.text ?? "").matchAll(/https?:\/\/[^\s\]>)]+/g)].map((match) => match[0]),
    ...(rawHeader(mail, "List-Unsubscribe") ? [rawHeader(mail, "List-Unsubscribe")!] : []),
  ];
}

const mailsTo = (address: string) => smtp.messages.filter((_, index) => smtp.envelopes[index].to.includes(address.toLowerCase()));

/** Where a route's answer or a server action's redirect() sends the browser. */
async function locationOf(answer: Promise<unknown>): Promise<string> {
  const result = await answer.then(
    (value) => value,
    (thrown: unknown) => thrown,
  );
  await Promise.all(hoisted.deferred.splice(0));
  if (result instanceof Response) {
    const location = result.headers.get("location");
    if (!location) throw new Error(`no Location in a ${result.status} answer`);
    return location;
  }
  const match = /^NEXT_REDIRECT;[^;]*;([^;]+);/.exec((result as { digest?: string } | null)?.digest ?? "");
  if (!match) throw new Error(`no redirect: ${String(result)}`);
  return match[1];
}

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("no address in URLs or logs", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const locations: string[] = [];
  const at = async (answer: Promise<unknown>) => {
    const location = await locationOf(answer);
    locations.push(location);
    return location;
  };

  beforeAll(async () => {
    await resetDatabase();
    await seedPapers(db, [
      { id: PAPER, title: "Leak-proof digests", abstract: "Diffusion models for privacy.", publishedAt: new Date("2031-06-01T10:00:00Z"), votes: [new Date("2031-06-01T12:00:00Z")] },
    ]);
    captureOutput();
  });
  afterEach(() => {
    // Every test's output is checked when it ends, so a failure names the flow.
    const output = written.splice(0).join("");
    expectNoAddress([output], "console and stdout/stderr output");
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await mailerFromEnv().close();
    await smtp.close();
    await db.$disconnect();
  });

  it("subscribing and confirming: redirects, the confirmation mail's links", async () => {
    expect((await apiSubscribe(jsonPost("/api/subscribe", { email: ADA, keywords: ["diffusion"] }))).status).toBe(202);
    await Promise.all(hoisted.deferred.splice(0));
    expect(await at(subscribeForm(formPost("/subscribe/request", { email: ADA, keywords: "privacy" })))).toBe("/subscribe?status=check-your-inbox");
    expect(await at(subscribeForm(formPost("/subscribe/request", { email: "not an address" })))).toBe("/subscribe?error=email");

    const mails = mailsTo(ADA);
    expect(mails).toHaveLength(2);
    const links = mails.flatMap(linksIn);
    expectNoAddress(links, "confirmation mail link");
    const token = /\/confirm\?token=([\w-]{43})/.exec(mails[1].text ?? "")![1];
    expect(await at(confirmAction(form({ token })))).toBe("/confirm?status=confirmed");
    expect(await at(confirmAction(form({ token })))).toBe("/confirm?status=invalid");
    expectNoAddress(locations, "redirect");
  });

  it("signing in and out: redirects, the sign-in mail's links", async () => {
    expect(await at(signInForm(formPost("/sign-in/request", { email: ADA })))).toBe("/sign-in?status=check-your-inbox");
    expect(await at(signInForm(formPost("/sign-in/request", { email: "@" })))).toBe("/sign-in?error=email");
    const mail = mailsTo(ADA).at(-1)!;
    expect(mail.subject).toMatch(/sign/i);
    expectNoAddress(linksIn(mail), "sign-in mail link");
    const token = /\/sign-in\/callback\?token=([\w-]{43})/.exec(mail.text ?? "")![1];
    expect(await at(completeSignInAction(form({ token })))).toBe("/settings");
    expect(await at(completeSignInAction(form({ token })))).toBe("/sign-in?error=link");
    expect(await at(signOutAction())).toBe("/");
    expectNoAddress(locations, "redirect");
  });

  it("settings, votes and deleting an account: redirects", async () => {
    hoisted.sessionId = (await db.subscriber.findUniqueOrThrow({ where: { email: ADA.toLowerCase() } })).id;
    expect(await at(savePreferencesAction(form({ digestEnabled: "on", frequency: "weekly", keywordMode: "filter" })))).toBe("/settings?status=saved");
    expect(await at(savePreferencesAction(form({ frequency: "hourly" })))).toBe("/settings?error=preferences");
    expect(await at(savePreferencesAction(form({ digestEnabled: "on", frequency: "daily", keywordMode: "boost" })))).toBe("/settings?status=saved");
    expect(await at(addKeywordAction(form({ query: "graph neural networks" })))).toBe("/settings?status=saved");
    const keyword = await db.followedKeyword.findFirstOrThrow({ where: { query: "graph neural networks" } });
    expect(await at(removeKeywordAction(form({ keywordId: String(keyword.id) })))).toBe("/settings?status=saved");
    expect(await at(postVote(formPost(`/papers/${PAPER}/vote`, {}), { params: Promise.resolve({ id: PAPER }) }))).toBe(`/papers/${PAPER}`);

    const [eve] = (await seedSubscribers(db, [{ email: "leak-eve.q7@example.org" }], new Date())).values();
    hoisted.sessionId = eve;
    expect(await at(deleteAccountAction(form({ confirm: "nope" })))).toBe("/settings?error=confirm-delete");
    expect(await at(deleteAccountAction(form({ confirm: "delete" })))).toBe("/?account=deleted");
    hoisted.sessionId = null;
    expect(await at(addKeywordAction(form({ query: "x" })))).toBe("/sign-in");
    expectNoAddress(locations, "redirect");
  });

  it("mail the SMTP server refuses with a reply quoting the address: logged and stored without it", async () => {
    expect((await apiSubscribe(jsonPost("/api/subscribe", { email: BOUNCE }))).status).toBe(202);
    await Promise.all(hoisted.deferred.splice(0));
    expect(await at(signInForm(formPost("/sign-in/request", { email: BOUNCE })))).toBe("/sign-in?status=check-your-inbox");
    expect(written.join("")).toContain("[subscribe] confirmation email not sent: mail not sent: the SMTP server replied 550 to RCPT TO");
    expect(written.join("")).toContain("[sign-in] link not sent: mail not sent: the SMTP server replied 550 to RCPT TO");

    // A mailer whose errors are not the SMTP mailer's (a plugin, a future transport) still logs no address.
    const quoting: Mailer = {
      kind: "smtp",
      send: async (mail) => Promise.reject(new Error(`550 5.1.1 <${mail.to}>: Recipient address rejected (${encodeURIComponent(mail.to)})`)),
      close: async () => {},
    };
    await requestSubscription({ email: "leak-dan.q7@example.org", keywords: [], ip: freshIp() }, { mailer: quoting, baseUrl: ORIGIN, now: new Date() });
    await requestSignIn({ email: "leak-dan.q7@example.org", ip: freshIp() }, { mailer: quoting, baseUrl: ORIGIN, now: new Date() });
    expect(written.join("")).toContain("[sign-in] link not sent: 550 5.1.1 <<address>>: Recipient address rejected (<address>)");
    expectNoAddress(locations, "redirect");
  });

  it("the digest: every link and header of every message, the stored errors of a refused one", async () => {
    // The two the previous test asked to subscribe and sign in, now confirmed digest readers like Ada.
    await db.subscriber.updateMany({
      where: { email: { in: [BOUNCE, "leak-dan.q7@example.org"] } },
      data: { confirmedAt: new Date("2031-05-01T00:00:00Z"), digestEnabled: true, unsubscribedAt: null },
    });
    const { mailer, cleanup } = testMailer(smtp.url);
    try {
      const { runId } = await createDigestRun(DIGEST_DATE);
      const status = await executeDigestRun(runId, testRunOptions(mailer, clockFrom(`${DIGEST_DATE}T06:00:00Z`).now));
      expect(status).toMatchObject({ status: "done", sent: 2, failed: 1 });
    } finally {
      await cleanup();
    }
    const digests = smtp.messages.filter((mail) => mail.subject?.startsWith("Paperboy · "));
    expect(digests).toHaveLength(2);
    expectNoAddress(digests.flatMap(linksIn), "digest link");
    for (const mail of digests) expectNoAddress([rawHeader(mail, "Message-ID")!, rawHeader(mail, "List-Id")!], "digest header");

    const refused = await db.digestDelivery.findFirstOrThrow({ where: { subscriber: { email: BOUNCE } } });
    expect(refused.state).toBe("failed");
    expectNoAddress([refused.lastError!], "stored delivery error");
  });

  it("unsubscribing: the one-click link's redirects", async () => {
    const digest = smtp.messages.find((mail, index) => mail.subject?.startsWith("Paperboy · ") && smtp.envelopes[index].to.includes(ADA.toLowerCase()))!;
    const url = new URL(/^<(.+)>$/.exec(rawHeader(digest, "List-Unsubscribe")!)![1]);
    const token = decodeURIComponent(url.pathname.split("/").at(-1)!);
    expect(await at(unsubscribeGet(get(url.pathname), { params: Promise.resolve({ token }) }))).toMatch(/^https:\/\/paperboy\.test\/unsubscribe\/[\w-]+\.[\w-]+$/);
    expect(await at(unsubscribePost(formPost(url.pathname, { from: "page" }), { params: Promise.resolve({ token }) }))).toBe("https://paperboy.test/unsubscribe/done");
    expectNoAddress(locations, "redirect");
  });

  it("redactAddresses: plain, bracketed, percent-encoded, several in a line", () => {
    expect(redactAddresses("550 5.1.1 <a.b+c@example.org>: rejected; also x%40y.org and Z@EXAMPLE.ORG")).toBe(
      "550 5.1.1 <<address>>: rejected; also <address> and <address>",
    );
    expect(redactAddresses("mail not sent: the SMTP server replied 550 to RCPT TO")).toBe("mail not sent: the SMTP server replied 550 to RCPT TO");
  });
});
