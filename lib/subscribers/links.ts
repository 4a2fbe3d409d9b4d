import "server-only";
import { authSecret } from "@/lib/security/secret";
import { sign, verify } from "@/lib/security/signing";

const UNSUBSCRIBE = "unsubscribe";

/**
 * The per-subscriber unsubscribe token: "<subscriber id>.<HMAC of it>". No database
 * lookup is needed to check it, it never expires (an old digest's link must still
 * work), it can't be forged without AUTH_SECRET, and one subscriber's token can't
 * be edited into another's.
 */
export function unsubscribeToken(subscriberId: string): string {
  return `${subscriberId}.${sign(authSecret(), UNSUBSCRIBE, subscriberId)}`;
}

/** The subscriber id a token was made for, or null when it is not one of ours. */
export function readUnsubscribeToken(token: string): string | null {
  const dot = token.indexOf(".");
  if (dot <= 0) return null;
  const subscriberId = token.slice(0, dot);
  return verify(authSecret(), UNSUBSCRIBE, subscriberId, token.slice(dot + 1)) ? subscriberId : null;
}

/** The List-Unsubscribe URL: GET shows a confirmation page, POST unsubscribes at once (RFC 8058). */
export function unsubscribeUrl(baseUrl: string, subscriberId: string): string {
  return `${baseUrl}/api/unsubscribe/${unsubscribeToken(subscriberId)}`;
}
