import { checkHealth } from "@/lib/db/health";
import { DATABASE_UNAVAILABLE_HEADERS } from "@/lib/http/json-error";

export async function GET() {
  const health = await checkHealth();
  if (health.status !== "ok") return Response.json(health, { status: 503, headers: DATABASE_UNAVAILABLE_HEADERS });
  return Response.json(health, { headers: { "Cache-Control": "no-store" } });
}
