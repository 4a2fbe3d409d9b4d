import { Link } from "@react-email/components";
import type { CSSProperties, JSX, ReactNode } from "react";
import { isHttpUrl } from "@/lib/papers/links";
import { colors } from "./theme";

/**
 * The href to put in a mail: the URL itself when it is http(s), else "#". Callers pass
 * our own absolute URLs, but paper URLs come from ingested data, and a `javascript:` or
 * `data:` link in a mail is never right. Relative URLs are refused too: a mail has no
 * base URL to resolve them against.
 */
export function safeHref(url: string): string {
  return isHttpUrl(url) ? url : "#";
}

type SafeLinkProps = { href: string; style?: CSSProperties; children: ReactNode };

/** Every link in our mails goes through this, so no template can forget safeHref. */
export function SafeLink({ href, style, children }: SafeLinkProps): JSX.Element {
  return (
    // Underlined: colour alone does not mark a link once a dark mode has recoloured it.
    // React Email's Link sets `text-decoration-line: none`, hence both properties.
    <Link href={safeHref(href)} style={{ color: colors.link, textDecoration: "underline", textDecorationLine: "underline", ...style }}>
      {children}
    </Link>
  );
}
