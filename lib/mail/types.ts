import type { PreparedBody } from "./prepared-body";

/**
 * A message's body: finished text and HTML, or both already MIME-encoded (prepared-body.ts),
 * for a mail that goes to many recipients. Nothing is read from files or URLs.
 */
export type MailBody = { html: string; text: string; body?: never } | { body: PreparedBody; html?: never; text?: never };

/** One message to one recipient. */
export type OutgoingMail = MailBody & {
  /** A single mailbox: "name@example.org" or "Name <name@example.org>". */
  to: string;
  subject: string;
  /** Extra header fields (List-Unsubscribe, List-Id, …); the standard ones (From, To, Subject, Message-ID, Content-*) are refused. */
  headers?: Record<string, string>;
  /** "<id@domain>" or "id@domain"; unset: nodemailer makes one. */
  messageId?: string;
};

export type SentMail = {
  /** The Message-ID header as sent, angle brackets included. */
  messageId: string;
  /** Where it went, for logs: "smtp" or the .eml path. */
  destination: string;
};

export interface Mailer {
  /** Sends one message; fails only with a MailError. */
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Waits for the sends under way, then releases connections. Sending after close() throws. */
  close(): Promise<void>;
  readonly kind: "smtp" | "outbox";
}

export type MailErrorOptions = {
  temporary: boolean;
  responseCode?: number;
  /** nodemailer's error code (ECONNECTION, ETIMEDOUT, EENVELOPE, …), or EINVALID for a message refused before sending. */
  code?: string;
  /** The original error, which may quote the server's reply (and so the recipient's address). */
  cause?: unknown;
  /** The whole message went out and no reply came back: the server may have accepted it. */
  ambiguous?: boolean;
};

/**
 * A failure the caller can act on: temporary (4xx, connection refused/reset, timeout →
 * retry later) or permanent (5xx, or a message we refuse to send → give up on that
 * recipient). The message never holds an address or a credential, so it can be logged.
 */
export class MailError extends Error {
  override name = "MailError";
  readonly temporary: boolean;
  readonly responseCode?: number;
  readonly code?: string;
  /**
   * The server had the whole message when the session failed without a reply (a stall
   * or a dropped connection after DATA): it may have been delivered. Always temporary;
   * a caller that tries again may send it twice, and should record that it might.
   */
  readonly ambiguous: boolean;

  constructor(message: string, options: MailErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.temporary = options.temporary;
    this.responseCode = options.responseCode;
    this.code = options.code;
    this.ambiguous = options.ambiguous ?? false;
  }

  get permanent(): boolean {
    return !this.temporary;
  }
}
