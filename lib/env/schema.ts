// Every environment variable Paperboy reads, validated with zod. A wrong value
// stops start-up with a single line naming the variable. process.env itself is
// read only in lib/env/index.ts.
import { z } from "zod";

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
    message: "must be a postgres:// or postgresql:// URL",
  });

export const envSchema = z.object({
  /** A PostgreSQL server to use. Unset: the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: z.preprocess(emptyAsUnset, postgresUrl.optional()),
  /** Where the embedded database (and later, the mail outbox) keep their files. */
  DATA_DIR: z.preprocess(emptyAsUnset, z.string().default(".data")),
  /** The HTTP port `npm start` serves on. */
  PORT: z.preprocess(
    emptyAsUnset,
    z.coerce
      .number({ message: "must be a whole number from 1 to 65535" })
      .int("must be a whole number from 1 to 65535")
      .min(1, "must be a whole number from 1 to 65535")
      .max(65535, "must be a whole number from 1 to 65535")
      .default(3000),
  ),
  /** "off" starts with an empty database instead of loading the demo corpus. */
  DEMO_DATA: z.preprocess(
    emptyAsUnset,
    z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on"),
  ),
  /** Public base URL (https://papers.example.org) for absolute links in feeds and emails. Unset: the request's own origin. */
  APP_URL: z.preprocess(
    emptyAsUnset,
    z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
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
  const shown = name === "DATABASE_URL" ? "" : ` (got ${JSON.stringify(got)})`;
  throw new EnvError(`Invalid environment variable ${name}: ${issue.message}${shown}`);
}
