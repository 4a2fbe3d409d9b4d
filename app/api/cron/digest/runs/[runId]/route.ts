import { z } from "zod";
import { withCron } from "@/lib/cron/with-cron";
import { getRunStatus } from "@/lib/digest/run";
import { jsonError } from "@/lib/http/json-error";

const runIdSchema = z.uuid();

export const GET = withCron(async (_request: Request, { params }: RouteContext<"/api/cron/digest/runs/[runId]">) => {
  const runId = runIdSchema.safeParse((await params).runId);
  const status = runId.success ? await getRunStatus(runId.data) : null;
  if (!status) return jsonError(404, "run not found");
  return Response.json(status, { headers: { "Cache-Control": "no-store" } });
});
