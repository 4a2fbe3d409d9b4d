import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMailer } from "@/lib/mail/create-mailer";
import { createOutboxMailer, outboxRecipientTag } from "@/lib/mail/outbox-mailer";
import { MailError, type OutgoingMail } from "@/lib/mail/types";

let dataDir: string;
let logged: string[];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "paperboy-outbox-"));
  logged = [];
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function outbox() {
  return createOutboxMailer({ dir: path.join(dataDir, "outbox"), from: "Paperboy <paperboy@paperboy.test>", log: (line) => logged.push(line) });
}

function mail(overrides: Partial<Extract<OutgoingMail, { html: string }>> = {}): OutgoingMail {
  return {
    to: "Ada Reader <ada.reader@example.org>",
    subject: "Today's papers",
    text: "Three papers for you.",
    html: "<p>Three <b>papers</b> for you.</p>",
    ...overrides,
  };
}

async function emlFiles(): Promise<string[]> {
  return (await readdir(path.join(dataDir, "outbox"))).filter((name) => name.endsWith(".eml"));
}

describe("createOutboxMailer", () => {
  it("writes a real .eml: both parts, the custom headers and the Message-ID", async () => {
    const mailer = outbox();
    const sent = await mailer.send(
      mail({
        messageId: "<digest.1@paperboy.test>",
        headers: { "List-Unsubscribe": "<https://papers.example.org/u?t=1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
      }),
    );
    await mailer.close();

    expect(mailer.kind).toBe("outbox");
    expect(path.dirname(sent.destination)).toBe(path.join(dataDir, "outbox"));
    expect(await emlFiles()).toEqual([path.basename(sent.destination)]);
    const parsed = await simpleParser(await readFile(sent.destination));
    expect(parsed.messageId).toBe("<digest.1@paperboy.test>");
    expect(sent.messageId).toBe("<digest.1@paperboy.test>");
    expect(parsed.subject).toBe("Today's papers");
    expect(parsed.from?.value).toEqual([{ name: "Paperboy", address: "paperboy@paperboy.test" }]);
    expect(parsed.to).toMatchObject({ value: [{ name: "Ada Reader", address: "ada.reader@example.org" }] });
    expect(parsed.text?.trim()).toBe("Three papers for you.");
    expect(parsed.html).toContain("<p>Three <b>papers</b> for you.</p>");
    expect(parsed.headers.get("content-type")).toMatchObject({ value: "multipart/alternative" });
    const value = (name: string) => parsed.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, "");
    expect(value("list-unsubscribe")).toBe("<https://papers.example.org/u?t=1>");
    expect(value("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
  });

  it("keeps the address out of the file name and the log line", async () => {
    const sent = await outbox().send(mail());
    const name = path.basename(sent.destination);
    expect(name).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-\d{6}-[0-9a-f]{6}-[0-9a-f]{12}\.eml$/);
    expect(name.endsWith(`-${outboxRecipientTag("ada.reader@example.org")}.eml`)).toBe(true);
    expect(name).not.toMatch(/ada|reader|example/i);
    expect(logged).toEqual([`[mail] wrote ${sent.destination}`]);
    expect(logged.join("\n")).not.toMatch(/ada|example\.org/i);
  });

  it("gives 100 quick sends 100 distinct files that sort in sending order", async () => {
    const mailer = outbox();
    const sent = [];
    for (let i = 0; i < 100; i++) sent.push(await mailer.send(mail({ to: "same@example.org", subject: `Paper ${i}` })));
    const names = sent.map((s) => path.basename(s.destination));
    expect(new Set(names).size).toBe(100);
    expect((await emlFiles()).sort()).toEqual(names);
    const last = await simpleParser(await readFile(path.join(dataDir, "outbox", names[99])));
    expect(last.subject).toBe("Paper 99");
  });

  it("writes 100 concurrent sends to 100 complete files", async () => {
    const mailer = outbox();
    await Promise.all(Array.from({ length: 100 }, (_, i) => mailer.send(mail({ subject: `Paper ${i}` }))));
    await mailer.close();
    const names = await readdir(path.join(dataDir, "outbox"));
    expect(names.filter((name) => name.endsWith(".eml"))).toHaveLength(100);
    expect(names.filter((name) => !name.endsWith(".eml"))).toEqual([]); // no partial files left behind
  });

  it("refuses header injection like the SMTP mailer, writing nothing", async () => {
    const error = await outbox().send(mail({ subject: "Hi\r\nBcc: victim@example.org" })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ temporary: false, code: "EINVALID" });
    await expect(readdir(path.join(dataDir, "outbox"))).rejects.toThrow(); // not even the directory
  });
});

describe("createMailer", () => {
  it("uses the outbox under DATA_DIR when SMTP_URL is unset, SMTP otherwise", async () => {
    const fromEnv = createMailer({ SMTP_URL: undefined, MAIL_FROM: "paperboy@paperboy.test", DATA_DIR: dataDir });
    expect(fromEnv.kind).toBe("outbox");
    const smtp = createMailer({ SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: "paperboy@paperboy.test", DATA_DIR: dataDir });
    expect(smtp.kind).toBe("smtp");
    await Promise.all([fromEnv.close(), smtp.close()]);
  });
});
