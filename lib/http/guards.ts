// Guards: checks the proxy runs before any route, each of which may refuse the request
// (a 503 while the database is down, a 429 over the search rate limit). proxy.ts lists them;
// whatever one returns is sent as it is, with the security headers put on it there.
import type { NextRequest } from "next/server";

/** A refusal (the response to send instead of the route's), or null to let the request through. */
export type Guard = (request: NextRequest) => Response | null | Promise<Response | null>;

/** The first guard's refusal, in list order (later guards don't run), or null when all let it through. */
export async function firstRefusal(request: NextRequest, guards: readonly Guard[]): Promise<Response | null> {
  for (const guard of guards) {
    const refusal = await guard(request);
    if (refusal) return refusal;
  }
  return null;
}
