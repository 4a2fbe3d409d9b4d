import { once } from "node:events";
import { createServer, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { BUFFERED_FROM_CHARS, encodingLongStrings, writeStringBodiesAsBuffers } from "@/lib/server/string-bodies-as-buffers";

/** A page as Next caches it: long, and with one character past U+00FF, so V8 keeps it as UTF-16. */
const page = `<p>${"Diffusion models · “denoise” step by step ".repeat(300)}Next →</p>`;

function recorder() {
  const calls: unknown[][] = [];
  const write = encodingLongStrings(function (this: unknown, ...args: unknown[]) {
    calls.push([this, ...args]);
    return true;
  });
  return { calls, write };
}

describe("encodingLongStrings", () => {
  it("hands the original a Buffer of the string's UTF-8 bytes, with the same receiver, encoding and callback", () => {
    const { calls, write } = recorder();
    const receiver = {};
    const callback = () => {};
    write.call(receiver, page, "utf8", callback);
    const [[self, chunk, encoding, passedCallback]] = calls;
    expect(self).toBe(receiver);
    expect(Buffer.isBuffer(chunk)).toBe(true);
    expect((chunk as Buffer).equals(Buffer.from(page, "utf8"))).toBe(true);
    expect([encoding, passedCallback]).toEqual(["utf8", callback]);
  });

  it("encodes with the encoding given, and as UTF-8 when the second argument is the callback", () => {
    const { calls, write } = recorder();
    const latin1 = "é".repeat(BUFFERED_FROM_CHARS);
    write(latin1, "latin1");
    const callback = () => {};
    write(page, callback);
    expect((calls[0][1] as Buffer).length).toBe(BUFFERED_FROM_CHARS);
    expect((calls[1][1] as Buffer).equals(Buffer.from(page, "utf8"))).toBe(true);
    expect(calls[1][2]).toBe(callback);
  });

  it("passes short strings, bytes and no chunk through untouched", () => {
    const { calls, write } = recorder();
    const bytes = new Uint8Array([1, 2, 3]);
    write("short →");
    write(bytes);
    write();
    expect(calls.map((call) => call[1])).toEqual(["short →", bytes, undefined]);
  });
});

describe("writeStringBodiesAsBuffers", () => {
  it("patches server responses once, and a client receives exactly the page's bytes", async () => {
    const before = ServerResponse.prototype.end;
    writeStringBodiesAsBuffers();
    const patched = ServerResponse.prototype.end;
    writeStringBodiesAsBuffers();
    expect(patched).not.toBe(before);
    expect(ServerResponse.prototype.end).toBe(patched);

    const server = createServer((_request, response) => {
      response.setHeader("Content-Type", "text/html; charset=utf-8");
      response.setHeader("Content-Length", Buffer.byteLength(page));
      response.end(page);
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(page, "utf8"))).toBe(true);
    } finally {
      server.close();
    }
  });
});
