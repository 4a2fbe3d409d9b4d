import { describe, expect, it } from "vitest";
import { emailSchema, MAX_EMAIL_LENGTH } from "@/lib/subscribers/email";

const INVALID = "Enter a valid email address, like name@example.org.";
const LINE_BREAK = "An email address cannot contain line breaks.";

function parse(value: unknown): { ok: true; value: string } | { ok: false; errors: string[] } {
  const result = emailSchema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: result.error.issues.map((issue) => issue.message) };
}

describe("emailSchema", () => {
  it.each([
    ["ada@example.org", "ada@example.org"],
    ["  ada@example.org\t", "ada@example.org"],
    ["Ada.Lovelace@Example.ORG", "ada.lovelace@example.org"],
    // Plus-addressing is the person's choice of address: kept.
    ["me+papers@example.org", "me+papers@example.org"],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ["first.last@sub.example.co.uk", "first.last@sub.example.co.uk"],
    // IDN domains are stored in ASCII (punycode), however they were typed.
    ["user@bücher.example", "user@xn--bcher-kva.example"],
    ["user@BÜCHER.example", "user@xn--bcher-kva.example"],
    ["user@xn--bcher-kva.example", "user@xn--bcher-kva.example"],
    ["x@münchen.de", "x@xn--mnchen-3ya.de"],
    // A line break at either end is only whitespace, and trimmed away.
    ["ada@example.org\r\n", "ada@example.org"],
  ])("accepts %j as %j", (input, output) => {
    expect(parse(input)).toEqual({ ok: true, value: output });
  });

  it.each([
    "a@b.c\r\nBcc: x@y.z",
    "ada@example.org\nBcc: victim@example.org",
    "ada@example.org\rBcc: victim@example.org",
    "ada\n@example.org",
  ])("refuses a line break inside %j (header injection)", (input) => {
    expect(parse(input)).toEqual({ ok: false, errors: [LINE_BREAK] });
  });

  it.each([
    ["no @", "ada.example.org"],
    ["nothing before @", "@example.org"],
    ["nothing after @", "ada@"],
    ["no dot in the domain", "ada@localhost"],
    ["two @", "ada@bob@example.org"],
    ["a display name", "Ada <ada@example.org>"],
    ["two addresses", "ada@example.org, bob@example.org"],
    ["a space", "ada lovelace@example.org"],
    ["a NUL", "ada\u0000@example.org"],
    ["a leading dot", ".ada@example.org"],
    ["two dots", "ada..l@example.org"],
    ["an IP literal", "ada@[127.0.0.1]"],
    ["an underscore in the domain", "ada@ex_ample.org"],
    ["a domain starting with a hyphen", "ada@-example.org"],
    ["non-ASCII in the local part", "ädä@example.org"],
    ["the empty string", ""],
    ["whitespace only", "   "],
  ])("refuses %s", (_label, input) => {
    expect(parse(input)).toEqual({ ok: false, errors: [INVALID] });
  });

  it("refuses a value that is not a string", () => {
    for (const value of [undefined, null, 42, ["ada@example.org"], { email: "ada@example.org" }]) {
      expect(parse(value)).toEqual({ ok: false, errors: ["Enter an email address."] });
    }
  });

  describe("length limits", () => {
    const local64 = "l".repeat(64);
    // 64 + 1 + 63 + 1 + 63 + 1 + 57 + 4 = 254
    const longest = `${local64}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(57)}.org`;

    it("takes the longest address SMTP can carry: 254 characters", () => {
      expect(MAX_EMAIL_LENGTH).toBe(254);
      expect(longest).toHaveLength(254);
      expect(parse(longest)).toEqual({ ok: true, value: longest });
    });

    it("refuses 255 and 320 characters, and a local part over 64", () => {
      const over = `${local64}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(58)}.org`;
      expect(over).toHaveLength(255);
      expect(parse(over)).toEqual({ ok: false, errors: [INVALID] });
      const huge = `${local64}@${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(59)}.org`;
      expect(huge).toHaveLength(320);
      expect(parse(huge)).toEqual({ ok: false, errors: [INVALID] });
      expect(parse(`${"l".repeat(65)}@example.org`)).toEqual({ ok: false, errors: [INVALID] });
    });

    it("counts the length after punycode: an IDN that grows past 254 is refused", () => {
      // 22 CJK characters: a label of 63 ASCII characters in punycode (the most a label may have).
      const label = Array.from({ length: 22 }, (_, n) => String.fromCharCode(0x4e00 + n * 97)).join("");
      const typed = `${local64}@${label}.${label}.${label}.example`;
      // 64 + 1 + 3 × (63 + 1) + 7 = 264 once in ASCII.
      expect(typed.length).toBeLessThanOrEqual(254);
      expect(parse(typed)).toEqual({ ok: false, errors: [INVALID] });
    });
  });

  // Regression test for a fixed bug (lib/subscribers/email.ts): the address is converted to punycode and then
  // checked with zod's z.email(), whose pattern only takes a top-level domain of letters
  // ([A-Za-z]{2,}). Every internationalised TLD is an "xn--…" label (.рф is xn--p1ai,
  // .中国 xn--fiqs8s), so these addresses are refused although the schema promises IDN
  // support. Fix: validate with z.email({ pattern: … }) whose TLD part also allows
  // xn--[a-z0-9-]+ (e.g. (?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]{2,59})$).
  it("accepts an internationalised top-level domain, in punycode", () => {
    expect(parse("user@пример.рф")).toEqual({ ok: true, value: "user@xn--e1afmkfd.xn--p1ai" });
  });
});
