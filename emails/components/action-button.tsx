import { Button } from "@react-email/components";
import type { JSX, ReactNode } from "react";
import { safeHref, SafeLink } from "./safe-link";
import { colors } from "./theme";
import { Paragraph } from "./paragraph";

type ActionButtonProps = { href: string; children: ReactNode };

/**
 * The one thing a transactional mail asks for: a button, then the same URL as a link for
 * clients that mangle buttons. The link paragraph is left out of the plain-text version,
 * where the button already prints the URL.
 */
export function ActionButton({ href, children }: ActionButtonProps): JSX.Element {
  return (
    <>
      <Button href={safeHref(href)} style={button}>
        {children}
      </Button>
      <Paragraph style={fallback} data-skip-in-text={true}>
        Or open this link: <SafeLink href={href}>{safeHref(href)}</SafeLink>
      </Paragraph>
    </>
  );
}

const button = {
  backgroundColor: colors.link,
  color: colors.buttonText,
  fontSize: "15px",
  fontWeight: 600,
  borderRadius: "6px",
  padding: "12px 20px",
  margin: "8px 0",
};
const fallback = { fontSize: "12px", lineHeight: "18px", margin: "8px 0 0", color: colors.muted, wordBreak: "break-all" as const };
