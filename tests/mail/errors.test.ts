import { describe, expect, it } from "vitest";
import { toMailError } from "@/lib/mail/errors";
import { MailError } from "@/lib/mail/types";

type Fields = { code?: string; responseCode?: number; command?: string; originalCode?: string };

function nodemailerError(fields: Fields): Error {
  return Object.assign(new Error("Can't send mail - all recipients were rejected: 550 <ada@example.org> unknown"), fields);
}

describe("toMailError", () => {
  it.each<[Fields, boolean]>([
    // Verdicts on the recipient or the message: the reply code decides.
    [{ code: "EENVELOPE", responseCode: 450, command: "RCPT TO" }, true],
    [{ code: "EENVELOPE", responseCode: 550, command: "RCPT TO" }, false],
    [{ code: "EENVELOPE", responseCode: 552, command: "MAIL FROM" }, false],
    [{ code: "EMESSAGE", responseCode: 421, command: "DATA" }, true],
    [{ code: "EMESSAGE", responseCode: 554, command: "DATA" }, false],
    [{ code: "EMESSAGE", responseCode: 503, command: "DATA" }, true], // bad sequence: a session fault
    // No reply: a message that can never be sent as it is.
    [{ code: "EENVELOPE" }, false],
    [{ code: "EMAXRECIPIENTS" }, false],
    [{ code: "EFILEACCESS" }, false],
    [{ code: "EURLACCESS" }, false],
    // The session, the network or our configuration: nothing to do with the recipient.
    [{ code: "ESOCKET", originalCode: "ECONNREFUSED" }, true],
    [{ code: "ESOCKET", originalCode: "ECONNRESET" }, true],
    [{ code: "ECONNECTION" }, true],
    [{ code: "ETIMEDOUT" }, true],
    [{ code: "EDNS", originalCode: "ENOTFOUND" }, true],
    [{ code: "ETLS" }, true],
    [{ code: "EAUTH", responseCode: 535, command: "AUTH PLAIN" }, true],
    [{ code: "EPROTOCOL", responseCode: 554, command: "CONN" }, true],
    [{}, true],
  ])("%o → temporary: %s", (fields, temporary) => {
    const error = toMailError(nodemailerError(fields));
    expect(error).toBeInstanceOf(MailError);
    expect(error.temporary).toBe(temporary);
    expect(error.responseCode).toBe(fields.responseCode);
    expect(error.message).not.toContain("ada@");
  });

  it("keeps an address-like command out of the message", () => {
    const error = toMailError(nodemailerError({ code: "EENVELOPE", responseCode: 550, command: "RCPT TO:<ada@example.org>" }));
    expect(error.message).toBe("mail not sent: the SMTP server replied 550");
  });

  it("passes a MailError through and wraps anything else as temporary", () => {
    const own = new MailError("mail not sent: x", { temporary: false });
    expect(toMailError(own)).toBe(own);
    expect(toMailError("boom")).toMatchObject({ temporary: true, message: "mail not sent: unknown error" });
  });
});
