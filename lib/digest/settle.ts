import "server-only";
import { db } from "@/lib/db";
import type { ClaimedDelivery } from "./claim";

/**
 * How one send ended: accepted, to be retried at `nextAttemptAt`, or given up. `ambiguous`:
 * it failed after the server got the whole message, which may have been delivered; the
 * row is marked interrupted, as after a crash mid-send.
 */
export type SendOutcome =
  | { state: "sent"; messageId: string; sentAt: Date }
  | { state: "pending"; lastError: string; nextAttemptAt: Date; ambiguous?: boolean }
  | { state: "failed"; lastError: string; ambiguous?: boolean };

/** A send that ended and is not recorded yet; `forYouIds` are remembered once it was sent. */
export type Settlement = { delivery: ClaimedDelivery; forYouIds: string[]; outcome: SendOutcome };

/**
 * In one statement, so one commit: records `settlements` (sends that ended) and begins
 * `begins` (the sends to make next), each only while the claim on its row is still ours.
 * Beginning a send notes it on the row and renews the row's lease. A row whose send
 * began and which is not recorded may have reached the SMTP server: after a crash it is
 * the one re-sent as interrupted. Returns the ids of the begun rows (the others were
 * taken over by another worker: not ours to send).
 */
export async function settleAndBegin(
  date: string,
  settlements: Settlement[],
  begins: ClaimedDelivery[],
  lease: { now: Date; leaseMs: number },
): Promise<Set<bigint>> {
  const column = <T>(pick: (outcome: SendOutcome) => T | undefined) => settlements.map((s) => pick(s.outcome) ?? null);
  const remembered = settlements.flatMap((s) => (s.outcome.state === "sent" ? s.forYouIds.map((paperId) => [s.delivery.subscriberId, paperId]) : []));
  // Timestamps go as ISO text: an array parameter with NULLs in it keeps one element type.
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    WITH settlement AS (
      SELECT * FROM unnest(
        ${settlements.map((s) => s.delivery.id)}::bigint[], ${settlements.map((s) => s.delivery.claim)}::text[],
        ${column((o) => o.state)}::text[], ${column((o) => (o.state === "sent" ? o.sentAt.toISOString() : undefined))}::timestamptz[],
        ${column((o) => (o.state === "sent" ? o.messageId : undefined))}::text[], ${column((o) => (o.state === "sent" ? undefined : o.lastError))}::text[],
        ${column((o) => (o.state === "pending" ? o.nextAttemptAt.toISOString() : undefined))}::timestamptz[],
        ${settlements.map((s) => s.outcome.state !== "sent" && s.outcome.ambiguous === true)}::boolean[]
      ) AS s(id, claim, state, sent_at, message_id, last_error, next_attempt_at, ambiguous)
    ), settled AS (
      UPDATE digest_deliveries d
      SET state = s.state, lease_until = NULL, last_error = s.last_error,
          sent_at = coalesce(s.sent_at, d.sent_at), message_id = coalesce(s.message_id, d.message_id),
          next_attempt_at = coalesce(s.next_attempt_at, d.next_attempt_at),
          interrupted_at = CASE WHEN s.ambiguous THEN ${lease.now} ELSE d.interrupted_at END
      FROM settlement s
      WHERE d.id = s.id AND d.claim_token = s.claim
    ), remembered AS (
      INSERT INTO for_you_sent (subscriber_id, paper_id, edition_date)
      SELECT subscriber_id, paper_id, ${date}::date
      FROM unnest(${remembered.map(([subscriberId]) => subscriberId)}::text[], ${remembered.map(([, paperId]) => paperId)}::text[]) AS f(subscriber_id, paper_id)
      ON CONFLICT DO NOTHING
    )
    UPDATE digest_deliveries d
    SET send_started_at = ${lease.now}, lease_until = ${new Date(lease.now.getTime() + lease.leaseMs)}
    FROM unnest(${begins.map((b) => b.id)}::bigint[], ${begins.map((b) => b.claim)}::text[]) AS b(id, claim)
    WHERE d.id = b.id AND d.claim_token = b.claim AND d.state = 'sending'
    RETURNING d.id`;
  return new Set(rows.map((row) => row.id));
}
