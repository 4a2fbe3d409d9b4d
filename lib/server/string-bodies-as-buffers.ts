// How this server sends the bodies Next hands it as strings (installed by instrumentation.ts).
//
// Long strings are written as bytes. Next sends a page from its cache with `res.end(html)`,
// one JavaScript string. V8 stores a string that holds any character past U+00FF (an
// arrow, a curly quote, a Greek letter in an abstract) as UTF-16, and Node's writev encodes
// such a string to UTF-8 far more slowly than Buffer.from does: ~1 ms against ~0.14 ms for
// the 124 kB trending page, on every request. Encoding it first took the cached `/` from
// ~300 to ~560-670 req/s on 2 cores (bench/README.md, "The string write, the proxy and
// compression"); a blank Next.js app serving a 117 kB page fell from ~830 to ~480 req/s
// from one such character alone. The bytes sent are the same either way.
//
// A whole page goes further: body-versions.ts encodes, tags and compresses it once per
// version of the page. That must happen above Next's compression, which replaces the `end`
// of each response it may compress: so `end` on server responses becomes an accessor, and
// an `end` set on a response (compression's) is kept wrapped in the same logic.
import { ServerResponse } from "node:http";
import { endWholePage, isWholePage } from "./body-versions";

/** Shorter strings are not worth a second copy: the slow path costs per character. */
export const BUFFERED_FROM_CHARS = 4_096;

const PATCHED = Symbol.for("paperboy.stringBodiesAsBuffers");
/** Where a response keeps the `end` set on it (wrapped). */
const OWN_END = Symbol.for("paperboy.ownEnd");

type Write = (chunk?: unknown, encoding?: unknown, callback?: unknown) => unknown;

const isUtf8 = (encoding: unknown) => typeof encoding !== "string" || /^utf-?8$/i.test(encoding);

/** `write` or `end` as it was, given a Buffer in place of a long string chunk. */
export function encodingLongStrings(original: Write): Write {
  return function (this: unknown, chunk, encoding, callback) {
    if (typeof chunk === "string" && chunk.length >= BUFFERED_FROM_CHARS) {
      chunk = Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    }
    return original.call(this, chunk, encoding, callback);
  };
}

/** `end` as it was, a whole page sent once per version (body-versions.ts), long strings as bytes. */
export function endingWithVersions(original: Write): Write {
  const encoding = encodingLongStrings(original);
  return function (this: ServerResponse, chunk, chunkEncoding, callback) {
    if (typeof chunk === "string" && chunk.length >= BUFFERED_FROM_CHARS && isUtf8(chunkEncoding) && isWholePage(this)) {
      return endWholePage(this, original, chunk, typeof chunkEncoding === "function" ? chunkEncoding : callback);
    }
    return encoding.call(this, chunk, chunkEncoding, callback);
  };
}

/** From now on, every server response in this process sends long strings and whole pages as above. */
export function writeStringBodiesAsBuffers(): void {
  const prototype = ServerResponse.prototype as ServerResponse & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  // Own properties of ServerResponse.prototype: OutgoingMessage's (client requests share it) stay as they are.
  prototype.write = encodingLongStrings(prototype.write as Write) as ServerResponse["write"];
  const end = endingWithVersions(prototype.end as Write);
  Object.defineProperty(prototype, "end", {
    configurable: true,
    get(this: { [OWN_END]?: Write }) {
      return this[OWN_END] ?? end;
    },
    // `res.end = f` (Next's compression does it): f, wrapped, so a whole page still reaches
    // endingWithVersions before f compresses it. f calls the `end` it read before: `end` above.
    set(this: { [OWN_END]?: Write }, replacement: Write) {
      this[OWN_END] = endingWithVersions(replacement);
    },
  });
  prototype[PATCHED] = true;
}
