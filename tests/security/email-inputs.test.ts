// Hostile email inputs (issue 8, "Hostile input"): header injection in the address or in
// the followed keywords, addresses past SMTP's limits, IDN domains, plus-addressing,
// quoted local parts and MIME encoded-words, through the subscribe route handlers (JSON
// API and form) and lib/subscribers, down to what a real SMTP server receives: whatever
// is typed, a message goes to exactly the one address the schema stored, with exactly
// the headers the mailer writes.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const hoisted = await vi.hoisted(async () => {
  const { startSmtpTestServerAsMailEnv } = await import("@/tests/helpers/smtp-test-server");
  const smtp = await startSmtpTestServerAsMailEnv();
  return { smtp, deferred: [] as Promise<unknown>[] };
});

// Outside Next's server, after() runs its task at once; each call below waits for it.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => void hoisted.deferred.push(task()),
}));

import { domainToASCII } from "node:url";
import type { ParsedMail } from "mailparser";
import { POST as apiSubscribe } from "@/app/api/subscribe/route";
import { POST as subscribeForm } from "@/app/subscribe/request/route";
import { createPrismaClient } from "@/lib/db/client";
import { mailerFromEnv } from "@/lib/mail";
import { subscribeSchema } from "@/lib/subscribers/schema";
import { requestSubscription } from "@/lib/subscribers/subscribe";
import { resetDatabase } from "../setup/reset-database";
import { formPost, freshIp, jsonPost } from "./requests";

const { smtp } = hoisted;
const VICTIM = "victim@evil.example";
const INVALID_EMAIL = "Enter a valid email address, like name@example.org.";

