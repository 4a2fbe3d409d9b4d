import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";

/** A delivery row this worker holds under `claim` until its lease runs out. */
export type ClaimedDelivery = { id: bigint; subscriberId: string; attempts: number; claim: string };

type ClaimOptions = { batchSize: number; leaseMs: number; now: () => Date };

/**
 * A worker's claims for one round: batch after batch of due rows, in id order from where
 * the last batch ended, so that a claim costs the same at the end of a 100,000-row day as
 * at its start (the primary key range, instead of passing every row already sent). When
 * that runs dry, once more from the beginning (retries now due, rows that were locked);
 * null once that too finds nothing. Every row carries one claim token per worker round.
 */
export function claimer(date: string, options: ClaimOptions): { claim: string; next: () => Promise<ClaimedDelivery[] | null> } {
  const claim = randomUUID();
  let after: bigint | null = null;
  const next = async () => {
    for (;;) {
      const claimed = await claimDue(date, claim, after, options);
      if (claimed.length > 0) {
        after = claimed.reduce((max, row) => (row.id > max ? row.id : max), after ?? 0n);
        return claimed;
      }
      if (after === null) return null;
      after = null;
    }
  };
  return { claim, next };
}

/**
 * Claims up to `batchSize` due deliveries for the worker holding `claim` (FOR UPDATE SKIP
 * LOCKED, under a lease): pending ones whose retry is due and, when those don't fill the
 * batch, rows another worker claimed and whose lease ran out. Of those, a row whose send
 * had begun may have reached the SMTP server before its worker died: it is marked
 * interrupted (README, "Exactly once") and sent again. Never the worker's own rows, even
 * with their lease run out: it may be sending one of them right now. A claim begins no
 * send (settle.ts).
 */
async function claimDue(date: string, claim: string, after: bigint | null, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  const now = options.now();
  // No ORDER BY without a lower bound: over a table holding earlier days, the planner
  // could walk the primary key through all of them to find today's first row.
  const range = after === null ? Prisma.empty : Prisma.sql`AND id > ${after} ORDER BY id`;
  // taken_over is not even looked for (LIMIT 0) while fresh rows fill the batch.
  const rows = await db.$queryRaw<{ id: bigint; subscriber_id: string; attempts: number }[]>`
    WITH fresh AS (
      SELECT id FROM digest_deliveries
      WHERE edition_date = ${date}::date AND state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
      ${range}
      LIMIT ${options.batchSize}
      FOR UPDATE SKIP LOCKED
    ), taken_over AS (
      SELECT id FROM digest_deliveries
      WHERE edition_date = ${date}::date AND state = 'sending' AND lease_until < ${now} AND claim_token IS DISTINCT FROM ${claim}
      LIMIT greatest(0, ${options.batchSize} - (SELECT count(*) FROM fresh))
      FOR UPDATE SKIP LOCKED
    )
    UPDATE digest_deliveries d
    SET state = 'sending', attempts = d.attempts + 1, lease_until = ${new Date(now.getTime() + options.leaseMs)},
        claim_token = ${claim}, send_started_at = NULL,
        interrupted_at = CASE WHEN d.state = 'sending' AND d.send_started_at IS NOT NULL THEN ${now} ELSE d.interrupted_at END
    WHERE d.id IN (SELECT id FROM fresh UNION ALL SELECT id FROM taken_over)
    RETURNING d.id, d.subscriber_id, d.attempts`;
  return rows.map((row) => ({ id: row.id, subscriberId: row.subscriber_id, attempts: row.attempts, claim }));
}

/** Ends claimed rows that need no mail (the subscriber left, or a keywords-only digest found nothing), in one statement. */
export async function markSkipped(claim: string, ids: bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRaw`
    UPDATE digest_deliveries SET state = 'skipped', lease_until = NULL
    WHERE id = ANY(${ids}::bigint[]) AND claim_token = ${claim}`;
}

/**
 * Gives back the rows `claim` holds and has not begun to send (a graceful stop): pending
 * again, lease and claim cleared, and the claim's attempt not counted, since no message
 * left for them. Another worker, or the next run, sends them at once rather than once
 * their lease runs out, and a row whose send began (send_started_at set) is left to the
 * lane sending it. Returns how many were released.
 */
export async function releaseClaims(claim: string): Promise<number> {
  return db.$executeRaw`
    UPDATE digest_deliveries SET state = 'pending', lease_until = NULL, claim_token = NULL, attempts = attempts - 1
    WHERE claim_token = ${claim} AND state = 'sending' AND send_started_at IS NULL`;
}
