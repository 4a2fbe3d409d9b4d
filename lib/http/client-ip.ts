/**
 * The client's address for rate limits: the LAST X-Forwarded-For hop, the one the
 * reverse proxy in front of us appended (earlier hops are whatever the client sent,
 * so keying on them would give a forger a fresh bucket per request), else X-Real-IP,
 * else "unknown" (all such clients share one bucket, which errs on the safe side).
 */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || request.headers.get("x-real-ip")?.trim() || "unknown";
}
