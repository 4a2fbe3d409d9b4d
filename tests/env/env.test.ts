import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env/schema";

describe("parseEnv", () => {
  it("gives the documented defaults for an empty environment", () => {
    expect(parseEnv({})).toEqual({
      DATABASE_URL: undefined,
      DATA_DIR: ".data",
      PORT: 3000,
      DEMO_DATA: "on",
      RATE_LIMITS: "on",
      TRENDING_MAX_AGE_DAYS: 14,
      DIGEST_CRON: "0 7 * * *",
      APP_URL: undefined,
      SMTP_URL: undefined,
      MAIL_FROM: "Paperboy <paperboy@localhost>",
      AUTH_SECRET: undefined,
      CRON_SECRET: undefined,
      DIGEST_SIZE: 10,
      DIGEST_CONCURRENCY: 10,
      INGEST_CRON: "0 6 * * *",
      INGEST_SOURCES: ["arxiv", "hf-daily"],
      ARXIV_CATEGORIES: ["cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML"],
      ARXIV_API_URL: "https://export.arxiv.org/api/query",
      HF_DAILY_PAPERS_URL: "https://huggingface.co/api/daily_papers",
    });
  });

  it("reads comma-separated ingest lists, ignoring spaces and empty entries", () => {
    expect(parseEnv({ INGEST_SOURCES: " hf-daily ,", ARXIV_CATEGORIES: "cs.LG, math.OC" })).toMatchObject({
      INGEST_SOURCES: ["hf-daily"],
      ARXIV_CATEGORIES: ["cs.LG", "math.OC"],
    });
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "", DEMO_DATA: "", SMTP_URL: "", MAIL_FROM: "" })).toMatchObject({
      DATABASE_URL: undefined,
      PORT: 3000,
      DEMO_DATA: "on",
      SMTP_URL: undefined,
      MAIL_FROM: "Paperboy <paperboy@localhost>",
    });
  });

  it("accepts postgres:// and postgresql:// URLs and coerces PORT", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/x", PORT: "8080", DEMO_DATA: "off" })).toMatchObject({
      DATABASE_URL: "postgres://u:p@db:5432/x",
      PORT: 8080,
      DEMO_DATA: "off",
    });
    expect(parseEnv({ DATABASE_URL: "postgresql://localhost/paperboy" }).DATABASE_URL).toBe("postgresql://localhost/paperboy");
  });

  it("RATE_LIMITS is on unless set to off", () => {
    expect(parseEnv({ RATE_LIMITS: "off" }).RATE_LIMITS).toBe("off");
    expect(parseEnv({ RATE_LIMITS: "" }).RATE_LIMITS).toBe("on");
  });

  it.each([
    [{ PORT: "abc" }, /^Invalid environment variable PORT: must be a whole number from 1 to 65535 \(got "abc"\)$/],
    [{ PORT: "70000" }, /^Invalid environment variable PORT: /],
    [{ PORT: "3.5" }, /^Invalid environment variable PORT: /],
    [{ TRENDING_MAX_AGE_DAYS: "0" }, /^Invalid environment variable TRENDING_MAX_AGE_DAYS: must be a whole number of days from 1 to 365 \(got "0"\)$/],
    [{ APP_URL: "ftp://example.org" }, /^Invalid environment variable APP_URL: must be an http:\/\/ or https:\/\/ URL/],
    [{ INGEST_SOURCES: "arxiv,rss" }, /^Invalid environment variable INGEST_SOURCES: each must be "arxiv" or "hf-daily" \(got "arxiv,rss"\)$/],
    [{ INGEST_SOURCES: " , " }, /^Invalid environment variable INGEST_SOURCES: must list at least one value/],
    [{ ARXIV_CATEGORIES: "cs.LG;cs.CL" }, /^Invalid environment variable ARXIV_CATEGORIES: each must be an arXiv category/],
    [{ INGEST_CRON: "daily" }, /^Invalid environment variable INGEST_CRON: must be a cron expression/],
    [{ DIGEST_CRON: "every day" }, /^Invalid environment variable DIGEST_CRON: must be a cron expression of five fields/],
    [{ DIGEST_CONCURRENCY: "0" }, /^Invalid environment variable DIGEST_CONCURRENCY: must be a whole number from 1 to 50 \(got "0"\)$/],
    [{ DIGEST_CONCURRENCY: "51" }, /^Invalid environment variable DIGEST_CONCURRENCY: must be a whole number from 1 to 50/],
    [{ DIGEST_CONCURRENCY: "2.5" }, /^Invalid environment variable DIGEST_CONCURRENCY: must be a whole number from 1 to 50/],
    [{ DEMO_DATA: "yes" }, /^Invalid environment variable DEMO_DATA: must be "on" or "off" \(got "yes"\)$/],
    [{ RATE_LIMITS: "no" }, /^Invalid environment variable RATE_LIMITS: must be "on" or "off" \(got "no"\)$/],
    [{ DATABASE_URL: "mysql://localhost/db" }, /^Invalid environment variable DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL$/],
    [{ SMTP_URL: "http://mail.example.org" }, /^Invalid environment variable SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL: smtp:\/\/user:password@host:port$/],
    [{ SMTP_URL: "mail.example.org:587" }, /^Invalid environment variable SMTP_URL: /],
    [{ SMTP_URL: "smtp://" }, /^Invalid environment variable SMTP_URL: /],
    [{ SMTP_URL: "smtp://mail.example.org:70000" }, /^Invalid environment variable SMTP_URL: /],
    [{ SMTP_URL: "smtp://mail.example.org/relay" }, /^Invalid environment variable SMTP_URL: /],
    [{ SMTP_URL: "smtps://mail.example.org?tls.rejectUnauthorized=false" }, /^Invalid environment variable SMTP_URL: /],
    [{ MAIL_FROM: "paperboy" }, /^Invalid environment variable MAIL_FROM: must be one mailbox, "Name <address@domain>" or "address@domain" \(got "paperboy"\)$/],
    [{ MAIL_FROM: "Paperboy <paperboy@example.org>\r\nBcc: x@example.org" }, /^Invalid environment variable MAIL_FROM: [^\r\n]*$/],
    [{ MAIL_FROM: "Paperboy\n <paperboy@example.org>" }, /^Invalid environment variable MAIL_FROM: /],
    [{ MAIL_FROM: "a@example.org, b@example.org" }, /^Invalid environment variable MAIL_FROM: /],
    [{ MAIL_FROM: "Paperboy <paperboy@example.org" }, /^Invalid environment variable MAIL_FROM: /],
  ])("rejects %o with one line naming the variable", (source, message) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(message);
  });

  it("reads DIGEST_CONCURRENCY, the digest's sends in flight (and most messages a crash re-sends)", () => {
    expect(parseEnv({ DIGEST_CONCURRENCY: "1" }).DIGEST_CONCURRENCY).toBe(1);
    expect(parseEnv({ DIGEST_CONCURRENCY: " 50 " }).DIGEST_CONCURRENCY).toBe(50);
    expect(parseEnv({ DIGEST_CONCURRENCY: "" }).DIGEST_CONCURRENCY).toBe(10);
  });

  it("drops a trailing slash from APP_URL", () => {
    expect(parseEnv({ APP_URL: "https://papers.example.org/" }).APP_URL).toBe("https://papers.example.org");
  });

  it("never echoes DATABASE_URL, which may hold a password", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://admin:hunter2@db/x" })).toThrow(/^(?!.*hunter2)/);
  });

  it("never echoes SMTP_URL, which holds the SMTP password", () => {
    expect(() => parseEnv({ SMTP_URL: "smtps://apikey:hunter2@mail.example.org?debug=true" })).toThrow(EnvError);
    expect(() => parseEnv({ SMTP_URL: "smtps://apikey:hunter2@mail.example.org?debug=true" })).toThrow(/^(?!.*hunter2)/);
  });

  it("accepts smtp:// and smtps:// URLs with or without login and port", () => {
    for (const url of ["smtp://127.0.0.1:2525", "smtps://apikey:s3cr%40t@smtp.example.org:465", "smtp://mail.example.org/", "smtp://[::1]:25"]) {
      expect(parseEnv({ SMTP_URL: url }).SMTP_URL).toBe(url);
    }
  });

  it("accepts MAIL_FROM with or without a display name", () => {
    for (const from of ["paperboy@example.org", "Paperboy <paperboy@example.org>", '"Paperboy, daily" <paperboy@example.org>', "<paperboy@example.org>", "Pâperboy Dïgest <digest@papers.example.org>"]) {
      expect(parseEnv({ MAIL_FROM: from }).MAIL_FROM).toBe(from);
    }
  });
});
