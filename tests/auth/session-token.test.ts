import { describe, expect, it } from "vitest";
import { SESSION_DAYS, createSessionToken, readSessionToken } from "@/lib/auth/session-token";

const secret = "a-test-secret-that-is-long-enough-000000";
const now = new Date("2026-11-23T12:00:00Z");

describe("session tokens", () => {
  it("round-trips the subscriber id until the token expires", () => {
    const token = createSessionToken(secret, "sub-1", now);
    expect(readSessionToken(secret, token, now)).toBe("sub-1");
    const justBefore = new Date(now.getTime() + SESSION_DAYS * 86_400_000 - 1000);
    expect(readSessionToken(secret, token, justBefore)).toBe("sub-1");
    const after = new Date(now.getTime() + SESSION_DAYS * 86_400_000 + 1000);
    expect(readSessionToken(secret, token, after)).toBeNull();
  });

  it("refuses tokens that were edited, swapped or signed with another secret", () => {
    const token = createSessionToken(secret, "sub-1", now);
    const [, expires, signature] = token.split(".");
    expect(readSessionToken(secret, `sub-2.${expires}.${signature}`, now)).toBeNull();
    expect(readSessionToken(secret, `sub-1.${Number(expires) + 86_400}.${signature}`, now)).toBeNull();
    expect(readSessionToken("another-secret-that-is-long-enough-0000", token, now)).toBeNull();
    expect(readSessionToken(secret, `${token}.extra`, now)).toBeNull();
    expect(readSessionToken(secret, "garbage", now)).toBeNull();
  });
});
