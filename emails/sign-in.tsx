import { Heading } from "@react-email/components";
import type { JSX } from "react";
import { ActionButton } from "./components/action-button";
import { plural } from "./components/format";
import { FooterText, Layout } from "./components/layout";
import { messageHeading as heading, messageParagraph as paragraph } from "./components/theme";
import { Paragraph } from "./components/paragraph";

export type SignInProps = {
  /** Absolute; signs the recipient in. */
  signInUrl: string;
  /** How long signInUrl works. */
  expiresInMinutes: number;
};

export function signInSubject(): string {
  return "Sign in to Paperboy";
}

export function SignIn({ signInUrl, expiresInMinutes }: SignInProps): JSX.Element {
  return (
    <Layout
      title={signInSubject()}
      preview={`Your sign-in link for Paperboy. It works for ${plural(expiresInMinutes, "minute")}.`}
      footer={<FooterText>You get this email because someone asked to sign in to Paperboy with this address.</FooterText>}
    >
      <Heading as="h2" style={heading}>
        Sign in to Paperboy
      </Heading>
      <Paragraph style={paragraph}>Use this button to sign in and manage your daily digest.</Paragraph>
      <ActionButton href={signInUrl}>Sign in</ActionButton>
      <Paragraph style={paragraph}>This link works for {plural(expiresInMinutes, "minute")}.</Paragraph>
      <Paragraph style={paragraph}>
        Didn&apos;t ask to sign in? Ignore this email: nobody can sign in without this link, and nothing changes.
      </Paragraph>
    </Layout>
  );
}

SignIn.PreviewProps = {
  signInUrl: "https://paperboy.example/sign-in/verify?token=preview",
  expiresInMinutes: 15,
} satisfies SignInProps;

// React Email's preview server (`email dev`) opens a template's default export.
export default SignIn;
