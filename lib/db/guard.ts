// proxy.ts's database guard: while the database is down (lib/db/availability.ts), every
// page and API request is answered at once with a 503 and Retry-After, instead of
// waiting on the pool and failing with a 500 (a Server Component cannot choose its
// status, so pages have to be refused before they render). No detail reaches the
// client: no error, no host name.
import { env } from "@/lib/env";
import { DATABASE_UNAVAILABLE_HEADERS, databaseUnavailable } from "@/lib/http/json-error";
import { plainPage } from "@/lib/http/responses";
import { databaseIsUp } from "./availability";

const UNAVAILABLE_BODY = `<h1>Paperboy is briefly unavailable</h1>
<p>We can't reach our database right now. Please try again in a few seconds.</p>`;

/**
 * Requests the guard leaves alone: Next's static files (no database behind them) and the
 * health route, which runs the same probe itself and answers in its own shape.
 */
function unguarded(pathname: string): boolean {
  return pathname.startsWith("/_next/") || pathname === "/api/health" || pathname === "/favicon.ico";
}

/** A 503 to answer instead of the route while the database is down; null lets the request through. */
export async function databaseGuard(request: Request): Promise<Response | null> {
  const { pathname } = new URL(request.url);
  // Without DATABASE_URL (`next build`, or a misconfigured start) there is nothing to probe.
  if (!env.DATABASE_URL || unguarded(pathname)) return null;
  if (await databaseIsUp(env.DATABASE_URL)) return null;
  // JSON where errors are JSON: the API, and the feeds (lib/http/json-error.ts).
  if (/^\/(api|feeds)(\/|$)/.test(pathname)) return databaseUnavailable();
  return plainPage(503, "Briefly unavailable", UNAVAILABLE_BODY, DATABASE_UNAVAILABLE_HEADERS, { head: request.method === "HEAD" });
}
