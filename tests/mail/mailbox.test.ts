import { describe, expect, it } from "vitest";
import { parseMailbox } from "@/lib/mail/mailbox";

describe("parseMailbox", () => {
  it.each([
    ["ada@example.org", { name: "", address: "ada@example.org" }],
    ["<ada@example.org>", { name: "", address: "ada@example.org" }],
    ["Ada Reader <ada@example.org>", { name: "Ada Reader", address: "ada@example.org" }],
    ['"Reader, Ada" <ada@example.org>', { name: "Reader, Ada", address: "ada@example.org" }],
    ['"Ada \\"the\\" Reader" <ada@example.org>', { name: 'Ada "the" Reader', address: "ada@example.org" }],
    ["  Ada\t<ada@example.org>  ", { name: "Ada", address: "ada@example.org" }],
  ])("reads %j", (value, mailbox) => {
    expect(parseMailbox(value)).toEqual(mailbox);
  });

  it.each([
    "",
    "ada",
    "ada@example.org, eve@example.org",
    "Reader, Ada <ada@example.org>",
    "ada@example.org\r\nBcc: eve@example.org",
    "ada@example.org\n",
    "Ada\n <ada@example.org>",
    "Ada <ada@example.org",
    "Ada <ada@example.org> <eve@example.org>",
    "Ada <ada@exa mple.org>",
    "ada\u0000@example.org",
  ])("refuses %j", (value) => {
    expect(parseMailbox(value)).toBeNull();
  });
});
