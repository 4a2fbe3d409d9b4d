// Works around a slow path of Node.js's socket writes that Next takes for every page it
// serves from its cache: it keeps the page's HTML as one JavaScript string and sends it
// with `res.end(html)`. V8 stores a string that holds any character past U+00FF (an arrow,
// a curly quote, a Greek letter in an abstract) as UTF-16, and Node's writev encodes such
// a string to UTF-8 far more slowly than Buffer.from does: ~1 ms against ~0.14 ms for the
// 124 kB trending page, on every request. Encoding it here first, then writing bytes,
// took the cached `/` from ~300 to ~560-670 req/s on 2 cores (bench/README.md, "The
// string write, the proxy and compression"); a blank Next.js app serving a 117 kB page
// fell from ~830 to ~480 req/s from one such character alone. The bytes sent are the same either way.
import { ServerResponse } from "node:http";

/** Shorter strings are not worth a second copy: the slow path costs per character. */
export const BUFFERED_FROM_CHARS = 4_096;

const PATCHED = Symbol.for("paperboy.stringBodiesAsBuffers");

type Write = (chunk?: unknown, encoding?: unknown, callback?: unknown) => unknown;

/** `write` or `end` as it was, given a Buffer in place of a long string chunk. */
export function encodingLongStrings(original: Write): Write {
  return function (this: unknown, chunk, encoding, callback) {
    if (typeof chunk === "string" && chunk.length >= BUFFERED_FROM_CHARS) {
      chunk = Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    }
    return original.call(this, chunk, encoding, callback);
  };
}

/** From now on, every server response in this process writes long string chunks as UTF-8 bytes. */
export function writeStringBodiesAsBuffers(): void {
  const prototype = ServerResponse.prototype as ServerResponse & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  // Own properties of ServerResponse.prototype: OutgoingMessage's (client requests share it) stay as they are.
  prototype.write = encodingLongStrings(prototype.write as Write) as ServerResponse["write"];
  prototype.end = encodingLongStrings(prototype.end as Write) as ServerResponse["end"];
  prototype[PATCHED] = true;
}
