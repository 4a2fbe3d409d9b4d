// A real SMTP server for tests, on 127.0.0.1 and an ephemeral port, that keeps what it
// receives (parsed by mailparser) and can misbehave on request.
//
//   const smtp = await startSmtpTestServer();
//   const mailer = createSmtpMailer({ url: smtp.url, from: "Paperboy <paperboy@test>" });
//   await mailer.send(…);
//   expect(smtp.messages[0].subject).toBe(…);
//   await smtp.close();
//
// Faults: a hook per step of the SMTP transaction returns the reply to that step.
//   onConnect: replyOnce({ code: 421 })                                       // refuse the first session
//   onMailFrom: () => ({ code: 451 })                                         // refuse every MAIL FROM
//   onRcptTo: (to) => (to.startsWith("gone@") ? { code: 550 } : undefined)   // reject one recipient
//   onData: replyOnce({ code: 451 })                                          // 451 once, then accept
//   onRcptTo: () => sleep(5_000)                                              // stall: answer late
//   onAccepted: () => smtp.stall()                                            // keep the message, never answer
// Connection refused: `await closedPortUrl()`, then `startSmtpTestServer({ port })` to bring it up.
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
  /** Listen on this port (default: an ephemeral one), e.g. one that refused connections until now. */
  port?: number;
  /** Before the 220 greeting (a stall here trips the client's greeting timeout; 421 refuses the session). */
  onConnect?: SmtpHook<[session: SMTPServerSession]>;
  /** Each MAIL FROM, with the sender address. */
  onMailFrom?: SmtpHook<[address: string, session: SMTPServerSession]>;
  /** Each RCPT TO, with the recipient address. */
  onRcptTo?: SmtpHook<[address: string, session: SMTPServerSession]>;
  /**
   * When DATA begins (the 354 is sent, the body is on its way, nothing of it read yet). A
   * reply refuses the message once it has arrived; meanwhile the client may still be writing.
   */
  onDataBegin?: SmtpHook<[session: SMTPServerSession]>;
  /** After the whole message was received (and parsed), before the final reply; a reply refuses it. */
  onData?: SmtpHook<[message: ParsedMail, session: SMTPServerSession]>;
  /**
   * The message is accepted and kept (in `messages`); the 250 is sent once this settles.
   * A stall or a dead client here is the ambiguous case: the server has the message and
   * the client never hears so.
   */
  onAccepted?: (message: ParsedMail, session: SMTPServerSession) => void | Promise<void>;
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
  /**
   * Errors of the server's connections (smtp-server's "error" event), e.g. ECONNRESET when
   * a client dies mid-transaction. Kept, not thrown: tests check they are the expected ones.
   */
  errors: NodeJS.ErrnoException[];
  /** Resolves once `count` messages were accepted; rejects after timeoutMs (default 5 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** For a hook: a promise that settles only when the server closes (a server that never answers). */
  stall(): Promise<void>;
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
  const errors: NodeJS.ErrnoException[] = [];
  const waiters = new Set<() => void>();
  let closed = false;
  const stalls = new Set<() => void>();

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
    onMailFrom(address, session, callback) {
      answer(options.onMailFrom?.(address.address, session), callback);
    },
    onRcptTo(address, session, callback) {
      answer(options.onRcptTo?.(address.address, session), callback);
    },
    onData(stream, session, callback) {
      const receive = async (): Promise<SmtpReply | void> => {
        // Read the body meanwhile, so a stalled hook leaves the client done writing.
        const parsing = simpleParser(stream);
        // A client gone mid-message fails the parse while the hook runs: awaited below.
        parsing.catch(() => {});
        const early = await options.onDataBegin?.(session);
        const parsed = await parsing;
        if (early) return early;
        const reply = await options.onData?.(parsed, session);
        if (reply) return reply;
        messages.push(parsed);
        envelopes.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        });
        for (const wake of waiters) wake();
        await options.onAccepted?.(parsed, session);
      };
      answer(receive(), callback);
    },
  });
  // Without a listener, an error event (a client reset mid-message) is an uncaught exception.
  server.on("error", (error: NodeJS.ErrnoException) => void errors.push(error));

  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as net.AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    envelopes,
    errors,
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
    stall() {
      if (closed) return Promise.resolve();
      return new Promise<void>((resolve) => stalls.add(resolve));
    },
    async close() {
      closed = true;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // The stalled hooks answer now, to connections that are gone.
      for (const release of stalls) release();
      stalls.clear();
    },
  };
}

/** An smtp:// URL nothing listens on: connecting to it is refused. */
/**
 * A test server that the app's mail goes to: starts it and points the environment lib/env
 * reads at it (SMTP_URL, MAIL_FROM, and APP_URL, the only source of links in mails). Call it
 * in vi.hoisted, before anything imports lib/env.
 */
export async function startSmtpTestServerAsMailEnv(options: SmtpTestServerOptions = {}, from = "Paperboy <hello@paperboy.test>"): Promise<SmtpTestServer> {
  const smtp = await startSmtpTestServer(options);
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = from;
  process.env.APP_URL = "https://paperboy.test";
  return smtp;
}

export async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `smtp://127.0.0.1:${port}`;
}
