// The tokens in mailed links. Confirmation (48 h) and sign-in (15 min) links: accepted a
// second before they expire, refused a second after, used once only (the second click
// gets a page that says so), and never for the other purpose. Unsubscribe links: every
// forgery is refused and changes nothing, and one subscriber's link never unsubscribes
// another; the real one works from any origin (RFC 8058 one-click from a mail client).
import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const hoisted = await vi.hoisted(async () => {
  const { startSmtpTestServer } = await import("@/tests/helpers/smtp-test-server");
  const smtp = await startSmtpTestServer();
  process.env.APP_URL = "https://paperboy.test";
  return { smtp };
});

import { POST as unsubscribePost } from "@/app/api/unsubscribe/[token]/route";
import { confirmAction } from "@/app/confirm/actions";
import ConfirmPage from "@/app/confirm/page";
import { completeSignInAction } from "@/app/sign-in/actions";
import SignInPage from "@/app/sign-in/page";
import UnsubscribePage from "@/app/unsubscribe/[token]/page";
import { createPrismaClient } from "@/lib/db/client";
import { newToken } from "@/lib/security/tokens";
import { sign } from "@/lib/security/signing";
import { confirmSubscription } from "@/lib/subscribers/confirm";
import { unsubscribeToken } from "@/lib/subscribers/links";
import { SIGN_IN_TTL_MINUTES, completeSignIn, requestSignIn } from "@/lib/subscribers/sign-in";
import { CONFIRM_TTL_HOURS, requestSubscription } from "@/lib/subscribers/subscribe";
import { seedSubscribers, testMailer } from "@/tests/helpers/digest-fixtures";
import { resetDatabase } from "../setup/reset-database";
import { EVIL, ORIGIN, formPost, freshIp } from "./requests";

const { smtp } = hoisted;
const SECOND_MS = 1_000;

/** The token of the newest mail to `address` whose link is `<ORIGIN><path>?token=…`. */
function tokenMailedTo(address: string, path: string): string {
  const mails = smtp.messages.filter((_, index) => smtp.envelopes[index].to.includes(address));
  const match = new RegExp(`${ORIGIN}${path}\\?token=([A-Za-z0-9_-]{43})\\b`).exec(mails.at(-1)?.text ?? "");
  if (!match) throw new Error(`no ${path} link mailed to ${address}`);
  return match[1];
}

/** Where a server action's redirect() goes (it throws Next's redirect signal). */
async function redirectOf(action: Promise<unknown>): Promise<string> {
  const error = await action.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  const digest = (error as { digest?: string } | null)?.digest ?? "";
  const match = /^NEXT_REDIRECT;[^;]*;([^;]+);/.exec(digest);
  if (!match) throw new Error(`the action did not redirect: ${String(error)}`);
  return match[1];
}

const tokenForm = (token: string) => {
  const form = new FormData();
  form.set("token", token);
  return form;
};

/** A page's markup, as the server renders it for these search params. */
async function pageText(page: (props: never) => Promise<React.ReactNode>, searchParams: Record<string, string>): Promise<string> {
  const element = await page({ searchParams: Promise.resolve(searchParams), params: Promise.resolve({}) } as never);
  return renderToStaticMarkup(element as React.ReactElement);
}

