import { domainToASCII } from "node:url";
import { z } from "zod";

// Local part: dot-separated atoms (no leading, trailing or double dots; no spaces, quotes or brackets). Domain: LDH labels, and a top-level
// domain of letters or an IDN's punycode ("xn--p1ai" for .рф), which zod's email check refuses.
const LABEL = "(?!-)[a-z0-9-]{1,63}(?<!-)";
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const MAILBOX = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);

// "=?charset?q?…?=": a MIME encoded-word (RFC 2047). Legal characters in a local part,
// but mail clients and parsers decode them in address headers, into another address,
// a display name or a line break, so the address shown is not the address sent to.
const ENCODED_WORD = /=\?/;

/** The longest address SMTP can carry (RFC 5321: 254 characters in a path). */
export const MAX_EMAIL_LENGTH = 254;

/**
 * An email address as we store and compare it: trimmed, lower-cased (providers treat
 * the local part case-insensitively in practice), the domain in ASCII (IDN → punycode).
 * Plus-addressing is kept: "me+papers@x" is the person's own choice of address.
 */
export const emailSchema = z
  .string({ message: "Enter an email address." })
  .trim()
  .refine((value) => !/[\r\n]/.test(value), { message: "An email address cannot contain line breaks." })
  .transform((value, ctx) => {
    const at = value.lastIndexOf("@");
    const local = value.slice(0, at);
    const domain = at > 0 ? domainToASCII(value.slice(at + 1).toLowerCase()) : "";
    const address = `${local.toLowerCase()}@${domain}`;
    const valid =
      at > 0 &&
      domain.includes(".") &&
      address.length <= MAX_EMAIL_LENGTH &&
      local.length <= 64 &&
      !ENCODED_WORD.test(address) &&
      MAILBOX.test(address);
    if (!valid) {
      ctx.addIssue({ code: "custom", message: "Enter a valid email address, like name@example.org." });
      return z.NEVER;
    }
    return address;
  });
