// Shared look of every mail. (A .tsx only because emails/components holds .tsx files.)
//
// One light palette, no dark-mode stylesheet: clients that force a dark mode (Gmail
// apps, Outlook) invert it wholesale, and dark text on white with a mid blue for links
// inverts to something readable. The layout declares `color-scheme: light` so clients
// that honour it (Apple Mail) leave it alone rather than half-inverting it.
export const colors = {
  text: "#18181b",
  muted: "#52525b",
  link: "#1d4ed8",
  border: "#e4e4e7",
  background: "#ffffff",
  buttonText: "#ffffff",
} as const;

// System fonts only: web fonts are unsupported in most clients and cost a download.
// Family names stay unquoted because React would write quotes as &quot; inside the
// style attribute, which some Outlook versions mis-parse.
export const fontFamily = "-apple-system, BlinkMacSystemFont, Segoe UI, Roboto, Helvetica, Arial, sans-serif";

/** The heading and body text of the short transactional mails (confirmation, sign-in). */
export const messageHeading = { fontSize: "20px", lineHeight: "28px", fontWeight: 700, margin: "0 0 12px", color: colors.text };
export const messageParagraph = { fontSize: "15px", lineHeight: "22px", margin: "0 0 12px", color: colors.text };
