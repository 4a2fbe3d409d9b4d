// The app's one mail module. Everything that sends mail goes through a Mailer.
import "server-only";
import { env } from "@/lib/env";
import { createMailer } from "./create-mailer";
import type { Mailer } from "./types";

export { createMailer, type MailEnv } from "./create-mailer";
export { MailError, type Mailer, type OutgoingMail, type SentMail } from "./types";

// Next's dev server re-evaluates modules on every edit; keeping the mailer on globalThis
// stops each reload from opening another SMTP pool (as lib/db does for its client).
const globalForMail = globalThis as unknown as { paperboyMailer?: Mailer };

/**
 * The process's mailer, from the parsed environment, created on first use (pooled when
 * SMTP). Closing it forgets it, so the next call makes a fresh one instead of handing
 * out a closed mailer.
 */
export function mailerFromEnv(): Mailer {
  if (globalForMail.paperboyMailer) return globalForMail.paperboyMailer;
  const mailer = createMailer(env);
  const shared: Mailer = {
    kind: mailer.kind,
    send: (mail) => mailer.send(mail),
    close: () => {
      if (globalForMail.paperboyMailer === shared) delete globalForMail.paperboyMailer;
      return mailer.close();
    },
  };
  globalForMail.paperboyMailer = shared;
  return shared;
}
