import { Heading } from "@react-email/components";
import type { JSX } from "react";
import { ActionButton } from "./components/action-button";
import { oneLine, plural } from "./components/format";
import { FooterText, Layout } from "./components/layout";
import { messageHeading as heading, messageParagraph as paragraph } from "./components/theme";
import { Paragraph } from "./components/paragraph";

export type ConfirmSubscriptionProps = {
  /** Absolute; confirms this address's subscription. */
  confirmUrl: string;
  /** The keywords chosen for the "For you" section; [] for none. */
  keywords: string[];
  /** How long confirmUrl works. */
  expiresInHours: number;
};

export function confirmSubscriptionSubject(): string {
  return "Confirm your Paperboy daily digest";
}

export function ConfirmSubscription({ confirmUrl, keywords, expiresInHours }: ConfirmSubscriptionProps): JSX.Element {
  const followed = keywords.map(oneLine).filter(Boolean);
  return (
    <Layout
      title={confirmSubscriptionSubject()}
      preview="One click to start getting Paperboy's daily digest of trending research papers."
      footer={
        <FooterText>
          You get this email because someone entered this address on Paperboy&apos;s subscribe form. We send
          nothing more unless the subscription is confirmed.
        </FooterText>
      }
    >
      <Heading as="h2" style={heading}>
        Confirm your subscription
      </Heading>
      <Paragraph style={paragraph}>
        This address was signed up for Paperboy&apos;s daily digest: once a day, the research papers people are voting for most.
      </Paragraph>
      {followed.length > 0 ? (
        <Paragraph style={paragraph}>
          It will also have a &ldquo;For you&rdquo; section with new papers matching: {followed.join(", ")}.
        </Paragraph>
      ) : null}
      <ActionButton href={confirmUrl}>Confirm subscription</ActionButton>
      <Paragraph style={paragraph}>This link works for {plural(expiresInHours, "hour")}.</Paragraph>
      <Paragraph style={paragraph}>
        Didn&apos;t ask for this? Ignore this email: nothing happens, and you won&apos;t hear from us again.
      </Paragraph>
    </Layout>
  );
}

ConfirmSubscription.PreviewProps = {
  confirmUrl: "https://paperboy.example/subscribe/confirm?token=preview",
  keywords: ["diffusion models", "robotics"],
  expiresInHours: 48,
} satisfies ConfirmSubscriptionProps;

// React Email's preview server (`email dev`) opens a template's default export.
export default ConfirmSubscription;
