import "server-only";
import { createHash } from "node:crypto";
import { personalizeTemplate } from "@/emails/render";
import { MailError, type Mailer } from "@/lib/mail";
import { unsubscribeUrl } from "@/lib/subscribers/links";
import type { ReadyDelivery } from "./prepare";
import type { SendOutcome } from "./settle";

export type SendOptions = {
  mailer: Mailer;
  baseUrl: string;
  now: () => Date;
  /** First retry delay after a temporary (4xx) failure; doubles each attempt. */
  retryBaseMs: number;
  maxAttempts: number;
};

/** Sends one subscriber their copy of the digest; a failed send becomes a retry or a failure, never an exception. */
export async function sendDelivery(date: string, delivery: ReadyDelivery, options: SendOptions): Promise<SendOutcome> {
  const unsubscribe = unsubscribeUrl(options.baseUrl, delivery.subscriberId);
  const mail = personalizeTemplate(delivery.mail, { unsubscribeUrl: unsubscribe, preferencesUrl: `${options.baseUrl}/settings` });
  try {
    const sent = await options.mailer.send({
      to: delivery.email,
      subject: mail.subject,
      body: mail.body,
      messageId: messageIdFor(delivery.subscriberId, date, options.baseUrl),
      headers: {
        "List-Unsubscribe": `<${unsubscribe}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": `Paperboy daily digest <daily.${new URL(options.baseUrl).hostname}>`,
      },
    });
    return { state: "sent", messageId: sent.messageId, sentAt: options.now() };
  } catch (error) {
    const temporary = !(error instanceof MailError) || error.temporary;
    const lastError = error instanceof Error ? error.message : String(error);
    // The server may hold this message (no reply after the whole of it went out): like a
    // crash mid-send, it is sent again and the row marked interrupted (README, "Exactly once").
    const ambiguous = error instanceof MailError && error.ambiguous;
    if (temporary && delivery.attempts < options.maxAttempts) {
      const delay = options.retryBaseMs * 2 ** (delivery.attempts - 1);
      return { state: "pending", lastError, nextAttemptAt: new Date(options.now().getTime() + delay), ambiguous };
    }
    return { state: "failed", lastError, ambiguous };
  }
}

/**
 * The same Message-ID for the same subscriber and edition: if a crash makes us send a
 * message twice, mail clients that de-duplicate by Message-ID show it once.
 */
function messageIdFor(subscriberId: string, date: string, baseUrl: string): string {
  const digest = createHash("sha256").update(`${subscriberId}/${date}`).digest("hex").slice(0, 24);
  return `<digest.${date}.${digest}@${new URL(baseUrl).hostname}>`;
}
