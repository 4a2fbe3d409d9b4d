import "server-only";
import { hitRateLimit, type RateLimitResult } from "@/lib/rate-limit";
import { authSecret } from "@/lib/security/secret";
import { sign } from "@/lib/security/signing";

/**
 * Votes (and withdrawals) per person per minute. Reading a list and voting for what
 * is good is a click every few seconds at most; a script toggling a vote hundreds of
 * times a minute would expire the trending cache on every click (lib/cache/invalidate.ts),
 * making every reader wait for a fresh ~1 s computation.
 */
export const VOTES_PER_VOTER_PER_MINUTE = 20;
/** Per client address: several people behind one address (an office, a lab) voting at once. */
export const VOTES_PER_IP_PER_MINUTE = 60;

/** Counts one vote of `voterId` from `ip`; refused when either is over its limit (the person's first). */
export async function hitVoteRateLimit(voterId: string, ip: string, now: Date): Promise<RateLimitResult> {
  const perVoter = await hitRateLimit(`vote:voter:${voterId}`, VOTES_PER_VOTER_PER_MINUTE, 60, now);
  if (!perVoter.allowed) return perVoter;
  // Keyed by an HMAC: the rate-limit table never holds an IP in the clear.
  return hitRateLimit(`vote:ip:${sign(authSecret(), "rate-limit", ip)}`, VOTES_PER_IP_PER_MINUTE, 60, now);
}
