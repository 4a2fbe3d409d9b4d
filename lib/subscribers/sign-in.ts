import "server-only";
import { randomUUID } from "node:crypto";
import { renderSignIn } from "@/emails/render";
import { db } from "@/lib/db";
import type { Mailer } from "@/lib/mail";
import { hitRateLimit } from "@/lib/rate-limit";
import { authSecret } from "@/lib/security/secret";
import { redactAddresses } from "@/lib/security/redact-addresses";
import { sign } from "@/lib/security/signing";
import { consumeEmailToken, createEmailToken } from "./email-tokens";

export const SIGN_IN_TTL_MINUTES = 15;
/** Sign-in mails per address per hour: a few retries for a slow inbox, too few to mail-bomb someone. */
const PER_ADDRESS_PER_HOUR = 5;
/** Sign-in requests per client address per hour: a household or an office signing in; not a script mailing a list of strangers. */
const PER_IP_PER_HOUR = 30;

export type SignInOutcome = { status: "sent" } | { status: "rate-limited"; retryAfterSeconds: number };

/**
 * Emails a sign-in link. An unknown address gets an account with the digest off
 * (signing in is not subscribing); the answer is the same either way, and so is the
 * answer when the address had its mails for the hour (nothing is sent then).
 */
export async function requestSignIn(
  request: { email: string; ip: string },
  deps: {
    mailer: Mailer;
    baseUrl: string;
    now: Date;
    /** Sends after the answer (Next's after()), as subscribing does: a slow SMTP server holds no request. Unset: awaited. */
    defer?: (task: () => Promise<void>) => void;
  },
): Promise<SignInOutcome> {
  const { now } = deps;
  const perIp = await hitRateLimit(`sign-in:ip:${sign(authSecret(), "rate-limit", request.ip)}`, PER_IP_PER_HOUR, 3600, now);
  if (!perIp.allowed) return { status: "rate-limited", retryAfterSeconds: perIp.retryAfterSeconds };
  const perAddress = await hitRateLimit(`sign-in:address:${sign(authSecret(), "rate-limit", request.email)}`, PER_ADDRESS_PER_HOUR, 3600, now);
  if (!perAddress.allowed) return { status: "sent" };

  const send = async () => {
    const subscriber = await db.subscriber.upsert({
      where: { email: request.email },
      create: { id: randomUUID(), email: request.email, digestEnabled: false, createdAt: now },
      update: {},
      select: { id: true },
    });
    const token = await createEmailToken(subscriber.id, "sign-in", SIGN_IN_TTL_MINUTES * 60_000, now);
    const mail = await renderSignIn({ signInUrl: `${deps.baseUrl}/sign-in/callback?token=${token}`, expiresInMinutes: SIGN_IN_TTL_MINUTES });
    try {
      await deps.mailer.send({ to: request.email, subject: mail.subject, html: mail.html, text: mail.text });
    } catch (error) {
      // Without the address: an SMTP reply may quote the recipient.
      console.error(`[sign-in] link not sent: ${redactAddresses(error instanceof Error ? error.message : String(error))}`);
    }
  };
  if (deps.defer) deps.defer(send);
  else await send();
  return { status: "sent" };
}

/** Uses a sign-in link up; the address is proven, so it counts as confirmed. */
export async function completeSignIn(token: string, now: Date): Promise<string | null> {
  const subscriberId = await consumeEmailToken(token, "sign-in", now);
  if (!subscriberId) return null;
  await db.subscriber.updateMany({ where: { id: subscriberId, confirmedAt: null }, data: { confirmedAt: now } });
  return subscriberId;
}