// Every header a confirmation mail may carry: the mailer's own, nothing a user typed.
const MAILER_HEADERS = new Set(["from", "to", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding"]);

async function settle<T>(answer: Promise<T>): Promise<T> {
  const value = await answer;
  await Promise.all(hoisted.deferred.splice(0));
  return value;
}

async function viaApi(body: unknown): Promise<{ status: number; body: { error?: string; status?: string } }> {
  const response = await settle(apiSubscribe(jsonPost("/api/subscribe", body)));
  return { status: response.status, body: (await response.json()) as { error?: string; status?: string } };
}

async function viaForm(fields: Record<string, string>): Promise<string> {
  const response = await settle(subscribeForm(formPost("/subscribe/request", fields)));
  expect(response.status).toBe(303);
  return response.headers.get("location") ?? "";
}

/** The messages (and envelopes) the SMTP server accepted since `mark`. */
function sentSince(mark: number): { message: ParsedMail; to: string[] }[] {
  return smtp.messages.slice(mark).map((message, index) => ({ message, to: smtp.envelopes[mark + index]!.to }));
}

/**
 * What must hold for every message the server got, whatever was typed: one recipient, the
 * address the schema stored, in the envelope and in To; no header the mailer did not write
 * (no Bcc, Cc, Reply-To…); the victim's address nowhere in the headers; every header
 * one line (a folded line starts with whitespace, never with "Name:").
 */
function expectOnlyTo(sent: { message: ParsedMail; to: string[] }[], address: string): void {
  expect(sent.length).toBeGreaterThan(0);
  for (const { message, to } of sent) {
    // The test server reports envelope domains in Unicode (it decodes punycode); compare in ASCII.
    expect(to.map(asciiAddress)).toEqual([address]);
    const headerNames = message.headerLines.map((header) => header.key);
    expect(headerNames.filter((name) => !MAILER_HEADERS.has(name))).toEqual([]);
    expect(headerNames.filter((name) => name === "to")).toHaveLength(1);
    const toValue = Array.isArray(message.to) ? message.to : [message.to];
    expect(toValue.flatMap((value) => value?.value ?? []).map((mailbox) => asciiAddress(mailbox.address ?? ""))).toEqual([address]);
    for (const { line } of message.headerLines) {
      expect(line.toLowerCase()).not.toContain(VICTIM);
      for (const continuation of line.split(/\r?\n/).slice(1)) expect(continuation).toMatch(/^[ \t]/);
    }
  }
}

const asciiAddress = (address: string) => {
  const at = address.lastIndexOf("@");
  return `${address.slice(0, at)}@${domainToASCII(address.slice(at + 1))}`;
};

const expectNothingSentSince = (mark: number) => {
  expect(sentSince(mark)).toEqual([]);
  expect(smtp.envelopes.flatMap((envelope) => envelope.to)).not.toContain(VICTIM);
};

describe("hostile email inputs", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  let cases = 0;

  beforeAll(async () => {
    await resetDatabase();
  });
  afterAll(async () => {
    console.log(`[email-inputs] ${cases} hostile inputs, ${smtp.messages.length} messages received by the SMTP server`);
    await mailerFromEnv().close();
    await smtp.close();
    await db.$disconnect();
  });

  // Header injection in the address: refused before anything is stored or sent.
  const INJECTED_ADDRESSES = [
    "ada@example.org\r\nBcc: victim@evil.example",
    "ada@example.org\nBcc: victim@evil.example",
    "ada@example.org\rBcc: victim@evil.example",
    "ada@example.org\r\n\r\nInjected body",
    "ada\r\nBcc: victim@evil.example\r\n@example.org",
    "ada@example.org%0d%0aBcc: victim@evil.example",
    "ada@example.org%0D%0ABcc:victim@evil.example",
    "ada@example.org Bcc: victim@evil.example",
    "ada@example.org,victim@evil.example",
    "ada@example.org;victim@evil.example",
    "ada@example.org>,<victim@evil.example",
    "Ada <ada@example.org>, victim@evil.example",
    "ada@example.org\u0000Bcc: victim@evil.example",
    "ada@example.org\u2028Bcc: victim@evil.example",
    "ada@example.org\u0085Bcc: victim@evil.example",
    "ada@example.org\tBcc: victim@evil.example",
    // MIME encoded-words: a mail client decodes them for display, and a decoder may turn
    // them into a second address or a line break. Never part of an address we store.
    "=?utf-8?q?victim=40evil.example=0D=0ABcc:?=@example.org",
    "=?utf-8?b?dmljdGltQGV2aWwuZXhhbXBsZQ==?=@example.org",
    "=?iso-8859-1?q?ada?=@example.org",
    "ada=?utf-8?q?=0d=0a?=@example.org",
  ];

  it.each(INJECTED_ADDRESSES)("POST /api/subscribe refuses %j with a clear 400 and sends nothing", async (email) => {
    cases += 1;
    const mark = smtp.messages.length;
    const answer = await viaApi({ email });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^(Enter a valid email address, like name@example\.org\.|An email address cannot contain line breaks\.)$/);
    expectNothingSentSince(mark);
  });

  it.each(INJECTED_ADDRESSES)("the subscribe form refuses %j (back to the form with an error) and sends nothing", async (email) => {
    cases += 1;
    const mark = smtp.messages.length;
    expect(await viaForm({ email, keywords: "" })).toBe("/subscribe?error=email");
    expectNothingSentSince(mark);
  });

  it("nothing of those inputs was stored", async () => {
    expect(await db.subscriber.count()).toBe(0);
  });

  it("lib/subscribers called past the schema still sends no injected header: the mailer refuses a line break in the recipient", async () => {
    const mark = smtp.messages.length;
    const errors: unknown[] = [];
    const logged = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args));
    try {
      for (const email of INJECTED_ADDRESSES.filter((value) => /[\r\n]/.test(value))) {
        cases += 1;
        await requestSubscription(
          { email, keywords: [], ip: freshIp() },
          { mailer: mailerFromEnv(), baseUrl: "https://paperboy.test", now: new Date() },
        );
      }
    } finally {
      logged.mockRestore();
    }
    expectNothingSentSince(mark);
    // Each refusal was logged, without the address.
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors)).not.toContain(VICTIM);
    await db.subscriber.deleteMany();
  });

  describe("lengths", () => {
    it("refuses a 320-character address, a 255-character one and a 65-character local part", async () => {
      const addresses = [
        `${"l".repeat(64)}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(59)}.org`,
        `${"l".repeat(64)}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(58)}.org`,
        `${"l".repeat(65)}@example.org`,
        `${"x".repeat(100_000)}@example.org`,
        `ada@${"a".repeat(64)}.example.org`, // a label over 63
      ];
      expect(addresses[0]).toHaveLength(320);
      for (const email of addresses) {
        cases += 1;
        const mark = smtp.messages.length;
        expect(await viaApi({ email })).toEqual({ status: 400, body: { error: INVALID_EMAIL } });
        expectNothingSentSince(mark);
      }
    });

    // 253, not 254: smtp-server (like other strict servers) takes at most 253 characters
    // between RCPT TO's angle brackets, so a 254-character address is accepted here but
    // refused by such a server (501), which the mailer logs as a failed send.
    it("takes a 64-character local part and a 253-character address, and mails exactly that address", async () => {
      const local64 = `${"l".repeat(60)}+tag`;
      const longest = `${local64}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(56)}.org`;
      expect(local64).toHaveLength(64);
      expect(longest).toHaveLength(253);
      for (const email of [`${local64}@example.org`, longest]) {
        cases += 1;
        const mark = smtp.messages.length;
        expect((await viaApi({ email })).status).toBe(202);
        expectOnlyTo(sentSince(mark), email);
      }
    });
  });

  describe("IDN domains", () => {
    it("an address typed in Unicode and the same one in punycode are one subscriber, mailed at the punycode domain", async () => {
      const typed = ["user@bücher.example", "user@BÜCHER.example", "user@xn--bcher-kva.example"];
      for (const email of typed) {
        cases += 1;
        const mark = smtp.messages.length;
        expect((await viaApi({ email })).status).toBe(202);
        // The per-address limit allows three confirmation mails an hour: one per spelling here.
        expectOnlyTo(sentSince(mark), "user@xn--bcher-kva.example");
      }
      expect(await db.subscriber.findMany({ where: { email: { contains: "bcher" } }, select: { email: true } })).toEqual([
        { email: "user@xn--bcher-kva.example" },
      ]);
    });

    it("an internationalised top-level domain and a mixed-script (homograph) domain reach SMTP in ASCII only", async () => {
      for (const [email, ascii] of [
        ["user@пример.рф", "user@xn--e1afmkfd.xn--p1ai"],
        ["user@pаypal.example", "user@xn--pypal-4ve.example"], // Cyrillic а: stored as the punycode it really is
      ] as const) {
        cases += 1;
        const mark = smtp.messages.length;
        expect((await viaApi({ email })).status).toBe(202);
        expectOnlyTo(sentSince(mark), ascii);
        for (const { line } of sentSince(mark)[0]!.message.headerLines) expect(line).toMatch(/^[\x20-\x7e\r\n\t]*$/);
      }
    });

    it("refuses a domain whose punycode is invalid or that maps to nothing", async () => {
      for (const email of ["user@xn--.example", "user@xn--zz-.example", "user@\u200b.example", "user@.example", "user@example..org"]) {
        cases += 1;
        const mark = smtp.messages.length;
        expect((await viaApi({ email })).status).toBe(400);
        expectNothingSentSince(mark);
      }
    });
  });

  describe("plus-addressing", () => {
    it("is accepted and kept: the mail goes to the tagged address, never to the address without the tag", async () => {
      for (const email of ["reader+papers@example.org", "reader+a+b@example.org", "reader+@example.org"]) {
        cases += 1;
        const mark = smtp.messages.length;
        expect((await viaApi({ email })).status).toBe(202);
        expectOnlyTo(sentSince(mark), email);
      }
      const stored = await db.subscriber.findMany({ where: { email: { startsWith: "reader" } }, select: { email: true }, orderBy: { email: "asc" } });
      expect(stored.map((row) => row.email)).toEqual(["reader+@example.org", "reader+a+b@example.org", "reader+papers@example.org"]);
    });

    it("through the form too", async () => {
      cases += 1;
      const mark = smtp.messages.length;
      expect(await viaForm({ email: "form+digest@example.org", keywords: "" })).toBe("/subscribe?status=check-your-inbox");
      expectOnlyTo(sentSince(mark), "form+digest@example.org");
    });
  });

  describe("quoted local parts", () => {
    // RFC 5321 allows them, but almost no real mailbox uses one, and a quoted string can hide
    // an "@", a comma or a space that a later parser reads as a second address. Refused.
    it.each([
      '"ada lovelace"@example.org',
      '"ada@evil"@example.org',
      '"victim@evil.example,"@example.org',
      '"a\\"b"@example.org',
      '"\\r\\nBcc: victim@evil.example"@example.org',
      '""@example.org',
    ])("refuses %j with the clear message", async (email) => {
      cases += 1;
      const mark = smtp.messages.length;
      expect(await viaApi({ email })).toEqual({ status: 400, body: { error: INVALID_EMAIL } });
      expectNothingSentSince(mark);
    });
  });

  describe("keywords that end up in the confirmation mail", () => {
    const HOSTILE_KEYWORDS = [
      "diffusion\r\nBcc: victim@evil.example",
      "Bcc: victim@evil.example",
      "Subject: you won",
      "%0d%0aBcc: victim@evil.example",
      "=?utf-8?q?=0D=0ABcc:_victim@evil.example?=",
      "<script>alert(1)</script>",
      "\u2028Reply-To: victim@evil.example",
    ];

    it("as an array (API): each one is refused or kept as text, and the mail's headers are only the mailer's", async () => {
      let n = 0;
      for (const keyword of HOSTILE_KEYWORDS) {
        cases += 1;
        const email = `keywords${(n += 1)}@example.org`;
        const mark = smtp.messages.length;
        const answer = await viaApi({ email, keywords: [keyword] });
        if (answer.status === 400) {
          expectNothingSentSince(mark);
          continue;
        }
        expect(answer.status).toBe(202);
        const sent = sentSince(mark);
        expectOnlyTo(sent, email);
        expect(sent[0]!.message.subject).not.toMatch(/won|victim|bcc/i);
        // Its text reaches the body only, escaped in the HTML part.
        expect(sent[0]!.message.html || "").not.toContain("<script>");
      }
    });

    it("as form text (one per line): a CR LF splits keywords, it never reaches a header", async () => {
      cases += 1;
      const mark = smtp.messages.length;
      const location = await viaForm({ email: "formkeywords@example.org", keywords: "diffusion\r\nBcc: victim@evil.example\r\nSubject: you won" });
      if (location === "/subscribe?error=keywords") return expectNothingSentSince(mark);
      expect(location).toBe("/subscribe?status=check-your-inbox");
      expectOnlyTo(sentSince(mark), "formkeywords@example.org");
    });
  });

  it("the schema never lets a line break, an encoded-word or a second address through, whatever the field", () => {
    for (const email of INJECTED_ADDRESSES) {
      cases += 1;
      expect(subscribeSchema.safeParse({ email }).success).toBe(false);
    }
    for (const keywords of [["a\r\nb"], "a\r\nb"]) {
      const parsed = subscribeSchema.safeParse({ email: "ada@example.org", keywords });
      if (parsed.success) for (const keyword of parsed.data.keywords) expect(keyword).not.toMatch(/[\r\n]/);
    }
  });
});
