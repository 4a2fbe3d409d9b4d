// The trending list is sent to browsers as HTML only: no scripts, so a first visit to `/`
// downloads, parses and runs no JavaScript at all, where an App Router page loads React and
// Next's client runtime (~131 kB gzipped for a blank page, bench/README.md "bundle").
//
// What it costs is nothing the page needs. It is a list of links and two forms that post
// to routes (search, subscribe), and every page of Paperboy works without JavaScript
// (tests/e2e run it so): without its scripts the page is exactly what a browser with
// JavaScript off shows. Lost on the list itself: the header's "/" shortcut, and Next's
// prefetching of the links (a click loads the next page whole, which then hydrates).
// Unchanged: a client-side navigation from any other page to the list (Next asks for its
// RSC payload, not this HTML), and development, where Fast Refresh needs the scripts.
//
// The HTML comes out of React, which escapes `<` in text and attribute values, and
// `</script` inside the inline scripts it writes (Next's RSC payload), so every `<script`
// in it opens a script element and the first `</script>` after it closes that element.
import type { ServerResponse } from "node:http";
import { CACHED_TRENDING_PREFIX } from "@/lib/trending/cached-page-path";

const SCRIPT_ELEMENT = /<script\b[^>]*>[\s\S]*?<\/script>/gi;
/** `<link rel="preload" as="script">` and `<link rel="modulepreload">`: they would fetch the scripts anyway. */
const SCRIPT_PRELOAD = /<link\b(?=[^>]*\b(?:as="script"|rel="modulepreload"))[^>]*>/gi;

/** The document without its script elements and script preloads; everything else byte for byte. */
export function withoutScripts(html: string): string {
  return html.replace(SCRIPT_ELEMENT, "").replace(SCRIPT_PRELOAD, "");
}

/**
 * Whether this response is the trending list's HTML (`/`, `/?period=…`, `/trending/…`: every
 * path proxy.ts and next.config.ts give the cached pages' headers), in production.
 */
export function isHtmlOnlyPage(response: ServerResponse): boolean {
  if (process.env.NODE_ENV !== "production") return false;
  if (!/^text\/html\b/i.test(String(response.getHeader("Content-Type") ?? ""))) return false;
  const path = (response.req?.url ?? "").split("?", 1)[0]!;
  return path === "/" || path.startsWith(CACHED_TRENDING_PREFIX);
}
