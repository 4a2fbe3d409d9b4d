import { afterEach, describe, expect, it } from "vitest";
import { createSmtpMailer, smtpConnectionFromUrl, type SmtpMailerOptions } from "@/lib/mail/smtp-mailer";
import { MailError, type Mailer, type OutgoingMail } from "@/lib/mail/types";
import {
  closedPortUrl,
  replyOnce,
  sleep,
  startSmtpTestServer,
  type SmtpTestServer,
  type SmtpTestServerOptions,
} from "@/tests/helpers/smtp-test-server";

const FROM = "Paperboy <paperboy@paperboy.test>";
// Short enough that the stall tests take about a second.
const TIMEOUTS = { connectionMs: 1_000, greetingMs: 400, socketMs: 600 };

const open: { servers: SmtpTestServer[]; mailers: Mailer[] } = { servers: [], mailers: [] };

afterEach(async () => {
  await Promise.all(open.mailers.splice(0).map((mailer) => mailer.close()));
  await Promise.all(open.servers.splice(0).map((server) => server.close()));
});

async function server(options?: SmtpTestServerOptions): Promise<SmtpTestServer> {
  const started = await startSmtpTestServer(options);
  open.servers.push(started);
  return started;
}

function mailer(url: string, options: Partial<SmtpMailerOptions> = {}): Mailer {
  const created = createSmtpMailer({ url, from: FROM, timeouts: TIMEOUTS, ...options });
  open.mailers.push(created);
  return created;
}

function mail(overrides: Partial<Extract<OutgoingMail, { html: string }>> = {}): OutgoingMail {
  return {
    to: "Ada Reader <ada@example.org>",
    subject: "Today's papers",
    text: "Three papers for you.",
    html: "<p>Three <b>papers</b> for you.</p>",
    ...overrides,
  };
}

