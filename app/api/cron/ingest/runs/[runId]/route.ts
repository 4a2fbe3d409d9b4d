import { z } from "zod";
import { withCron } from "@/lib/cron/with-cron";
import { db } from "@/lib/db";
import { jsonError } from "@/lib/http/json-error";
import { getIngestRun } from "@/lib/ingest/run/ingest-run-status";

const runIdSchema = z.uuid();

export const GET = withCron(async (_request: Request, { params }: RouteContext<"/api/cron/ingest/runs/[runId]">) => {
  const runId = runIdSchema.safeParse((await params).runId);
  const run = runId.success ? await getIngestRun(db, runId.data) : null;
  if (!run) return jsonError(404, "run not found");
  return Response.json(run, { headers: { "Cache-Control": "no-store" } });
});
