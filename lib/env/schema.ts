// Every environment variable Paperboy reads, validated with zod. A wrong value
// stops start-up with a single line naming the variable. process.env itself is
// read only in lib/env/index.ts.
import { z } from "zod";
import { emptyAsUnset, wholeNumberParam } from "@/lib/validation/params";
import { parseMailbox } from "@/lib/mail/mailbox";
import { ARXIV_CATEGORY } from "@/lib/papers/categories";


const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
    message: "must be a postgres:// or postgresql:// URL",
  });

// Host and optional port and login only: no path, and no query, because nodemailer would
// read query keys as options (?tls.rejectUnauthorized=false).
const smtpUrl = z.string().refine(
  (value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return /^smtps?:$/.test(url.protocol) && url.hostname !== "" && /^\/?$/.test(url.pathname) && !url.search && !url.hash;
  },
  { message: "must be an smtp:// or smtps:// URL: smtp://user:password@host:port" },
);

const cronOrOff = (defaultValue: string) =>
  z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^(off|(\S+\s+){4}\S+)$/, 'must be a cron expression of five fields, like "0 7 * * *", or "off"')
      .default(defaultValue),
  );

/** "a, b,c" -> ["a", "b", "c"], each checked against `item`; empty entries dropped. */
const commaList = <T extends z.ZodType<string, string>>(item: T, defaultValue: string) =>
  z.preprocess(
    emptyAsUnset,
    z
      .string()
      .default(defaultValue)
      .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(item).min(1, "must list at least one value")),
  );

export const envSchema = z.object({
  /** A PostgreSQL server to use. Unset: the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyAsUnset, postgresUrl.optional()),
  /** Where the embedded database (and later, the mail outbox) keep their files. */
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().default(".data")),
  /** The HTTP port `npm start` serves on. */
  PORT: wholeNumberParam(1, 65535, 3000),
  /** "off" starts with an empty database instead of loading the demo corpus. */
  DEMO_DATA: z.preprocess(
    emptyAsUnset,
    z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
  ),
  /**
   * "off" disables every rate limit (subscribe, sign-in, vote, search): for benchmarks and
   * load tests from one address only. Keep it "on" in production.
   */
  RATE_LIMITS: z.preprocess(emptyAsUnset, z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on")),
  /** Public base URL (https://papers.example.org) for absolute links in feeds and emails. Unset: the request's own origin. */
  APP_URL: z.preprocess(
    emptyAsUnset,
    z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  ),
  /** The SMTP server mail goes through, with its login. Unset: mail is written as .eml files to DATA_DIR/outbox. */
  SMTP_URL: z.preprocess(emptyAsUnset, smtpUrl.optional()),
  /** The From of every mail: "Name <address>" or "address". */
  MAIL_FROM: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .refine((value) => parseMailbox(value) !== null, { message: 'must be one mailbox, "Name <address@domain>" or "address@domain"' })
      .default("Paperboy <paperboy@localhost>"),
  ),
  /**
   * Signs unsubscribe links and keys rate limits. Unset: `npm start` generates one and
   * keeps it in DATA_DIR/auth-secret. At least 32 characters.
   */
  AUTH_SECRET: z.preprocess(emptyAsUnset, z.string().min(32, "must be at least 32 characters").optional()),
  /** Bearer token for /api/cron/*. Unset: those routes answer 503. At least 16 characters. */
  CRON_SECRET: z.preprocess(emptyAsUnset, z.string().min(16, "must be at least 16 characters").optional()),
  /** How many trending papers the daily digest lists. */
  DIGEST_SIZE: wholeNumberParam(1, 50, 10),
  /**
   * Digest messages one run worker keeps in flight to the SMTP server. Also the most a
   * crash of that worker can leave ambiguous (accepted but not recorded), so re-sent.
   */
  DIGEST_CONCURRENCY: wholeNumberParam(1, 50, 10),
  /** When the app itself starts the daily digest (cron, UTC), through pg-boss; "off" leaves it to /api/cron/digest. */
  DIGEST_CRON: cronOrOff("0 7 * * *"),
  /** When the app fetches new papers from INGEST_SOURCES (cron, UTC); before the digest. "off": only /api/cron/ingest. */
  INGEST_CRON: cronOrOff("0 6 * * *"),
  /** Sources the scheduled ingest reads: arxiv, hf-daily (comma-separated). */
  INGEST_SOURCES: commaList(z.enum(["arxiv", "hf-daily"], { message: 'each must be "arxiv" or "hf-daily"' }), "arxiv,hf-daily"),
  /** arXiv categories the arxiv source fetches. */
  ARXIV_CATEGORIES: commaList(
    z.string().regex(ARXIV_CATEGORY, 'each must be an arXiv category like "cs.LG"'),
    "cs.LG,cs.CL,cs.CV,cs.AI,stat.ML",
  ),
  /** The arXiv API endpoint (a mirror or a test server may stand in). */
  ARXIV_API_URL: z.preprocess(emptyAsUnset, z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).default("https://export.arxiv.org/api/query")),
  /** The Hugging Face daily-papers API endpoint. */
  HF_DAILY_PAPERS_URL: z.preprocess(
    emptyAsUnset,
    z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).default("https://huggingface.co/api/daily_papers"),
  ),
  /** Papers older than this many days leave the Today and This week trending lists. */
  TRENDING_MAX_AGE_DAYS: z.preprocess(
    emptyAsUnset,
    z.coerce
      .number({ message: "must be a whole number of days from 1 to 365" })
      .int("must be a whole number of days from 1 to 365")
      .min(1, "must be a whole number of days from 1 to 365")
      .max(365, "must be a whole number of days from 1 to 365")
      .default(14),
  ),
});

export type Env = z.infer<typeof envSchema>;

const SECRET_VARIABLES = new Set(["DATABASE_URL", "SMTP_URL", "AUTH_SECRET", "CRON_SECRET"]);

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment; throws an EnvError whose message is one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0]);
  const got = source[name];
  // These hold passwords or secrets: never echo them.
  const shown = SECRET_VARIABLES.has(name) ? "" : ` (got ${JSON.stringify(got)})`;
  throw new EnvError(`Invalid environment variable ${name}: ${issue.message}${shown}`);
}
