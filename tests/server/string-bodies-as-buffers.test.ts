import { once } from "node:events";
import { createServer, ServerResponse, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { versionedBody } from "@/lib/server/body-versions";
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

describe("a whole page's version (ETag) and the 304 for a client that holds it", () => {
  type Handler = Parameters<typeof createServer>[1];

  /** A server with the patch installed, answering with `handler`; `ask` sends one request to it. */
  async function serving(handler: NonNullable<Handler>) {
    writeStringBodiesAsBuffers();
    const server = createServer(handler).listen(0, "127.0.0.1");
    await once(server, "listening");
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ask = async (init: RequestInit = {}, path = "/") => {
      const response = await fetch(`${origin}${path}`, init);
      return { response, body: Buffer.from(await response.arrayBuffer()) };
    };
    return { ask, close: () => server.close() };
  }

  /** As Next sends a page from its cache: Content-Type and Content-Length, then the whole HTML in end(). */
  const sendWhole = (html: string) => (_request: unknown, response: ServerResponse) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.setHeader("Content-Length", Buffer.byteLength(html));
    response.end(html);
  };

  it("gives the same page the same ETag, another page another, and the bytes are the page's", async () => {
    let html = page;
    const server = await serving((request, response) => sendWhole(html)(request, response));
    const identity = { headers: { "Accept-Encoding": "identity" } };
    try {
      const first = await server.ask(identity);
      const again = await server.ask(identity);
      html = page.replace("Next →", "Previous ←");
      const changed = await server.ask(identity);
      expect(first.response.headers.get("etag")).toMatch(/^"[\w-]{27}"$/);
      expect(first.response.headers.get("content-encoding")).toBeNull();
      expect(first.response.headers.get("vary")).toBe("Accept-Encoding");
      expect(again.response.headers.get("etag")).toBe(first.response.headers.get("etag"));
      expect(changed.response.headers.get("etag")).not.toBe(first.response.headers.get("etag"));
      expect(first.body.equals(Buffer.from(page, "utf8"))).toBe(true);
      expect(changed.body.equals(Buffer.from(html, "utf8"))).toBe(true);
    } finally {
      server.close();
    }
  });

  it("sends a client that takes gzip the page compressed once, under its own ETag, through Next's compression untouched", async () => {
    // Next wraps each response's end in its compression middleware before rendering.
    type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;
    // @ts-expect-error -- Next's bundled copy ships no types; its API is the `compression` package's.
    const { default: compression } = (await import("next/dist/compiled/compression")) as { default: () => Middleware };
    const compress = compression();
    const server = await serving((request, response) => compress(request, response, () => sendWhole(page)(request, response)));
    try {
      const gzipped = await server.ask({ headers: { "Accept-Encoding": "gzip, deflate, br" } });
      const plain = await server.ask({ headers: { "Accept-Encoding": "identity" } });
      expect(gzipped.response.headers.get("content-encoding")).toBe("gzip");
      expect(gzipped.response.headers.get("etag")).toBe(plain.response.headers.get("etag")!.replace(/"$/, '-gzip"'));
      // fetch() undoes one gzip: compressed twice, the body would still be gzip here.
      expect(gzipped.body.equals(Buffer.from(page, "utf8"))).toBe(true);
      // Sent with its length (Next's compression would have streamed it, chunked), a fifth of the page's.
      const length = Number(gzipped.response.headers.get("content-length"));
      expect(length).toBeGreaterThan(0);
      expect(length).toBeLessThan(Buffer.byteLength(page) / 5);
      expect(plain.response.headers.get("content-encoding")).toBeNull();
      expect(plain.body.equals(Buffer.from(page, "utf8"))).toBe(true);
    } finally {
      server.close();
    }
  });

  it("answers If-None-Match naming the page's ETag (strong or weak) with a 304 and no body, and anything else with the page", async () => {
    const server = await serving(sendWhole(page));
    try {
      const etag = (await server.ask()).response.headers.get("etag")!;
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
        // As a browser revalidates (fetch() would add Cache-Control: no-cache to a conditional request).
        const { response, body } = await server.ask({ headers: { "If-None-Match": ifNoneMatch, "Cache-Control": "max-age=0" } });
        expect(response.status).toBe(304);
        expect(body.length).toBe(0);
        expect(response.headers.get("etag")).toBe(etag);
        expect(response.headers.get("content-type")).toBeNull();
      }
      for (const headers of [{ "If-None-Match": '"other"', "Cache-Control": "max-age=0" }, { "If-None-Match": etag, "Cache-Control": "no-cache" }]) {
        const { response, body } = await server.ask({ headers });
        expect(response.status).toBe(200);
        expect(body.equals(Buffer.from(page, "utf8"))).toBe(true);
      }
    } finally {
      server.close();
    }
  });

  it("sends the trending list without its scripts in production (html-only-pages.ts), under the ETag of what it sends", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const withScripts = `<html><head><script src="/_next/static/chunks/a.js" async=""></script></head><body>${page}<script>self.__next_f.push([1])</script></body></html>`;
    const server = await serving(sendWhole(withScripts));
    const identity = { headers: { "Accept-Encoding": "identity" } };
    try {
      const list = await server.ask(identity, "/?period=week");
      const other = await server.ask(identity, "/about");
      const scriptless = `<html><head></head><body>${page}</body></html>`;
      expect(list.body.toString("utf8")).toBe(scriptless);
      expect(list.response.headers.get("content-length")).toBe(String(Buffer.byteLength(scriptless)));
      expect(list.response.headers.get("etag")).toBe(versionedBody(scriptless).etag);
      expect(other.body.toString("utf8")).toBe(withScripts);
    } finally {
      server.close();
      vi.unstubAllEnvs();
    }
  });

  it("gives no ETag to what Next gave none: other methods, other statuses, short or streamed bodies, an ETag already set", async () => {
    const server = await serving((request, response) => {
      const path = request.url ?? "/";
      if (path === "/missing") response.statusCode = 404;
      if (path === "/short") return response.end("short →");
      if (path === "/streamed") {
        response.write("<p>");
        return response.end(page);
      }
      if (path === "/tagged") response.setHeader("ETag", '"ours"');
      response.end(page);
    });
    try {
      const etagOf = async (path: string, init: RequestInit = {}) => (await server.ask(init, path)).response.headers.get("etag");
      expect(await etagOf("/", { method: "POST" })).toBeNull();
      expect(await etagOf("/missing")).toBeNull();
      expect(await etagOf("/short")).toBeNull();
      expect(await etagOf("/streamed")).toBeNull();
      expect(await etagOf("/tagged")).toBe('"ours"');
      expect(await etagOf("/")).not.toBeNull();
    } finally {
      server.close();
    }
  });
});

describe("versionedBody", () => {
  it("encodes a page once: the same string gets the very same bytes back", () => {
    const text = `${page} (versioned)`;
    const first = versionedBody(text);
    expect(versionedBody(text)).toBe(first);
    expect(first.bytes.equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(versionedBody(`${text}!`).etag).not.toBe(first.etag);
  });
});
