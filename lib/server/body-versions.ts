// A page Next sends whole (one from its cache, the trending list above all) is encoded,
// tagged and compressed once per version of the page, instead of on every request.
//
// On every hit of such a page Next hashes its whole HTML string for the ETag (FNV-1a, in
// JavaScript: ~350 µs of the ~1,370 µs of CPU a hit of the 124 kB `/` cost at 1M papers,
// `npm run bench -- pages --cpu-prof`), and for a browser gzips it again (level 6). The same
// few pages are sent over and over, so next.config.ts turns Next's ETags off
// (generateEtags: false) and the response's `end` comes here instead: the bytes, ETag and
// gzip of recently sent bodies are kept, keyed by the string itself: every hit of one cache
// entry hands over that string, or an equal one, and a Map finds a string it holds in well
// under a microsecond, an equal copy of the 124 kB page in ~20 µs (against ~350 µs to hash it).
// The trending list's scripts are taken out here too, as rarely (html-only-pages.ts).
//
// Next's compression wraps each response's `end` (next/dist/compiled/compression), and
// must see the body already compressed (it then passes it through: "already encoded"), so
// this runs above any `end` set on a response: string-bodies-as-buffers.ts installs it.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import fresh from "fresh";
import { LRUCache } from "lru-cache";
import Negotiator from "negotiator";
import { isHtmlOnlyPage, withoutScripts } from "./html-only-pages";

type VersionedBody = {
  /** Whether the scripts were taken out (html-only-pages.ts): one page is always sent one way. */
  scriptless: boolean;
  bytes: Buffer;
  etag: string;
  /**
   * Compressed when a client first takes gzip, at zlib's default level as Next's would be
   * (level 9 took ~1.8x as long for 1% fewer bytes: a page nobody asks for twice, a
   * crawler's, should cost no more than it did).
   */
  gzip?: Buffer;
  gzipEtag: string;
};

/**
 * The trending pages in use (periods × categories × pages) fit easily. Bounded by size too:
 * an entry holds the string (kept alive here even after Next drops it) and its bytes.
 */
const recentBodies = new LRUCache<string, VersionedBody>({
  max: 64,
  maxSize: 32 * 1024 * 1024,
  sizeCalculation: (body, text) => text.length * 2 + body.bytes.length + (body.gzip?.length ?? 0),
});

/**
 * The body as UTF-8 bytes (and gzip, once asked for), each with an ETag that changes
 * whenever the bytes do; `scriptless`: without its scripts (html-only-pages.ts).
 */
export function versionedBody(text: string, { scriptless = false } = {}): VersionedBody {
  let body = recentBodies.get(text);
  if (!body || body.scriptless !== scriptless) {
    const bytes = Buffer.from(scriptless ? withoutScripts(text) : text, "utf8");
    // One version, two representations: each needs its own strong ETag.
    const hash = createHash("sha1").update(bytes).digest("base64url");
    body = { scriptless, bytes, etag: `"${hash}"`, gzipEtag: `"${hash}-gzip"` };
    recentBodies.set(text, body);
  }
  return body;
}

function gzipOf(text: string, body: VersionedBody): Buffer {
  if (!body.gzip) {
    body.gzip = gzipSync(body.bytes);
    recentBodies.set(text, body); // counted again, with the gzip
  }
  return body.gzip;
}

/**
 * What Next sent its ETag for: a page answered whole (nothing written before this `end`),
 * a 200 to a GET, not encoded already. Next's HEAD answers carry no body, so they go
 * without one here.
 */
export function isWholePage(response: ServerResponse): boolean {
  return (
    !response.headersSent &&
    response.statusCode === 200 &&
    response.req?.method === "GET" &&
    !response.hasHeader("ETag") &&
    !response.hasHeader("Content-Encoding")
  );
}

/** Whether a comma-separated header (Cache-Control, Vary) names `token`, in any case. */
function listsToken(header: ReturnType<ServerResponse["getHeader"]>, token: string): boolean {
  return String(header ?? "")
    .split(",")
    .some((item) => item.trim().toLowerCase() === token.toLowerCase());
}

/**
 * Gzip if the client takes it (Next's compression offers gzip and deflate; every browser
 * takes gzip) and the response may be compressed: text, and no `Cache-Control: no-transform`.
 */
function sendsGzip(response: ServerResponse): boolean {
  const type = String(response.getHeader("Content-Type") ?? "");
  if (!/^text\/|json|xml|javascript/i.test(type) || listsToken(response.getHeader("Cache-Control"), "no-transform")) return false;
  return new Negotiator(response.req).encoding(["gzip", "identity"]) === "gzip";
}

/**
 * Whether the request says the client holds this version already (If-None-Match): the
 * `fresh` package's rules (jshttp, used by Express), the ones Next applies to its own
 * ETags (a request with Cache-Control: no-cache is never fresh, weak tags match).
 */
const clientHolds = (request: IncomingMessage, etag: string) => fresh(request.headers, { etag });

type End = (chunk?: unknown, encoding?: unknown, callback?: unknown) => unknown;

/**
 * Ends a whole page (`isWholePage`, the HTML as one string) through `end`: its ETag, a 304
 * with no body when the request names that ETag, else the bytes, gzipped when the client
 * takes it; the trending list without its scripts (html-only-pages.ts). Returns what `end`
 * returned.
 */
export function endWholePage(response: ServerResponse, end: End, html: string, callback: unknown): unknown {
  const body = versionedBody(html, { scriptless: isHtmlOnlyPage(response) });
  const gzip = sendsGzip(response);
  const etag = gzip ? body.gzipEtag : body.etag;
  response.setHeader("ETag", etag);
  const vary = response.getHeader("Vary");
  if (!listsToken(vary, "Accept-Encoding")) response.setHeader("Vary", vary ? `${String(vary)}, Accept-Encoding` : "Accept-Encoding");
  if (clientHolds(response.req, etag)) {
    // As Next answers its own: no body, so none of the body's headers.
    response.statusCode = 304;
    response.removeHeader("Content-Length");
    response.removeHeader("Content-Type");
    return end.call(response, undefined, undefined, callback);
  }
  if (gzip) response.setHeader("Content-Encoding", "gzip");
  const bytes = gzip ? gzipOf(html, body) : body.bytes;
  response.setHeader("Content-Length", bytes.length);
  return end.call(response, bytes, undefined, callback);
}
