import { Body, Container, Head, Hr, Html, Preview, Section } from "@react-email/components";
import type { JSX, ReactNode } from "react";
import { colors, fontFamily } from "./theme";
import { Paragraph } from "./paragraph";

type LayoutProps = {
  /** The mail's subject, as the document title (shown by "view in browser" and some clients). */
  title: string;
  /** Inbox preview text (the preheader); React Email cuts it at 150 characters. */
  preview: string;
  /** Under the "Paperboy" wordmark, e.g. the edition's date. */
  dateLine?: ReactNode;
  footer: ReactNode;
  children: ReactNode;
};

/** The shell every Paperboy mail shares: wordmark header, content, small-print footer. */
export function Layout({ title, preview, dateLine, footer, children }: LayoutProps): JSX.Element {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Section>
            <Paragraph style={wordmark}>Paperboy</Paragraph>
            {dateLine ? <Paragraph style={dateLineStyle}>{dateLine}</Paragraph> : null}
          </Section>
          <Hr style={rule} />
          {children}
          <Hr style={rule} />
          <Section style={footerStyle}>{footer}</Section>
        </Container>
      </Body>
    </Html>
  );
}

const body = { backgroundColor: colors.background, color: colors.text, fontFamily, margin: 0, padding: "24px 0" };
// ~600px is the width every client lays out without horizontal scrolling.
const container = { maxWidth: "600px", padding: "0 24px" };
const wordmark = { fontSize: "20px", lineHeight: "28px", fontWeight: 700, margin: 0, color: colors.text };
const dateLineStyle = { fontSize: "13px", lineHeight: "20px", margin: "2px 0 0", color: colors.muted };
const rule = { borderTop: `1px solid ${colors.border}`, margin: "20px 0" };
const footerStyle = { fontSize: "12px", lineHeight: "18px", color: colors.muted };

/** A paragraph of footer small print. */
export function FooterText({ children }: { children: ReactNode }): JSX.Element {
  return <Paragraph style={footerText}>{children}</Paragraph>;
}

const footerText = { fontSize: "12px", lineHeight: "18px", margin: "0 0 8px", color: colors.muted };
