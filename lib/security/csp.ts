// The Content-Security-Policy of every response: a fresh nonce per request, no origin but our own.
//
// Nonce or static policy? A static policy cannot list hashes of Next's streamed inline
// scripts (the RSC payload differs per page and per request), so it needs script-src
// 'unsafe-inline', which lets an injected <script> run. A nonce forces rendering per
// request, which is what most pages do anyway (the paper page shows your vote), except
// two that are the same for everyone who asks: the trending list and a search's results.
// Served from Next's cache (lib/trending/cached-page-path.ts, lib/search/cached-page-path.ts)
// they answer many times faster (`npm run bench -- pages`, figures in the README's "Abuse
// resistance and privacy" and BENCHMARKS.md). A cached page can carry no per-request nonce,
// so those pages alone get the policy without one (`nonce: null`). What they show (titles,
// authors, abstracts, and on a search page the query itself) React escapes, which
// tests/security/stored-xss.spec.ts checks with the policy bypassed, hostile queries included.
// The trending list goes further: it reaches browsers without any script
// (lib/server/html-only-pages.ts), so its policy allows none (`scriptless`), and an
// injected script could not run there even if one got past React.

/**
 * How a policy is built: the request's nonce (null for a page served from the cache, which
 * has none), whether the page is sent without scripts (in production only: development
 * keeps them), and whether we are on https and in development.
 */
export type PolicyContext = { nonce: string | null; https: boolean; development: boolean; scriptless?: boolean };

/** 128 random bits, base64: unguessable, and the alphabet CSP's nonce-source grammar allows. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The directives, in order, each with its sources (an empty list: a directive that takes none). */
export function cspDirectives({ nonce, https, development, scriptless = false }: PolicyContext): [string, string[]][] {
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    // 'strict-dynamic': the nonced scripts Next writes may load their chunks; a script
    // without the nonce (anything injected into the HTML) runs nowhere. Without a nonce:
    // our own files, and inline scripts. React in development rebuilds server stacks with
    // eval; production never evaluates strings.
    ["script-src", scriptless && !development ? ["'none'"] : [...(nonce ? ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"] : ["'self'", "'unsafe-inline'"]), ...(development ? ["'unsafe-eval'"] : [])]],
    // Stylesheets come from /_next/static (Tailwind, KaTeX); Next nonces the <style>s it
    // inlines. Development injects unnonced <style>s for hot reload.
    ["style-src", ["'self'", development || !nonce ? "'unsafe-inline'" : `'nonce-${nonce}'`]],
    // KaTeX sizes its boxes with style="" attributes, which no nonce can cover. A style
    // attribute cannot run code or read the page (no selectors), unlike a <style> element,
    // which stays nonce-only above.
    ["style-src-attr", ["'unsafe-inline'"]],
    ["img-src", ["'self'", "data:"]],
    ["font-src", ["'self'"]],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["form-action", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
    // Only over https: on plain http it would rewrite our own asset URLs to an https that isn't there.
    ...(https ? ([["upgrade-insecure-requests", []]] as [string, string[]][]) : []),
  ];
  return directives;
}

export function contentSecurityPolicy(context: PolicyContext): string {
  return cspDirectives(context)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}
