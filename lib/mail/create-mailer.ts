// Picks the transport from the environment: SMTP when SMTP_URL is set, otherwise the
// outbox directory (the demo default). Kept apart from index.ts so scripts and tests can
// build a mailer from any environment without the app's process-wide one.
import path from "node:path";
import type { Env } from "@/lib/env/schema";
import { createOutboxMailer } from "./outbox-mailer";
import { createSmtpMailer, type SmtpTimeouts } from "./smtp-mailer";
import type { Mailer } from "./types";

export type MailEnv = Pick<Env, "SMTP_URL" | "MAIL_FROM" | "DATA_DIR">;

/**
 * `pool` (default true) keeps up to 5 SMTP connections open for a batch such as the digest;
 * `timeouts` replace DEFAULT_SMTP_TIMEOUTS (tests of stalling servers shorten them).
 */
export function createMailer(env: MailEnv, options: { pool?: boolean; timeouts?: Partial<SmtpTimeouts> } = {}): Mailer {
  if (env.SMTP_URL) return createSmtpMailer({ url: env.SMTP_URL, from: env.MAIL_FROM, pool: options.pool ?? true, timeouts: options.timeouts });
  return createOutboxMailer({ dir: path.join(env.DATA_DIR, "outbox"), from: env.MAIL_FROM });
}
