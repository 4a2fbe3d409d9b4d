import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env/schema";

describe("parseEnv", () => {
  it("gives the documented defaults for an empty environment", () => {
    expect(parseEnv({})).toEqual({ DATABASE_URL: undefined, DATA_DIR: ".data", PORT: 3000, DEMO_DATA: "on", TRENDING_MAX_AGE_DAYS: 14, APP_URL: undefined });
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "", DEMO_DATA: "" })).toMatchObject({ DATABASE_URL: undefined, PORT: 3000, DEMO_DATA: "on" });
  });

  it("accepts postgres:// and postgresql:// URLs and coerces PORT", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/x", PORT: "8080", DEMO_DATA: "off" })).toMatchObject({
      DATABASE_URL: "postgres://u:p@db:5432/x",
      PORT: 8080,
      DEMO_DATA: "off",
    });
    expect(parseEnv({ DATABASE_URL: "postgresql://localhost/paperboy" }).DATABASE_URL).toBe("postgresql://localhost/paperboy");
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid environment variable PORT: must be a whole number from 1 to 65535 \(got "abc"\)$/],
    [{ PORT: "70000" }, /^Invalid environment variable PORT: /],
    [{ PORT: "3.5" }, /^Invalid environment variable PORT: /],
    [{ TRENDING_MAX_AGE_DAYS: "0" }, /^Invalid environment variable TRENDING_MAX_AGE_DAYS: must be a whole number of days from 1 to 365 \(got "0"\)$/],
    [{ APP_URL: "ftp://example.org" }, /^Invalid environment variable APP_URL: must be an http:\/\/ or https:\/\/ URL/],
    [{ DEMO_DATA: "yes" }, /^Invalid environment variable DEMO_DATA: must be "on" or "off" \(got "yes"\)$/],
    [{ DATABASE_URL: "mysql://localhost/db" }, /^Invalid environment variable DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL$/],
  ])("rejects %o with one line naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("drops a trailing slash from APP_URL", () => {
    expect(parseEnv({ APP_URL: "https://papers.example.org/" }).APP_URL).toBe("https://papers.example.org");
  });

  it("never echoes DATABASE_URL, which may hold a password", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://admin:hunter2@db/x" })).toThrow(/^(?!.*hunter2)/);
  });
});
