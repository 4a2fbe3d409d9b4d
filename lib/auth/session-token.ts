// The signed-in session: a cookie holding "<subscriber id>.<expiry>.<HMAC>" under
// AUTH_SECRET. Why not a session table or Auth.js: the only sign-in method is a magic
// link to the subscriber's own address, which lib/subscribers already issues and
// checks; a signed cookie adds no table, no adapter and nothing to keep in sync,
// and deleting the account (the subscriber row) ends every session at its next request.
import { sign, verify } from "@/lib/security/signing";

export const SESSION_DAYS = 30;
const PURPOSE = "session";

export function createSessionToken(secret: string, subscriberId: string, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_DAYS * 86_400;
  const value = `${subscriberId}.${expires}`;
  return `${value}.${sign(secret, PURPOSE, value)}`;
}

/** The subscriber id of a valid, unexpired token; null otherwise. */
export function readSessionToken(secret: string, token: string, now: Date): string | null {
  const [subscriberId, expires, signature, ...rest] = token.split(".");
  if (!subscriberId || !expires || !signature || rest.length > 0) return null;
  if (!verify(secret, PURPOSE, `${subscriberId}.${expires}`, signature)) return null;
  return Number(expires) * 1000 > now.getTime() ? subscriberId : null;
}
