import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

/**
 * Fixed-window counter in Postgres, so every app process shares it. One statement:
 * the window restarts when it has expired, otherwise the count goes up. For the rare,
 * costly mutations (a sign-up mails someone, a vote expires the trending cache); the
 * hot, read-only search has an in-process limiter instead (lib/http/search-rate-limit.ts).
 * RATE_LIMITS=off (benchmarks, load tests) allows everything and writes nothing.
 */
export async function hitRateLimit(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateLimitResult> {
  if (env.RATE_LIMITS === "off") return { allowed: true, retryAfterSeconds: 0 };
  const windowStartCutoff = new Date(now.getTime() - windowSeconds * 1000);
  const [row] = await db.$queryRaw<{ window_start: Date; count: number }[]>`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      window_start = CASE WHEN rate_limits.window_start <= ${windowStartCutoff} THEN ${now} ELSE rate_limits.window_start END,
      count = CASE WHEN rate_limits.window_start <= ${windowStartCutoff} THEN 1 ELSE rate_limits.count + 1 END
    RETURNING window_start, count`;
  const resetsAt = row.window_start.getTime() + windowSeconds * 1000;
  return {
    allowed: row.count <= limit,
    retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - now.getTime()) / 1000)),
  };
}
