import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { personalize, renderDailyDigest, type RenderedMail } from "@/emails/render";
import { db } from "@/lib/db";
import { MailError, type Mailer } from "@/lib/mail";
import { paperUrl } from "@/lib/papers/paper-json";
import { unsubscribeUrl } from "@/lib/subscribers/links";
import { loadPapers, type EditionPaper } from "./edition";
import { forYouPaperIds } from "./for-you";

export type DeliveryOptions = {
  mailer: Mailer;
  baseUrl: string;
  now: () => Date;
  /** Rows claimed per round trip; each is sent and recorded one at a time. */
  batchSize: number;
  /** How long a claim holds before another worker may take the row over. */
  leaseMs: number;
  /** First retry delay after a temporary (4xx) failure; doubles each attempt. */
  retryBaseMs: number;
  maxAttempts: number;
};

export type BatchOutcome = { claimed: number; sent: number; retried: number; failed: number; skipped: number };

type Claimed = { id: bigint; subscriber_id: string; attempts: number };

/**
 * Claims a batch of due deliveries for the edition (FOR UPDATE SKIP LOCKED, under a
 * lease and a claim token) and sends them one by one. Just before each send the row
 * is re-taken under the token (renewing its lease and noting that the send began);
 * if another worker took it over meanwhile, it is skipped. Right after the SMTP
 * server accepts it, it is recorded as sent. So if the process dies, at most the one
 * message in flight may have been accepted without being recorded: the next claim
 * finds its send begun, marks it interrupted and sends it again (README).
 */
