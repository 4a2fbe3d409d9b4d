// Maps nodemailer's errors to MailError: may the caller try this recipient again later?
// "Permanent" makes the caller give up on a recipient, so it is kept for verdicts on the
// message or recipient: a 5yz reply to MAIL FROM, RCPT TO or DATA (RFC 5321: 4yz is
// transient), or a message that could never be sent as it is. A failure of the session
// itself (connection, timeout, TLS, login, a refusing greeting) says nothing about the
// recipient, even with a 5yz code (535 bad password), so it is temporary.
// One failure is neither: the session broke without a reply after the whole message had
// gone out (the server stalls or drops the connection after DATA). The server may have
// accepted it, so it is "ambiguous": temporary, and a retry may deliver it twice.
import type { NodemailerError } from "nodemailer";
import { MailError } from "./types";

// Failures of the connection or our configuration: temporary whatever the reply code.
const SESSION_CODES = new Set([
  "ECONNECTION", "ESOCKET", "ETIMEDOUT", "EDNS", "ETLS", "EREQUIRETLS", "EPROTOCOL",
  "EAUTH", "ENOAUTH", "EOAUTH2", "EPROXY", "ECONFIG", "EABORT",
]);
// Errors with no SMTP reply that sending the same message again would only repeat.
const PERMANENT_CODES = new Set(["EENVELOPE", "EMAXRECIPIENTS", "EFILEACCESS", "EURLACCESS", "ESTREAM", "EOTP"]);

/** 503 "bad sequence of commands" is a session problem, not a verdict on the message (nodemailer agrees). */
function isPermanentReply(responseCode: number): boolean {
  return responseCode >= 500 && responseCode < 600 && responseCode !== 503;
}

function describe(error: NodemailerError): string {
  // `command` is "RCPT TO", "DATA", …; anything else (an address) is kept out of the message.
  const command = error.command && /^[A-Z]+(?: [A-Z]+)?$/.test(error.command) ? ` to ${error.command}` : "";
  if (error.responseCode) return `the SMTP server replied ${error.responseCode}${command}`;
  if (error.code === "ETIMEDOUT") return `timed out${error.timeoutType ? ` (${error.timeoutType})` : ""}`;
  const detail = error.originalCode && error.originalCode !== error.code ? ` ${error.originalCode}` : "";
  return `${error.code ?? "unknown error"}${detail}`;
}

/**
 * `handedOver`: the whole message had been handed to the connection (the end of DATA
 * was on its way) when the send failed.
 */
export function toMailError(error: unknown, { handedOver = false }: { handedOver?: boolean } = {}): MailError {
  if (error instanceof MailError) return error;
  if (!(error instanceof Error)) return new MailError("mail not sent: unknown error", { temporary: true, cause: error });
  const failure = error as NodemailerError;
  const responseCode = typeof failure.responseCode === "number" ? failure.responseCode : undefined;
  const code = failure.code ?? "";
  if (handedOver && responseCode === undefined) {
    return new MailError(`delivery unknown: ${describe(failure)} after the whole message was sent`, {
      temporary: true,
      code: failure.code,
      cause: error,
      ambiguous: true,
    });
  }
  const temporary = SESSION_CODES.has(code)
    ? true
    : responseCode !== undefined
      ? !isPermanentReply(responseCode)
      : !PERMANENT_CODES.has(code);
  return new MailError(`mail not sent: ${describe(failure)}`, {
    temporary,
    responseCode,
    code: failure.code,
    cause: error,
  });
}
