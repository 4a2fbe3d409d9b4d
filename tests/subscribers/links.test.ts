import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign } from "@/lib/security/signing";
import { readUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from "@/lib/subscribers/links";

const ADA = "3f2b8c1e-5a7d-4e9f-8b6a-1c2d3e4f5a6b";
const BOB = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

describe("unsubscribe tokens", () => {
  it("are '<subscriber id>.<43-character signature>', URL-safe, stable and different per subscriber", () => {
    const token = unsubscribeToken(ADA);
    expect(token).toMatch(new RegExp(`^${ADA}\\.[A-Za-z0-9_-]{43}$`));
    expect(encodeURIComponent(token)).toBe(token);
    // No expiry: an old digest's link keeps working.
    expect(unsubscribeToken(ADA)).toBe(token);
    expect(unsubscribeToken(BOB)).not.toBe(token);
    expect(unsubscribeToken(BOB).slice(BOB.length + 1)).not.toBe(token.slice(ADA.length + 1));
  });

  it("read back as the subscriber they were made for", () => {
    expect(readUnsubscribeToken(unsubscribeToken(ADA))).toBe(ADA);
    expect(readUnsubscribeToken(unsubscribeToken(BOB))).toBe(BOB);
    for (let n = 0; n < 20; n += 1) {
      const id = randomUUID();
      expect(readUnsubscribeToken(unsubscribeToken(id))).toBe(id);
    }
  });

  it("read as null after any single character is changed", () => {
    const token = unsubscribeToken(ADA);
    for (let index = 0; index < token.length; index += 1) {
      for (const replacement of [BASE64URL[(BASE64URL.indexOf(token[index]) + 1) % 64] ?? "A", "."]) {
        if (replacement === token[index]) continue;
        const tampered = `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
        expect(readUnsubscribeToken(tampered), tampered).toBeNull();
      }
    }
  });

  it("cannot be moved to another subscriber: Bob's id with Ada's signature, or the reverse, is null", () => {
    const ada = unsubscribeToken(ADA);
    const bob = unsubscribeToken(BOB);
    expect(readUnsubscribeToken(`${BOB}${ada.slice(ADA.length)}`)).toBeNull();
    expect(readUnsubscribeToken(`${ADA}${bob.slice(BOB.length)}`)).toBeNull();
  });

  it("cannot be forged with another key or another purpose's signature", () => {
    expect(readUnsubscribeToken(`${ADA}.${sign("some-other-secret-0123456789abcdef0123", "unsubscribe", ADA)}`)).toBeNull();
    expect(readUnsubscribeToken(`${ADA}.${sign(process.env.AUTH_SECRET!, "rate-limit", ADA)}`)).toBeNull();
    // The right key and purpose, for comparison: this is exactly the token.
    expect(`${ADA}.${sign(process.env.AUTH_SECRET!, "unsubscribe", ADA)}`).toBe(unsubscribeToken(ADA));
  });

  it.each([
    ["the empty string", ""],
    ["no dot", ADA],
    ["nothing before the dot", `.${unsubscribeToken(ADA).split(".")[1]}`],
    ["nothing after the dot", `${ADA}.`],
    ["a truncated signature", unsubscribeToken(ADA).slice(0, -1)],
    ["an extra character", `${unsubscribeToken(ADA)}A`],
    ["a padded signature", `${unsubscribeToken(ADA)}=`],
    ["a second token appended", `${unsubscribeToken(ADA)}.${unsubscribeToken(BOB)}`],
    ["the signature in upper case", `${ADA}.${unsubscribeToken(ADA).split(".")[1].toUpperCase()}`],
  ])("reads %s as null", (_label, token) => {
    expect(readUnsubscribeToken(token)).toBeNull();
  });

  it("unsubscribeUrl is the one-click route under the base URL", () => {
    expect(unsubscribeUrl("https://paperboy.test", ADA)).toBe(`https://paperboy.test/api/unsubscribe/${unsubscribeToken(ADA)}`);
  });
});
