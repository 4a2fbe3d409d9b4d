// Anything that looks like an email address, plain or percent-encoded ("a%40b.org"):
// no spaces, brackets, quotes or separators on either side of the @.
const ADDRESS = /[^\s<>()[\]\\,;:"'@]+(?:@|%40)[^\s<>()[\]\\,;:"'@%]+/gi;

/**
 * Text for a log line or a stored error with every address replaced. SMTP replies often
 * quote the recipient ("550 5.1.1 <ada@example.org>: Recipient address rejected"), and
 * addresses must never reach logs.
 */
export function redactAddresses(text: string): string {
  return text.replace(ADDRESS, "<address>");
}
