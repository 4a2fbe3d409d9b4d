import "server-only";
import { randomUUID } from "node:crypto";
import { renderConfirmSubscription } from "@/emails/render";
import { db } from "@/lib/db";
import { authSecret } from "@/lib/security/secret";
import type { Mailer } from "@/lib/mail";
import { hitRateLimit } from "@/lib/rate-limit";
import { redactAddresses } from "@/lib/security/redact-addresses";
import { sign } from "@/lib/security/signing";
import { createEmailToken } from "./email-tokens";
import type { SubscribeRequest } from "./schema";

export const CONFIRM_TTL_HOURS = 48;
/** Confirmation emails per address per hour: enough for a typo'd first try, too few to mail-bomb someone. */
const PER_ADDRESS_PER_HOUR = 3;
/** Sign-ups per client address per hour: a family or an office subscribing; not a script signing up a list of strangers. */
const PER_IP_PER_HOUR = 20;

export type SubscribeOutcome = { status: "accepted" } | { status: "rate-limited"; retryAfterSeconds: number };

/**
 * Double opt-in, step one. The answer is the same whether the address is new,
 * pending or already subscribed, so nobody can learn who subscribes. Only an
 * unconfirmed (or unsubscribed) address is sent a confirmation link.
 */
export async function requestSubscription(
  request: SubscribeRequest & { ip: string },
  deps: {
    mailer: Mailer;
    baseUrl: string;
    now: Date;
    /**
     * Runs the confirmation send after the answer (Next's after()), so a new address
     * is answered as fast as a subscribed one: timing reveals nothing, and a slow SMTP
     * server holds no request. Without it the send is awaited (CLI, tests).
     */
    defer?: (task: () => Promise<void>) => void;
  },
): Promise<SubscribeOutcome> {
  const { now } = deps;
  // Keys are HMACs: the rate-limit table never holds an address or an IP in the clear.
  const perIp = await hitRateLimit(`subscribe:ip:${sign(authSecret(), "rate-limit", request.ip)}`, PER_IP_PER_HOUR, 3600, now);
  if (!perIp.allowed) return { status: "rate-limited", retryAfterSeconds: perIp.retryAfterSeconds };

  const subscriber = await upsertPending(request.email, request.keywords, now);
  if (!subscriber.needsConfirmation) return { status: "accepted" };

  const perAddress = await hitRateLimit(`subscribe:address:${sign(authSecret(), "rate-limit", request.email)}`, PER_ADDRESS_PER_HOUR, 3600, now);
  if (!perAddress.allowed) return { status: "accepted" };

  const send = async () => {
    const token = await createEmailToken(subscriber.id, "confirm", CONFIRM_TTL_HOURS * 3_600_000, now);
    const mail = await renderConfirmSubscription({
      confirmUrl: `${deps.baseUrl}/confirm?token=${token}`,
      keywords: request.keywords,
      expiresInHours: CONFIRM_TTL_HOURS,
    });
    try {
      await deps.mailer.send({ to: request.email, subject: mail.subject, html: mail.html, text: mail.text });
    } catch (error) {
      // Logged without the address. The answer stays the same: a retry later will send a new link.
      console.error(`[subscribe] confirmation email not sent: ${redactAddresses(error instanceof Error ? error.message : String(error))}`);
    }
  };
  if (deps.defer) deps.defer(send);
  else await send();
  return { status: "accepted" };
}

async function upsertPending(email: string, keywords: string[], now: Date): Promise<{ id: string; needsConfirmation: boolean }> {
  return db.$transaction(async (tx) => {
    const existing = await tx.subscriber.findUnique({
      where: { email },
      select: { id: true, confirmedAt: true, unsubscribedAt: true, digestEnabled: true },
    });
    if (existing && existing.confirmedAt && !existing.unsubscribedAt && existing.digestEnabled) {
      // Already subscribed: change nothing. Whoever typed the address may not own it.
      return { id: existing.id, needsConfirmation: false };
    }
    // Insert-if-absent in one statement: two requests for a new address at once
    // (a double click) must not both try to create it.
    if (!existing) await tx.subscriber.createMany({ data: [{ id: randomUUID(), email, createdAt: now }], skipDuplicates: true });
    // Lock the row, so two requests replacing its keywords take turns.
    const [subscriber] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM subscribers WHERE email = ${email} FOR UPDATE`;
    if (keywords.length > 0) {
      await tx.followedKeyword.deleteMany({ where: { subscriberId: subscriber.id } });
      await tx.followedKeyword.createMany({ data: keywords.map((query) => ({ subscriberId: subscriber.id, query })), skipDuplicates: true });
    }
    return { id: subscriber.id, needsConfirmation: true };
  });
}
