// A real SMTP server for tests, on 127.0.0.1 and an ephemeral port, that keeps what it
// receives (parsed by mailparser) and can misbehave on request.
//
//   const smtp = await startSmtpTestServer();
//   const mailer = createSmtpMailer({ url: smtp.url, from: "Paperboy <paperboy@test>" });
//   await mailer.send(…);
//   expect(smtp.messages[0].subject).toBe(…);
//   await smtp.close();
//
// Faults: a hook returns the reply for one command.
//   onRcptTo: (to) => (to.startsWith("gone@") ? { code: 550 } : undefined)   // reject one recipient
//   onData: replyOnce({ code: 451 })                                          // 451 once, then accept
//   onRcptTo: () => sleep(5_000)                                              // stall: answer late
// Connection refused: `await closedPortUrl()`.
import { once } from "node:events";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerError, type SMTPServerSession } from "smtp-server";

export { sleep };

/** A refusal: the SMTP reply code (4xx temporary, 5xx permanent) and optional text. */
export type SmtpReply = { code: number; message?: string };

/**
 * Decides the reply to one command: undefined accepts, an SmtpReply refuses. It may be
 * async; the server does not answer until it settles, which is how a stall is made.
 */
export type SmtpHook<Args extends unknown[]> = (...args: Args) => SmtpReply | void | Promise<SmtpReply | void>;

export type SmtpTestServerOptions = {
  /** Before the 220 greeting (a stall here trips the client's greeting timeout). */
  onConnect?: SmtpHook<[session: SMTPServerSession]>;
  /** Each RCPT TO, with the recipient address. */
  onRcptTo?: SmtpHook<[address: string, session: SMTPServerSession]>;
  /** After the whole message was received (and parsed), before the final reply. */
  onData?: SmtpHook<[message: ParsedMail, session: SMTPServerSession]>;
};

/** The SMTP envelope of an accepted message. */
export type SmtpEnvelope = { from: string; to: string[] };

export type SmtpTestServer = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL or createSmtpMailer. */
  url: string;
  port: number;
  /** Accepted messages, in the order their DATA finished. */
  messages: ParsedMail[];
  /** The envelope of each message, same order as messages. */
  envelopes: SmtpEnvelope[];
  /** Resolves once `count` messages were accepted; rejects after timeoutMs (default 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Stops listening and drops open connections, stalled ones included. */
  close(): Promise<void>;
};

/** A hook that gives `reply` the first `times` calls, then accepts. */
export function replyOnce(reply: SmtpReply, times = 1): () => SmtpReply | undefined {
  let left = times;
  return () => (left-- > 0 ? reply : undefined);
}

function toError(reply: SmtpReply | void): SMTPServerError | null {
  if (!reply) return null;
  const error: SMTPServerError = new Error(reply.message ?? `Test server refuses with ${reply.code}`);
  error.responseCode = reply.code;
  return error;
}

function answer(result: SmtpReply | void | Promise<SmtpReply | void>, callback: (err?: Error | null) => void): void {
  Promise.resolve(result).then(
    (reply) => callback(toError(reply)),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
  );
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const messages: ParsedMail[] = [];
  const envelopes: SmtpEnvelope[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    // Connections left open (a pool, a stalled client) are dropped at once on close().
    closeTimeout: 10,
    onConnect(session, callback) {
      answer(options.onConnect?.(session), callback);
    },
    onRcptTo(address, session, callback) {
      answer(options.onRcptTo?.(address.address, session), callback);
    },
    onData(stream, session, callback) {
      const receive = async (): Promise<SmtpReply | void> => {
        const parsed = await simpleParser(stream);
        const reply = await options.onData?.(parsed, session);
        if (reply) return reply;
        messages.push(parsed);
        envelopes.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        });
        for (const wake of waiters) wake();
      };
      answer(receive(), callback);
    },
  });

  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as net.AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    envelopes,
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve(messages);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`SMTP test server: ${messages.length} of ${count} messages after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** An smtp:// URL nothing listens on: connecting to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `smtp://127.0.0.1:${port}`;
}