async function failure(sending: Promise<unknown>): Promise<MailError> {
  const error = await sending.then(
    () => {
      throw new Error("expected the send to fail");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MailError);
  return error as MailError;
}

describe("createSmtpMailer", () => {
  it("delivers text and html parts, the custom headers and the given Message-ID", async () => {
    const smtp = await server();
    const sent = await mailer(smtp.url).send(
      mail({
        messageId: "<digest-2026-11-23.42@paperboy.test>",
        headers: {
          "List-Unsubscribe": "<https://papers.example.org/unsubscribe?t=abc>",
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "List-Id": "Paperboy daily digest <digest.paperboy.test>",
        },
      }),
    );

    expect(sent).toEqual({ messageId: "<digest-2026-11-23.42@paperboy.test>", destination: "smtp" });
    const [received] = await smtp.waitFor(1);
    expect(received.messageId).toBe("<digest-2026-11-23.42@paperboy.test>");
    expect(received.subject).toBe("Today's papers");
    expect(received.from?.value).toEqual([{ name: "Paperboy", address: "paperboy@paperboy.test" }]);
    expect(received.text?.trim()).toBe("Three papers for you.");
    expect(received.html).toContain("<p>Three <b>papers</b> for you.</p>");
    expect(received.headers.get("content-type")).toMatchObject({ value: "multipart/alternative" });
    // Field names are case-insensitive (nodemailer writes "List-ID"); the values arrive verbatim.
    const value = (name: string) => received.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, "");
    expect(value("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(value("list-unsubscribe")).toBe("<https://papers.example.org/unsubscribe?t=abc>");
    expect(value("list-id")).toBe("Paperboy daily digest <digest.paperboy.test>");
    expect(smtp.envelopes).toEqual([{ from: "paperboy@paperboy.test", to: ["ada@example.org"] }]);
  });

  it("makes a Message-ID when none is given", async () => {
    const smtp = await server();
    const sent = await mailer(smtp.url, { pool: false }).send(mail());
    expect(sent.messageId).toMatch(/^<.+@.+>$/);
    expect((await smtp.waitFor(1))[0].messageId).toBe(sent.messageId);
  });

  it("reports 451 to RCPT TO as temporary, and the retry goes through", async () => {
    const smtp = await server({ onRcptTo: replyOnce({ code: 451, message: "Try again later" }) });
    const sender = mailer(smtp.url);
    const error = await failure(sender.send(mail()));
    expect(error).toMatchObject({ temporary: true, permanent: false, responseCode: 451, code: "EENVELOPE" });
    expect(error.message).toBe("mail not sent: the SMTP server replied 451 to RCPT TO");

    await sender.send(mail());
    expect(smtp.messages).toHaveLength(1);
  });

  it("reports 550 for a recipient as permanent, without the address in the message", async () => {
    const smtp = await server({ onRcptTo: (to) => (to === "gone@example.org" ? { code: 550, message: `No such user ${to}` } : undefined) });
    const sender = mailer(smtp.url);
    const error = await failure(sender.send(mail({ to: "gone@example.org" })));
    expect(error).toMatchObject({ temporary: false, responseCode: 550 });
    expect(error.message).not.toContain("gone@");

    await sender.send(mail());
    expect(smtp.envelopes.map((envelope) => envelope.to)).toEqual([["ada@example.org"]]);
  });

  it("maps replies to DATA the same way: 452 temporary, 554 permanent", async () => {
    const busy = await server({ onData: () => ({ code: 452 }) });
    expect(await failure(mailer(busy.url).send(mail()))).toMatchObject({ temporary: true, responseCode: 452, code: "EMESSAGE" });
    const spam = await server({ onData: () => ({ code: 554 }) });
    expect(await failure(mailer(spam.url).send(mail()))).toMatchObject({ temporary: false, responseCode: 554, code: "EMESSAGE" });
  });

  it("treats a server refusing the session as temporary, even with a 5xx greeting", async () => {
    const smtp = await server({ onConnect: () => ({ code: 554 }) });
    expect(await failure(mailer(smtp.url).send(mail()))).toMatchObject({ temporary: true, responseCode: 554, code: "EPROTOCOL" });
  });

  it("reports a refused connection as temporary", async () => {
    const error = await failure(mailer(await closedPortUrl()).send(mail()));
    expect(error).toMatchObject({ temporary: true, code: "ESOCKET" });
    expect(error.message).toBe("mail not sent: ESOCKET ECONNREFUSED");
  });

  it.each([
    ["never answers RCPT TO", { onRcptTo: () => sleep(10_000) }, "SOCKET_TIMEOUT"],
    ["never greets", { onConnect: () => sleep(10_000) }, "GREETING_TIMEOUT"],
  ] as const)("gives up on a server that %s within the configured timeout, as temporary", async (_, faults, timeoutType) => {
    const smtp = await server(faults);
    const started = Date.now();
    const error = await failure(mailer(smtp.url, { pool: false }).send(mail()));
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ temporary: true, code: "ETIMEDOUT" });
    expect(error.message).toBe(`mail not sent: timed out (${timeoutType})`);
    expect(elapsed).toBeGreaterThanOrEqual(350);
    expect(elapsed).toBeLessThan(2_500);
  });

  it.each([
    ["subject", mail({ subject: "Hello\r\nBcc: victim@example.org" })],
    ["subject (bare LF)", mail({ subject: "Hello\nX-Injected: 1" })],
    ["to", mail({ to: "ada@example.org\r\nBcc: victim@example.org" })],
    ["header value", mail({ headers: { "List-Id": "x\r\nBcc: victim@example.org" } })],
    ["Message-ID", mail({ messageId: "<a@b>\nBcc: victim@example.org" })],
    ["header name", mail({ headers: { "X-Evil\r\nBcc": "victim@example.org" } })],
    ["reserved header", mail({ headers: { Bcc: "victim@example.org" } })],
    ["second recipient", mail({ to: "ada@example.org, victim@example.org" })],
  ])("refuses a line break or extra recipient in the %s, and sends nothing", async (_, outgoing) => {
    const smtp = await server();
    const error = await failure(mailer(smtp.url).send(outgoing));
    expect(error).toMatchObject({ temporary: false, code: "EINVALID" });
    expect(error.message).not.toContain("victim");
    await sleep(100);
    expect(smtp.messages).toHaveLength(0);
  });

  it("pooled: 50 concurrent sends arrive exactly once each", async () => {
    const smtp = await server();
    const sender = mailer(smtp.url, { pool: true });
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, i) => sender.send(mail({ to: `reader${i}@example.org`, messageId: `<m${i}@paperboy.test>` }))),
    );
    expect(new Set(sent.map((s) => s.messageId)).size).toBe(50);
    await sleep(100);
    expect(smtp.messages).toHaveLength(50);
    expect(new Set(smtp.messages.map((m) => m.messageId))).toEqual(new Set(sent.map((s) => s.messageId)));
    expect(smtp.envelopes.map((e) => e.to[0]).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `reader${i}@example.org`).sort());
  });

  it("close() waits for sends under way and refuses new ones", async () => {
    const smtp = await server({ onData: () => sleep(200) });
    const sender = createSmtpMailer({ url: smtp.url, from: FROM, timeouts: TIMEOUTS });
    const sending = sender.send(mail());
    await sender.close();
    await expect(sending).resolves.toMatchObject({ destination: "smtp" });
    expect(smtp.messages).toHaveLength(1);
    await expect(sender.send(mail())).rejects.toThrow("mailer is closed");
  });
});

describe("smtpConnectionFromUrl", () => {
  it("reads host, port, TLS mode and the decoded login", () => {
    expect(smtpConnectionFromUrl("smtps://apikey:p%40ss%3Aword@smtp.example.org")).toEqual({
      host: "smtp.example.org",
      port: 465,
      secure: true,
      requireTLS: false,
      auth: { user: "apikey", pass: "p@ss:word" },
    });
    expect(smtpConnectionFromUrl("smtp://127.0.0.1:2525")).toEqual({
      host: "127.0.0.1",
      port: 2525,
      secure: false,
      requireTLS: false,
      auth: undefined,
    });
    expect(smtpConnectionFromUrl("smtp://[::1]:25")).toMatchObject({ host: "::1", port: 25 });
  });

  it("requires STARTTLS before sending a password to another machine over smtp://", () => {
    expect(smtpConnectionFromUrl("smtp://user:secret@mail.example.org").requireTLS).toBe(true);
    expect(smtpConnectionFromUrl("smtp://user:secret@localhost:1025").requireTLS).toBe(false);
  });

  it("never quotes the URL in its errors", () => {
    expect(() => smtpConnectionFromUrl("http://user:hunter2@mail.example.org")).toThrow(/^(?!.*hunter2)/);
    expect(() => smtpConnectionFromUrl("hunter2")).toThrow(/^(?!.*hunter2)/);
  });
});
