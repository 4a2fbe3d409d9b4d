// The Content-Security-Policy of every response: a fresh nonce per request, no origin but our own.
//
// Nonce or static policy? A static policy (next.config.ts headers()) cannot list hashes of
// Next's streamed inline scripts (the RSC payload differs per page and per request), so it
// would need script-src 'unsafe-inline', which lets any injected <script> run. A nonce costs
// dynamic rendering, but every page here already renders per request (the header reads the
// session cookie: `next build` lists every route as ƒ Dynamic, /about and /_not-found too)
// and lib/cache caches data, not pages, so the nonce takes nothing away from the Scale
// issue's caching. Measured with `npm run bench -- pages` on the demo corpus, same machine,
// back to back, 10 connections (`--csp both`; figures in the README's "Abuse resistance and
// privacy"): the nonce against a copy whose proxy sends one static policy with
// 'unsafe-inline' (bench/static-csp-variant.ts): 0.90x-1.03x, noise. Chosen: the nonce.

/** How a policy is built: the request's nonce, and whether we are on https and in development. */
export type PolicyContext = { nonce: string; https: boolean; development: boolean };

/** 128 random bits, base64: unguessable, and the alphabet CSP's nonce-source grammar allows. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The directives, in order, each with its sources (an empty list: a directive that takes none). */
export function cspDirectives({ nonce, https, development }: PolicyContext): [string, string[]][] {
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    // 'strict-dynamic': the nonced scripts Next writes may load their chunks; a script
    // without the nonce (anything injected into the HTML) runs nowhere. React in
    // development rebuilds server stacks with eval; production never evaluates strings.
    ["script-src", ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])]],
    // Stylesheets come from /_next/static (Tailwind, KaTeX); Next nonces the <style>s it
    // inlines. Development injects unnonced <style>s for hot reload.
    ["style-src", ["'self'", development ? "'unsafe-inline'" : `'nonce-${nonce}'`]],
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