describe("tokens in mailed links", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const { mailer, cleanup } = testMailer(hoisted.smtp.url);
  const subscriber = (email: string) => db.subscriber.findUniqueOrThrow({ where: { email } });

  beforeAll(resetDatabase);
  afterAll(async () => {
    await cleanup();
    await smtp.close();
    await db.$disconnect();
  });

  describe(`confirmation links: ${CONFIRM_TTL_HOURS} hours, once`, () => {
    const EXPIRY_MS = CONFIRM_TTL_HOURS * 3_600_000;
    const issued = new Date("2031-04-01T08:00:00Z");
    const subscribe = (email: string) => requestSubscription({ email, keywords: [], ip: freshIp() }, { mailer, baseUrl: ORIGIN, now: issued });

    it("works a second before it expires, and then never again: the second click gets a page that says so", async () => {
      await subscribe("on-time@example.org");
      const token = tokenMailedTo("on-time@example.org", "/confirm");
      const { id } = await subscriber("on-time@example.org");
      expect(await confirmSubscription(token, new Date(issued.getTime() + EXPIRY_MS - SECOND_MS))).toEqual({ subscriberId: id });
      expect((await subscriber("on-time@example.org")).confirmedAt).not.toBeNull();

      expect(await confirmSubscription(token, new Date(issued.getTime() + EXPIRY_MS - 500))).toBeNull();
      expect(await redirectOf(confirmAction(tokenForm(token)))).toBe("/confirm?status=invalid");
      const page = await pageText(ConfirmPage as never, { status: "invalid" });
      expect(page).toContain("This link no longer works");
      expect(page).toContain("Confirmation links work once and expire after 48 hours.");
    });

    it("is refused a second after it expires (and at the instant it does), confirming nothing", async () => {
      await subscribe("too-late@example.org");
      const token = tokenMailedTo("too-late@example.org", "/confirm");
      expect(await confirmSubscription(token, new Date(issued.getTime() + EXPIRY_MS + SECOND_MS))).toBeNull();
      expect(await confirmSubscription(token, new Date(issued.getTime() + EXPIRY_MS))).toBeNull();
      expect((await subscriber("too-late@example.org")).confirmedAt).toBeNull();
    });

    it("cannot sign anybody in, and the page refuses what is not a token", async () => {
      await subscribe("purpose@example.org");
      const token = tokenMailedTo("purpose@example.org", "/confirm");
      expect(await completeSignIn(token, new Date(issued.getTime() + SECOND_MS))).toBeNull();
      for (const bad of ["", "short", `${token}x`, `${token.slice(0, 42)}.`, newToken()]) {
        expect(await redirectOf(confirmAction(tokenForm(bad)))).toBe("/confirm?status=invalid");
      }
      // Still unused after all that.
      expect(await confirmSubscription(token, new Date(issued.getTime() + SECOND_MS))).not.toBeNull();
    });
  });

  describe(`sign-in links: ${SIGN_IN_TTL_MINUTES} minutes, once`, () => {
    const EXPIRY_MS = SIGN_IN_TTL_MINUTES * 60_000;
    const issued = new Date("2031-04-02T08:00:00Z");
    const askLink = (email: string) => requestSignIn({ email, ip: freshIp() }, { mailer, baseUrl: ORIGIN, now: issued });

    it("works a second before it expires, and then never again: the second click gets a page that says so", async () => {
      await askLink("member@example.org");
      const token = tokenMailedTo("member@example.org", "/sign-in/callback");
      const { id } = await subscriber("member@example.org");
      expect(await completeSignIn(token, new Date(issued.getTime() + EXPIRY_MS - SECOND_MS))).toBe(id);

      expect(await completeSignIn(token, new Date(issued.getTime() + EXPIRY_MS - 500))).toBeNull();
      expect(await redirectOf(completeSignInAction(tokenForm(token)))).toBe("/sign-in?error=link");
      expect(await pageText(SignInPage as never, { error: "link" })).toContain("That sign-in link has expired or was already used. Ask for a new one below.");
    });

    it("is refused a second after it expires, signing nobody in", async () => {
      await askLink("slow-reader@example.org");
      const token = tokenMailedTo("slow-reader@example.org", "/sign-in/callback");
      expect(await completeSignIn(token, new Date(issued.getTime() + EXPIRY_MS + SECOND_MS))).toBeNull();
      expect(await completeSignIn(token, new Date(issued.getTime() + EXPIRY_MS))).toBeNull();
      expect((await subscriber("slow-reader@example.org")).confirmedAt).toBeNull();
    });

    it("two clicks at once: exactly one signs in", async () => {
      await askLink("double-click@example.org");
      const token = tokenMailedTo("double-click@example.org", "/sign-in/callback");
      const at = new Date(issued.getTime() + SECOND_MS);
      const results = await Promise.all([completeSignIn(token, at), completeSignIn(token, at), completeSignIn(token, at)]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
    });

    it("cannot confirm a subscription", async () => {
      await askLink("not-a-confirmation@example.org");
      const token = tokenMailedTo("not-a-confirmation@example.org", "/sign-in/callback");
      expect(await confirmSubscription(token, new Date(issued.getTime() + SECOND_MS))).toBeNull();
      expect((await subscriber("not-a-confirmation@example.org")).digestEnabled).toBe(false);
    });
  });

  describe("unsubscribe links", () => {
    let ada: string;
    let bob: string;
    const unsubscribedAt = async (id: string) => (await db.subscriber.findUniqueOrThrow({ where: { id } })).unsubscribedAt;
    const unsubscribe = (token: string, origin = EVIL) =>
      unsubscribePost(formPost(`/api/unsubscribe/${encodeURIComponent(token)}`, {}, { origin }), { params: Promise.resolve({ token }) });

    beforeAll(async () => {
      const ids = await seedSubscribers(db, [{ email: "ada-unsub@example.org" }, { email: "bob-unsub@example.org" }], new Date());
      ada = ids.get("ada-unsub@example.org")!;
      bob = ids.get("bob-unsub@example.org")!;
    });

    it("forged, truncated, tampered or swapped tokens are refused and unsubscribe nobody", async () => {
      const adaToken = unsubscribeToken(ada);
      const adaSignature = adaToken.slice(ada.length + 1);
      const bobSignature = unsubscribeToken(bob).slice(bob.length + 1);
      const flip = (char: string) => (char === "A" ? "B" : "A");
      const forgeries = {
        random: newToken(),
        "a random id with a random signature": `${randomUUID()}.${newToken()}`,
        "Ada's id with a random signature": `${ada}.${newToken()}`,
        "Ada's id alone": ada,
        "Ada's id and a dot": `${ada}.`,
        "Ada's signature alone": `.${adaSignature}`,
        "truncated by one": adaToken.slice(0, -1),
        "truncated to half the signature": adaToken.slice(0, ada.length + 1 + 21),
        "tampered last character": `${adaToken.slice(0, -1)}${flip(adaToken.at(-1)!)}`,
        "tampered first signature character": `${ada}.${flip(adaSignature[0])}${adaSignature.slice(1)}`,
        "signed with another secret": `${ada}.${sign("another-secret-0123456789abcdef0123456789", "unsubscribe", ada)}`,
        "signed for another purpose": `${ada}.${sign(process.env.AUTH_SECRET!, "session", ada)}`,
        "Bob's id with Ada's signature": `${bob}.${adaSignature}`,
        "Ada's id with Bob's signature": `${ada}.${bobSignature}`,
        "Ada's token with Bob's appended": `${adaToken}.${unsubscribeToken(bob)}`,
      };
      for (const [label, token] of Object.entries(forgeries)) {
        const answer = await unsubscribe(token);
        expect(answer.status, label).toBe(400);
        expect(await answer.text(), label).toBe("This unsubscribe link is not valid.");
        await expect(UnsubscribePage({ params: Promise.resolve({ token }) } as never), label).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
      }
      expect(await unsubscribedAt(ada)).toBeNull();
      expect(await unsubscribedAt(bob)).toBeNull();
    });

    it("Ada's real token, posted from a mail client on any origin, unsubscribes Ada and nobody else", async () => {
      const answer = await unsubscribe(unsubscribeToken(ada));
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe("You are unsubscribed from the Paperboy digest.");
      expect(await unsubscribedAt(ada)).not.toBeNull();
      expect(await unsubscribedAt(bob)).toBeNull();

      expect((await unsubscribe(unsubscribeToken(bob), ORIGIN)).status).toBe(200);
      expect(await unsubscribedAt(bob)).not.toBeNull();
    });
  });
});
