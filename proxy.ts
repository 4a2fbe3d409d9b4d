// Runs before every route (Next 16's proxy, formerly middleware; Node.js runtime): the
// guards that may refuse a request, then the security headers on whatever is answered.
// The policy, and why it carries a per-request nonce: lib/security/csp.ts.
import { NextResponse, type NextRequest } from "next/server";
import { databaseGuard } from "@/lib/db/guard";
import { firstRefusal, type Guard } from "@/lib/http/guards";
import { crossSiteMutationGuard } from "@/lib/http/same-origin";
import { searchRateLimitGuard } from "@/lib/http/search-rate-limit";
import { requestHeadersWithPolicy, requestSecurity, withSecurityHeaders } from "@/lib/security/headers";

/** In order; one line each. A refusal gets the security headers like any response. */
// The database first: while it is down, a 503 says so, whatever else is wrong.
const GUARDS: readonly Guard[] = [databaseGuard, crossSiteMutationGuard, searchRateLimitGuard];

export async function proxy(request: NextRequest): Promise<Response> {
  const security = requestSecurity(request);
  const refusal = await firstRefusal(request, GUARDS);
  if (refusal) return withSecurityHeaders(refusal, security);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeadersWithPolicy(request, security) } }), security);
}

export const config = {
  // Everything but Next's build assets (immutable files, no HTML, no nonce to give them);
  // next.config.ts headers() puts the static security headers on those.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
