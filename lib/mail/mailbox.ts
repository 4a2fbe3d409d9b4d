// One mailbox, "Display Name <local@domain>" or "local@domain", read without
// nodemailer: MAIL_FROM is validated with it at start-up, and recipients are handed
// to nodemailer already split, so a comma in a name can never become a second
// recipient and no line break can reach a header.

export type Mailbox = { name: string; address: string };

// No whitespace, controls or RFC 5322 specials: enough for every address we send to,
// and it leaves no room for a second address or a header break.
const ADDRESS = String.raw`[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+@[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+`;
// A display name: a quoted string (escapes allowed) or plain words without specials.
const QUOTED_NAME = String.raw`"(?:[^"\\\x00-\x1f\x7f]|\\[^\x00-\x1f\x7f])*"`;
const PLAIN_NAME = String.raw`[^\x00-\x1f\x7f<>@,;:"()[\]\\]+`;

// Spaces and tabs only around the parts: \s would let a CR or LF through.
const MAILBOX = new RegExp(`^[ \\t]*(?:(${QUOTED_NAME}|${PLAIN_NAME})?[ \\t]*<(${ADDRESS})>|(${ADDRESS}))[ \\t]*$`);

/** Splits a single mailbox into name and address; null when it is not one (or holds a line break). */
export function parseMailbox(value: string): Mailbox | null {
  const match = MAILBOX.exec(value);
  if (!match) return null;
  const [, rawName = "", angleAddress, bareAddress] = match;
  const trimmed = rawName.trim();
  const name = trimmed.startsWith('"') ? trimmed.slice(1, -1).replace(/\\(.)/g, "$1") : trimmed;
  return { name, address: angleAddress ?? bareAddress };
}

/** MAIL_FROM as a mailbox; a bad value is a configuration error, caught at start-up by lib/env. */
export function senderMailbox(value: string): Mailbox {
  const mailbox = parseMailbox(value);
  if (!mailbox) throw new Error("MAIL_FROM is not a mailbox");
  return mailbox;
}
