import { describe, expect, it } from "vitest";
import { ConfirmSubscription, confirmSubscriptionSubject } from "@/emails/confirm-subscription";
import { renderConfirmSubscription } from "@/emails/render";

const confirmUrl = "https://paperboy.example/subscribe/confirm?token=abc&email=a%40b.c";

describe("ConfirmSubscription", () => {
  it("says what was signed up for, links the confirmation and says ignoring it is safe", async () => {
    const mail = await renderConfirmSubscription({ confirmUrl, keywords: ["diffusion models", "robotics"], expiresInHours: 48 });
    expect(mail.subject).toBe(confirmSubscriptionSubject());
    expect(mail.subject).toMatch(/confirm/i);

    expect(mail.html).toContain('href="https://paperboy.example/subscribe/confirm?token=abc&amp;email=a%40b.c"');
    expect(mail.html).toContain("Confirm subscription");
    expect(mail.html).toContain("daily digest");
    expect(mail.html).toContain("diffusion models, robotics");
    expect(mail.html).toContain("48 hours");

    expect(mail.text).toContain(`Confirm subscription ${confirmUrl}`);
    expect(mail.text).toContain("new papers matching: diffusion models, robotics.");
    expect(mail.text).toContain("This link works for 48 hours.");
    expect(mail.text).toContain("Ignore this email: nothing happens");
    // The fallback link paragraph is HTML-only; the text has the URL once.
    expect(mail.text.split(confirmUrl)).toHaveLength(2);
  });

  it("leaves the For you line out without keywords, and counts one hour in the singular", async () => {
    const mail = await renderConfirmSubscription({ confirmUrl, keywords: [], expiresInHours: 1 });
    expect(mail.html).not.toContain("For you");
    expect(mail.text).toContain("This link works for 1 hour.");
  });

  it("escapes keywords and neutralises a non-http(s) confirmation link", async () => {
    const mail = await renderConfirmSubscription({
      confirmUrl: "javascript:alert(1)",
      keywords: [`<script>alert(1)</script> & "x"`],
      expiresInHours: 24,
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;");
    expect(mail.text).toContain(`<script>alert(1)</script> & "x"`);
    expect(mail.html.toLowerCase()).not.toContain("javascript:");
    expect(mail.text.toLowerCase()).not.toContain("javascript:");
  });

  it("has preview props that render", async () => {
    const mail = await renderConfirmSubscription(ConfirmSubscription.PreviewProps);
    expect(mail.html).toContain(ConfirmSubscription.PreviewProps.confirmUrl);
  });
});
