// The security headers of every response. The static ones are also set by next.config.ts
// headers(), which reaches what the proxy doesn't (/_next/static, Next's own redirects);
// the proxy adds the per-request ones (the policy with its nonce, HSTS) to everything else.
import { contentSecurityPolicy, newNonce } from "./csp";

/** Headers that are the same on every response, whatever it is. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  // Not no-referrer: with it, browsers send `Origin: null` on form posts, and Next refuses
  // a server action whose Origin isn't the host. This one still gives other sites only our
  // origin, never a path (paths can hold unsubscribe and sign-in tokens).
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // frame-ancestors 'none' for the browsers that predate it.
  "X-Frame-Options": "DENY",
  // Nothing here uses these; a script that got in can't either.
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * Two years, this host only: not includeSubDomains (the app doesn't own its domain's
 * other hosts) nor preload (a deployer's decision, hard to undo).
 */
export const HSTS = "max-age=63072000";

/** What one request's headers are built from; no nonce for a page served from Next's cache. */
export type RequestSecurity = { nonce: string | null; https: boolean; policy: string };

/**
 * Whether the browser reached us over https: directly, or through the TLS-terminating proxy
 * in front of us, which says so in X-Forwarded-Proto (Vercel, nginx, Caddy do). Next gives the
 * proxy's request an https URL by the same rule (the header includes "https"), so the two
 * agree. A client that forges the header on plain http gains nothing: browsers ignore HSTS
 * received over http, and upgrade-insecure-requests only breaks that client's own page.
 */
export function cameOverHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || (request.headers.get("x-forwarded-proto")?.toLowerCase().includes("https") ?? false);
}

/**
 * `cachedPage`: the answer is a page Next serves from its cache (the trending list, a
 * search's results), rendered once for every reader, so it holds no per-request nonce
 * (lib/security/csp.ts says why). `scriptless`: it is sent without scripts (the trending list).
 */
export function requestSecurity(
  request: Request,
  {
    cachedPage = false,
    scriptless = false,
    development = process.env.NODE_ENV === "development",
  }: { cachedPage?: boolean; scriptless?: boolean; development?: boolean } = {},
): RequestSecurity {
  const nonce = cachedPage ? null : newNonce();
  const https = cameOverHttps(request);
  return { nonce, https, policy: contentSecurityPolicy({ nonce, https, development, scriptless }) };
}

/** The headers that depend on the request: its policy, and HSTS when it came over https. */
export function perRequestSecurityHeaders({ policy, https }: Pick<RequestSecurity, "policy" | "https">): [name: string, value: string][] {
  return [["Content-Security-Policy", policy], ...(https ? [["Strict-Transport-Security", HSTS] as [string, string]] : [])];
}

/** Puts every security header on a response (a page's, a route handler's or a guard's refusal) and returns it. */
export function withSecurityHeaders<R extends Response>(response: R, security: RequestSecurity): R {
  for (const [name, value] of [...Object.entries(STATIC_SECURITY_HEADERS), ...perRequestSecurityHeaders(security)]) response.headers.set(name, value);
  return response;
}

/**
 * The request as the app sees it: Next takes the nonce from the request's
 * Content-Security-Policy header and puts it on every script and style it writes. A cached
 * page gets none: a nonce sent by a client must not end up in HTML served to everyone.
 */
export function requestHeadersWithPolicy(request: Request, security: RequestSecurity): Headers {
  const headers = new Headers(request.headers);
  for (const name of NONCE_REQUEST_HEADERS) headers.delete(name);
  if (security.nonce) headers.set("Content-Security-Policy", security.policy);
  return headers;
}

/** The request headers Next takes a nonce from, the first it finds (get-script-nonce-from-header.js). */
export const NONCE_REQUEST_HEADERS = ["Content-Security-Policy", "Content-Security-Policy-Report-Only"] as const;
