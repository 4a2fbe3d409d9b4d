/**
 * The client's address for rate limits: the first X-Forwarded-For hop (set by the
 * reverse proxy in front of us), else X-Real-IP, else "unknown" (all such clients
 * then share one bucket, which errs on the safe side).
 */
export function clientIp(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip")?.trim() || "unknown";
}
