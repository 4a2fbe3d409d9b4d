// Turns an OutgoingMail into nodemailer's message options, refusing anything that
// could inject a header. nodemailer strips control characters itself, but silently:
// we would rather fail loudly than send a mail whose headers differ from the caller's.
import type { SendMailOptions } from "nodemailer";
import { parseMailbox, type Mailbox } from "./mailbox";
import { MailError, type OutgoingMail } from "./types";

// Fields the mailer sets itself; a custom header of the same name would be overridden
// or (Bcc, Cc) add recipients.
const RESERVED_HEADERS = new Set([
  "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id",
  "mime-version", "content-type", "content-transfer-encoding", "content-disposition",
]);
// RFC 5322 field-name: printable ASCII except the colon.
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
const LINE_BREAK = /[\r\n]/;
// Any control but tab: a NUL or ESC in a header is never what the caller meant.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

function invalid(what: string): MailError {
  return new MailError(`mail not sent: ${what}`, { temporary: false, code: "EINVALID" });
}

function headerText(value: string, what: string): string {
  if (LINE_BREAK.test(value)) throw invalid(`${what} contains a line break`);
  if (CONTROL.test(value)) throw invalid(`${what} contains a control character`);
  return value;
}

export function toNodemailerMessage(mail: OutgoingMail, from: Mailbox): SendMailOptions {
  if (LINE_BREAK.test(mail.to)) throw invalid("the recipient contains a line break");
  const to = parseMailbox(mail.to);
  if (!to) throw invalid("the recipient is not a single mailbox");

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!FIELD_NAME.test(name)) throw invalid("a header name is not a valid field name");
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw invalid(`the ${name} header is set by the mailer`);
    headers[name] = headerText(value, `the ${name} header`);
  }

  return {
    from,
    to,
    subject: headerText(mail.subject, "the subject"),
    // A prepared body's parts go as nodemailer's `raw` alternatives: the entities as they are, not encoded again.
    ...(mail.body ? { text: { raw: mail.body.text }, html: { raw: mail.body.html } } : { text: mail.text, html: mail.html }),
    headers,
    ...(mail.messageId === undefined ? {} : { messageId: headerText(mail.messageId, "the Message-ID") }),
  };
}
