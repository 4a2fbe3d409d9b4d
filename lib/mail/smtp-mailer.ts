// Sends through an SMTP server named by SMTP_URL. Built from explicit options rather than
// nodemailer's own URL parser, which turns query keys into options
// (?tls.rejectUnauthorized=false would switch certificate checks off): TLS verification
// stays on, always.
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { PassThrough, type Readable } from "node:stream";
import { createTransport, type SendMailOptions, type SMTPPoolOptions, type SMTPTransportOptions } from "nodemailer";
import { closableMailer } from "./closable-mailer";
import { toMailError } from "./errors";
import { senderMailbox } from "./mailbox";
import { toNodemailerMessage } from "./message";
import { MailError, type Mailer, type OutgoingMail, type SentMail } from "./types";

export type SmtpTimeouts = {
  /** Opening the TCP (or TLS) connection. */
  connectionMs: number;
  /** Waiting for the server's 220 greeting once connected. */
  greetingMs: number;
  /** Silence on an open connection, such as a server that never answers RCPT TO. */
  socketMs: number;
};

/** Bounded, so a stalled server fails a send in well under a minute instead of nodemailer's 2–10 minutes. */
export const DEFAULT_SMTP_TIMEOUTS: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

export type SmtpMailerOptions = {
  /** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start). */
  url: string;
  /** The From mailbox, MAIL_FROM. */
  from: string;
  /** Reuse up to 5 connections (digests); false opens one connection per message. */
  pool?: boolean;
  timeouts?: Partial<SmtpTimeouts>;
};

/**
 * Whether the connection read the whole message: from then on the end of DATA is on its
 * way, and a failure without a reply leaves the server maybe holding it (MailError.ambiguous).
 * Before that, the server cannot have the message: its end marker was never sent.
 */
type Handover = { complete: boolean };
/** nodemailer copies a message's own keys into the plugins' `mail.data`, this one included. */
const HANDOVER = "paperboyHandover";
type TrackedMessage = SendMailOptions & { baseBoundary?: string; [HANDOVER]?: Handover };

/** A "stream" plugin: marks the handover complete once the message's stream has been read to its end. */
const noteHandover = (mail: { data: TrackedMessage; message: { processFunc(fn: (input: Readable) => Readable): void } }, done: (err?: Error | null) => void) => {
  const handover = mail.data[HANDOVER];
  if (handover) {
    mail.message.processFunc((input) => {
      input.once("end", () => (handover.complete = true));
      return input;
    });
  }
  done();
};

/**
 * A "stream" plugin: hands the message to the connection as one chunk. nodemailer writes
 * each MIME node's headers, boundaries and content as chunks of their own, each its own
 * socket write (a system call, ~7 per message); messages here are complete strings of
 * some 20 KB, so holding one whole costs nothing and saves the calls.
 */
const inOneWrite = (mail: { message: { processFunc(fn: (input: Readable) => Readable): void } }, done: (err?: Error | null) => void) => {
  mail.message.processFunc((input) => {
    const whole = new PassThrough();
    const chunks: Buffer[] = [];
    input.on("data", (chunk: Buffer | string) => chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk));
    input.once("end", () => whole.end(Buffer.concat(chunks)));
    input.once("error", (error) => whole.destroy(error));
    return whole;
  });
  done();
};

type ConnectionOptions = Pick<SMTPTransportOptions, "host" | "port" | "secure" | "requireTLS" | "auth">;

/** Host, port, TLS mode and login from an smtp:// or smtps:// URL; throws a message that never quotes it. */
export function smtpConnectionFromUrl(value: string): ConnectionOptions {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("SMTP_URL is not a URL");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("SMTP_URL must be smtp:// or smtps://");
  if (!url.hostname) throw new Error("SMTP_URL has no host");
  const secure = url.protocol === "smtps:";
  // WHATWG URL keeps IPv6 brackets in hostname; net.connect wants them off.
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const user = decodeURIComponent(url.username);
  const auth = user || url.password ? { user, pass: decodeURIComponent(url.password) } : undefined;
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // A password never crosses the network in clear: demand STARTTLS unless the server is this machine.
    requireTLS: !secure && auth !== undefined && !isLoopback(host),
    auth,
  };
}

function isLoopback(host: string): boolean {
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  return host === "::1";
}

export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const from = senderMailbox(options.from);
  const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...options.timeouts };
  const common: SMTPTransportOptions = {
    ...smtpConnectionFromUrl(options.url),
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    dnsTimeout: timeouts.connectionMs,
    tls: { rejectUnauthorized: true, minVersion: "TLSv1.2" },
    // Messages are complete strings: never let one read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    // nodemailer's logger would print envelopes (addresses); ours logs nothing.
    logger: false,
  };
  const pooled: SMTPPoolOptions & { pool: true } = { ...common, pool: true, maxConnections: 5, maxMessages: 100 };
  const transporter = options.pool === false ? createTransport(common) : createTransport(pooled);
  // In this order: the handover is complete once the connection has read the one chunk.
  transporter.use("stream", inOneWrite);
  transporter.use("stream", noteHandover);

  async function deliver(mail: OutgoingMail): Promise<SentMail> {
    const handover: Handover = { complete: false };
    // The multipart boundary's random part, from randomUUID's batched entropy: left to itself,
    // nodemailer draws crypto.randomBytes for every MIME node (~30 µs each here, three a message).
    const baseBoundary = randomUUID().replaceAll("-", "");
    const message: TrackedMessage = { ...toNodemailerMessage(mail, from), baseBoundary, [HANDOVER]: handover };
    try {
      const info = await transporter.sendMail(message);
      // One recipient per message, so a rejection normally fails the send; this is the safety net.
      if (info.rejected.length > 0) {
        throw new MailError("mail not sent: the SMTP server rejected the recipient", { temporary: false, code: "EENVELOPE" });
      }
      return { messageId: info.messageId, destination: "smtp" };
    } catch (error) {
      throw toMailError(error, { handedOver: handover.complete });
    }
  }

  return closableMailer("smtp", deliver, () => transporter.close());
}
