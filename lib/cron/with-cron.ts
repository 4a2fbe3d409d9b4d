import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/json-error";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

/** Equal-length digests make the comparison constant-time whatever the input's length. */
function matches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Guards a cron route: `Authorization: Bearer $CRON_SECRET`, compared in constant
 * time. With no CRON_SECRET configured the route refuses (503) rather than run open.
 */
export function withCron<C>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    if (!env.CRON_SECRET) return jsonError(503, "CRON_SECRET is not configured on this server.");
    // The scheme is case-insensitive (RFC 9110): "bearer x" is as good as "Bearer x".
    const token = /^bearer +(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
    if (!matches(token, env.CRON_SECRET)) return jsonError(401, "Unauthorized.", { "WWW-Authenticate": "Bearer" });
    return handler(request, context);
  };
}
