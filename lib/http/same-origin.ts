import "server-only";
import { env } from "@/lib/env";
import { jsonError } from "./json-error";

/**
 * CSRF guard for route handlers that change something for whoever sends the request
 * (POST /api/subscribe, the subscribe, sign-in and vote forms). A browser names the page
 * a POST comes from in Origin; a page of another site must not be able to sign people up,
 * mail them sign-in links or vote with their session cookie. Returns null for our own
 * pages, else a 403 (server actions get the same check from Next itself; the one-click
 * unsubscribe POST skips it on purpose: its token authorises it, and mail clients post
 * it from anywhere).
 *
 * Our own origin: APP_URL's, the request's URL's, or a host the request was addressed to
 * (Host, or X-Forwarded-Host behind a proxy, as Next compares for server actions). A page
 * of another site cannot set those headers. Without Origin (old browsers, scripts), only
 * Sec-Fetch-Site "same-origin" or "none" (typed by the user) passes; a script without
 * either header must send Origin, like curl -H "Origin: https://paperboy.example".
 */
export function sameOriginGuard(request: Request): Response | null {
  const origin = request.headers.get("origin");
  const allowed = origin !== null ? isOwnOrigin(origin, request) : ["same-origin", "none"].includes(request.headers.get("sec-fetch-site") ?? "");
  return allowed ? null : refusal();
}

/** Methods that change nothing: never refused for their origin. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The proxy's guard (proxy.ts): any request that would change something and whose Origin
 * names another site is refused with 403 before a route runs. Route handlers check again
 * (sameOriginGuard, stricter: no Origin needs Sec-Fetch-Site), but server actions are
 * checked by Next itself, which answers a foreign Origin with a 500 ("Invalid Server
 * Actions request"): refused here, the same hostile post gets a 4xx like any bad input.
 * A request without Origin (a script, a cron caller) goes on to the route's own check;
 * the one-click unsubscribe POST goes on whatever it says (its token authorises it).
 */
export function crossSiteMutationGuard(request: Request): Response | null {
  if (SAFE_METHODS.has(request.method) || new URL(request.url).pathname.startsWith("/api/unsubscribe/")) return null;
  const origin = request.headers.get("origin");
  return origin === null || isOwnOrigin(origin, request) ? null : refusal();
}

const refusal = () => jsonError(403, "Refused: changes must be sent from Paperboy's own pages (the request's Origin names another site, or none).");

function isOwnOrigin(origin: string, request: Request): boolean {
  // "null": a sandboxed frame, a file: page or a cross-site redirect; never one of ours.
  if (origin === "null" || !URL.canParse(origin)) return false;
  const parsed = new URL(origin);
  if (env.APP_URL && new URL(env.APP_URL).origin === parsed.origin) return true;
  if (URL.canParse(request.url) && new URL(request.url).origin === parsed.origin) return true;
  const forwardedHost = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return [request.headers.get("host"), forwardedHost].some((host) => host && host.toLowerCase() === parsed.host);
}
