// With no SMTP server configured (the demo), every message becomes an .eml file under
// <DATA_DIR>/outbox: the exact bytes an SMTP server would have received, built by
// nodemailer's own MIME composer, so it opens in any mail client and tests parse it
// like a delivered mail.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { createTransport } from "nodemailer";
import { closableMailer } from "./closable-mailer";
import { toMailError } from "./errors";
import { senderMailbox } from "./mailbox";
import { toNodemailerMessage } from "./message";
import type { Mailer, OutgoingMail, SentMail } from "./types";

export type OutboxMailerOptions = {
  /** The outbox directory, <DATA_DIR>/outbox; created on first send. */
  dir: string;
  /** The From mailbox, MAIL_FROM. */
  from: string;
  /** Where the one line per message goes; console.info by default. */
  log?: (line: string) => void;
};

/**
 * The recipient part of an outbox file name: a short hash, because addresses never
 * appear in file names or logs. Tests compute it to find one recipient's mail.
 */
export function outboxRecipientTag(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase()).digest("hex").slice(0, 12);
}

// Orders the files of one process that share a millisecond; the random part keeps two
// processes (app and a cron script) from ever picking the same name.
let sequence = 0;

function fileName(address: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  sequence = (sequence + 1) % 1_000_000;
  const counter = String(sequence).padStart(6, "0");
  return `${stamp}-${counter}-${randomBytes(3).toString("hex")}-${outboxRecipientTag(address)}.eml`;
}

export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  const from = senderMailbox(options.from);
  const dir = path.resolve(options.dir);
  const log = options.log ?? ((line: string) => console.info(line));
  // streamTransport only composes: the message comes back as one Buffer, nothing is sent.
  const composer = createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  let ready: Promise<unknown> | undefined;

  async function write(mail: OutgoingMail): Promise<SentMail> {
    const message = toNodemailerMessage(mail, from);
    try {
      const info = await composer.sendMail(message);
      ready ??= mkdir(dir, { recursive: true });
      await ready;
      const file = path.join(dir, fileName(info.envelope.to[0] ?? "", new Date()));
      // Written under a temporary name first, so a reader never sees half a message.
      const partial = path.join(dir, `.${path.basename(file)}.partial`);
      await writeFile(partial, info.message as Buffer, { flag: "wx" });
      await rename(partial, file);
      log(`[mail] wrote ${file}`);
      return { messageId: info.messageId, destination: file };
    } catch (error) {
      ready = undefined; // the directory may have been removed: try creating it again next time
      throw toMailError(error);
    }
  }

  return closableMailer("outbox", write, () => composer.close());
}