export async function deliverBatch(date: string, edition: EditionPaper[], options: DeliveryOptions): Promise<BatchOutcome> {
  const now = options.now();
  const claim = randomUUID();
  const claimed = await db.$queryRaw<Claimed[]>`
    UPDATE digest_deliveries d
    SET state = 'sending', attempts = d.attempts + 1, lease_until = ${new Date(now.getTime() + options.leaseMs)},
        claim_token = ${claim}, send_started_at = NULL,
        interrupted_at = CASE WHEN d.state = 'sending' AND d.send_started_at IS NOT NULL THEN ${now} ELSE d.interrupted_at END
    WHERE d.id IN (
      SELECT id FROM digest_deliveries
      WHERE edition_date = ${date}::date
        AND ((state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now}))
          OR (state = 'sending' AND lease_until < ${now}))
      ORDER BY id
      LIMIT ${options.batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.subscriber_id, d.attempts`;
  const outcome: BatchOutcome = { claimed: claimed.length, sent: 0, retried: 0, failed: 0, skipped: 0 };
  if (claimed.length === 0) return outcome;

  // Only people still subscribed now: someone may have unsubscribed since the run was planned.
  const subscribers = await db.subscriber.findMany({
    where: { id: { in: claimed.map((c) => c.subscriber_id) }, confirmedAt: { not: null }, unsubscribedAt: null, digestEnabled: true },
    select: { id: true, email: true, keywordMode: true, keywords: { select: { query: true }, orderBy: { id: "asc" } } },
  });
  const byId = new Map(subscribers.map((s) => [s.id, s]));
  const editionIds = edition.map((p) => p.id);
  const forYou = await forYouPaperIds(
    subscribers.map((s) => ({
      subscriberId: s.id,
      keywords: s.keywords.map((k) => k.query),
      // With the trending list shown, "For you" should not repeat it; in filter mode it is the whole mail.
      exclude: s.keywordMode === "filter" ? [] : editionIds,
    })),
    now,
  );
  const papers = new Map((await loadPapers([...new Set([...forYou.values()].flat())])).map((p) => [p.id, p]));
  const rendered = new Map<string, Promise<RenderedMail>>();

  for (const delivery of claimed) {
    const subscriber = byId.get(delivery.subscriber_id);
    const forYouIds = forYou.get(delivery.subscriber_id) ?? [];
    const keywords = subscriber?.keywords.map((k) => k.query) ?? [];
    const filterOnly = subscriber?.keywordMode === "filter" && keywords.length > 0;
    if (!subscriber || (filterOnly && forYouIds.length === 0)) {
      await finish(delivery.id, claim, { state: "skipped" });
      outcome.skipped += 1;
      continue;
    }

    // One render per distinct content: most subscribers share the same mail.
    const contentKey = `${filterOnly ? "filter" : "boost"}|${forYouIds.join(",")}|${keywords.join(",")}`;
    if (!rendered.has(contentKey)) {
      const asMail = (p: EditionPaper) => ({ id: p.id, title: p.title, authors: p.authors, abstract: p.abstract, votes: p.votes, url: paperUrl(options.baseUrl, p.id) });
      rendered.set(
        contentKey,
        renderDailyDigest({
          date,
          papers: filterOnly ? [] : edition.map(asMail),
          forYou: forYouIds.flatMap((id) => papers.get(id) ?? []).map(asMail),
          keywords: forYouIds.length > 0 ? keywords : [],
          viewInBrowserUrl: `${options.baseUrl}/digest/${date}`,
        }),
      );
    }
    const unsubscribe = unsubscribeUrl(options.baseUrl, subscriber.id);
    const mail = personalize(await rendered.get(contentKey)!, { unsubscribeUrl: unsubscribe, preferencesUrl: `${options.baseUrl}/settings` });

    if (!(await beginSend(delivery.id, claim, options))) continue; // another worker holds it now

    try {
      const sent = await options.mailer.send({
        to: subscriber.email,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: messageIdFor(subscriber.id, date, options.baseUrl),
        headers: {
          "List-Unsubscribe": `<${unsubscribe}>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "List-Id": `Paperboy daily digest <daily.${new URL(options.baseUrl).hostname}>`,
        },
      });
      await db.$transaction([
        db.digestDelivery.updateMany({
          where: { id: delivery.id, claimToken: claim },
          data: { state: "sent", sentAt: options.now(), messageId: sent.messageId, leaseUntil: null, lastError: null },
        }),
        db.forYouSent.createMany({
          data: forYouIds.map((paperId) => ({ subscriberId: subscriber.id, paperId, editionDate: new Date(`${date}T00:00:00Z`) })),
          skipDuplicates: true,
        }),
      ]);
      outcome.sent += 1;
    } catch (error) {
      const temporary = !(error instanceof MailError) || error.temporary;
      const reason = error instanceof Error ? error.message : String(error);
      if (temporary && delivery.attempts < options.maxAttempts) {
        const delay = options.retryBaseMs * 2 ** (delivery.attempts - 1);
        await finish(delivery.id, claim, { state: "pending", lastError: reason, nextAttemptAt: new Date(options.now().getTime() + delay) });
        outcome.retried += 1;
      } else {
        await finish(delivery.id, claim, { state: "failed", lastError: reason });
        outcome.failed += 1;
      }
    }
  }
  return outcome;
}

/** Re-takes a claimed row just before its send; false when the claim is no longer ours. */
async function beginSend(id: bigint, claim: string, options: DeliveryOptions): Promise<boolean> {
  const now = options.now();
  const { count } = await db.digestDelivery.updateMany({
    where: { id, claimToken: claim, state: "sending" },
    data: { sendStartedAt: now, leaseUntil: new Date(now.getTime() + options.leaseMs) },
  });
  return count === 1;
}

/** Writes a claimed row's outcome, only while the claim is still ours. */
async function finish(id: bigint, claim: string, data: { state: string; lastError?: string; nextAttemptAt?: Date }): Promise<void> {
  await db.digestDelivery.updateMany({ where: { id, claimToken: claim }, data: { ...data, leaseUntil: null } });
}

/**
 * The same Message-ID for the same subscriber and edition: if a crash makes us send a
 * message twice, mail clients that de-duplicate by Message-ID show it once.
 */
function messageIdFor(subscriberId: string, date: string, baseUrl: string): string {
  const digest = createHash("sha256").update(`${subscriberId}/${date}`).digest("hex").slice(0, 24);
  return `<digest.${date}.${digest}@${new URL(baseUrl).hostname}>`;
}
