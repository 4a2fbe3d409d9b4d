import "server-only";
import { db } from "@/lib/db";
import { hashToken, newToken } from "@/lib/security/tokens";

export type TokenPurpose = "confirm" | "sign-in";

/** Issues a single-use token for a link in an email; only its hash is stored. */
export async function createEmailToken(subscriberId: string, purpose: TokenPurpose, ttlMs: number, now: Date): Promise<string> {
  const token = newToken();
  await db.authToken.create({
    data: { tokenHash: hashToken(token), subscriberId, purpose, expiresAt: new Date(now.getTime() + ttlMs), createdAt: now },
  });
  return token;
}

/**
 * Uses a token up: one statement marks it used only if it is unused, unexpired and
 * for this purpose, so two clicks racing each other cannot both succeed.
 * Returns the subscriber it was issued to, or null.
 */
export async function consumeEmailToken(token: string, purpose: TokenPurpose, now: Date): Promise<string | null> {
  const rows = await db.$queryRaw<{ subscriber_id: string }[]>`
    UPDATE auth_tokens SET used_at = ${now}
    WHERE token_hash = ${hashToken(token)} AND purpose = ${purpose} AND used_at IS NULL AND expires_at > ${now}
    RETURNING subscriber_id`;
  return rows[0]?.subscriber_id ?? null;
}
