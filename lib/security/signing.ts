// HMAC signatures for links we email (unsubscribe) and values we must not store in
// the clear (rate-limit keys built from addresses). Keyed by AUTH_SECRET.
import { createHmac, timingSafeEqual } from "node:crypto";

export function sign(secret: string, purpose: string, value: string): string {
  // The purpose is part of the signed text, so a signature made for one use can't be replayed for another.
  return createHmac("sha256", secret).update(`${purpose}\n${value}`).digest("base64url");
}

export function verify(secret: string, purpose: string, value: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, purpose, value));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
