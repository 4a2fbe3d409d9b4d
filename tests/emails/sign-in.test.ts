import { describe, expect, it } from "vitest";
import { renderSignIn } from "@/emails/render";
import { SignIn, signInSubject } from "@/emails/sign-in";

const signInUrl = "https://paperboy.example/sign-in/verify?token=abc&next=%2Fpreferences";

describe("SignIn", () => {
  it("links the sign-in URL and says how long it works", async () => {
    const mail = await renderSignIn({ signInUrl, expiresInMinutes: 15 });
    expect(mail.subject).toBe(signInSubject());
    expect(mail.subject).toBe("Sign in to Paperboy");

    expect(mail.html).toContain('href="https://paperboy.example/sign-in/verify?token=abc&amp;next=%2Fpreferences"');
    expect(mail.html).toContain("15 minutes");
    expect(mail.text).toContain(`Sign in ${signInUrl}`);
    expect(mail.text).toContain("This link works for 15 minutes.");
    expect(mail.text).toContain("Ignore this email");
    expect(mail.text.split(signInUrl)).toHaveLength(2);
  });

  it("counts one minute in the singular", async () => {
    const mail = await renderSignIn({ signInUrl, expiresInMinutes: 1 });
    expect(mail.text).toContain("This link works for 1 minute.");
  });

  it("neutralises a non-http(s) sign-in link", async () => {
    const mail = await renderSignIn({ signInUrl: "data:text/html,<script>alert(1)</script>", expiresInMinutes: 15 });
    expect(mail.html).not.toContain("data:text");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain('href="#"');
    expect(mail.text).not.toContain("data:text");
  });

  it("has preview props that render", async () => {
    const mail = await renderSignIn(SignIn.PreviewProps);
    expect(mail.html).toContain(SignIn.PreviewProps.signInUrl);
  });
});
