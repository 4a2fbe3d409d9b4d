// A body encoded once and filled per recipient must decode to exactly the text and HTML
// with the values in place, and stay valid quoted-printable (lines of at most 76
// characters) wherever a value falls and however long it is.
import { simpleParser } from "mailparser";
import { createTransport } from "nodemailer";
import { describe, expect, it } from "vitest";
import { senderMailbox } from "@/lib/mail/mailbox";
import { toNodemailerMessage } from "@/lib/mail/message";
import { fillBody, plainBody, prepareBody, type PreparedBody } from "@/lib/mail/prepared-body";

const SLOTS = ["https://x.invalid/__a__", "https://x.invalid/__b__"];
const composer = createTransport({ streamTransport: true, buffer: true, disableFileAccess: true, disableUrlAccess: true });

/** The message nodemailer composes around `body`, as the SMTP server receives it, and what a mail client reads from it. */
async function compose(body: PreparedBody) {
  const message = toNodemailerMessage({ to: "ada@example.org", subject: "Digest", body }, senderMailbox("Paperboy <p@paperboy.test>"));
  const raw = ((await composer.sendMail(message)).message as Buffer).toString("latin1");
  return { raw, parsed: await simpleParser(raw) };
}

function longestLine(raw: string): number {
  return Math.max(...raw.split("\r\n").map((line) => line.length));
}

const expand = (text: string, values: string[]) => SLOTS.reduce((out, slot, i) => out.split(slot).join(values[i]), text);

const CASES: { name: string; text: string; html: string; values: string[] }[] = [
  {
    name: "values in the middle of long lines",
    text: `Hello there.\n${"word ".repeat(40)}${SLOTS[0]} and ${SLOTS[1]} end.\nLast line`,
    html: `<html><body>${"<p>para</p>".repeat(30)}<a href="${SLOTS[0]}">Unsubscribe</a><a href="${SLOTS[1]}">Prefs</a>${"<p>x</p>".repeat(20)}</body></html>`,
    values: [`https://paperboy.test/api/unsubscribe/${"0123456789abcdef".repeat(4)}.${"A_b-".repeat(11)}`, "https://paperboy.test/settings"],
  },
  {
    name: "slots at the very start and end, next to each other, and repeated",
    text: `${SLOTS[0]}${SLOTS[1]} middle ${SLOTS[0]}`,
    html: `${SLOTS[1]}<b>é ü — 日本</b>${SLOTS[0]}${SLOTS[0]}`,
    values: ["https://a.test/?q=1&r=é ü", "https://b.test/x=y"],
  },
  {
    name: "whitespace before a slot, equals signs, non-ASCII values and line breaks around slots",
    text: `trailing space \n${SLOTS[0]}\nx\t${SLOTS[1]}\n`,
    html: `<a href="${SLOTS[0]}">a</a> \n<p style="margin:0">${"é".repeat(60)}${SLOTS[1]}</p>`,
    values: ["https://a.test/ünïcödé?x==y", `https://b.test/${"z".repeat(200)}`],
  },
];

describe("prepared bodies", () => {
  for (const c of CASES) {
    it(`decode to the text and HTML with the values in place: ${c.name}`, async () => {
      const template = prepareBody({ text: c.text, html: c.html }, SLOTS);
      const body = fillBody(template, { text: c.values, html: c.values });
      const { raw, parsed } = await compose(body);
      const text = expand(c.text, c.values);
      const html = expand(c.html, c.values);
      // nodemailer and mail clients see CRLF line breaks; mailparser gives them back as LF.
      expect(parsed.text).toBe(text.replace(/\r\n/g, "\n"));
      expect(parsed.html).toBe(html.replace(/\r\n/g, "\n"));
      expect(plainBody(body)).toEqual({ text: text.replace(/\n/g, "\r\n"), html: html.replace(/\n/g, "\r\n") });
      expect(longestLine(raw)).toBeLessThanOrEqual(76);
    });
  }

  it("fills the HTML and the text with their own values", async () => {
    const template = prepareBody({ text: `see ${SLOTS[0]}`, html: `<a href="${SLOTS[0]}">x</a>` }, SLOTS);
    const body = fillBody(template, { text: ["https://a.test/?a=1&b=2", "-"], html: ["https://a.test/?a=1&amp;b=2", "-"] });
    const { parsed } = await compose(body);
    expect(parsed.text).toBe("see https://a.test/?a=1&b=2");
    expect(parsed.html).toBe('<a href="https://a.test/?a=1&amp;b=2">x</a>');
  });

  it("refuses a slot with a line break and a fill with the wrong number of values", () => {
    expect(() => prepareBody({ text: "", html: "" }, ["a\nb"])).toThrow();
    expect(() => fillBody(prepareBody({ text: "x", html: "y" }, SLOTS), { text: ["1"], html: ["1", "2"] })).toThrow();
  });
});
