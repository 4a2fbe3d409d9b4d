import { after } from "next/server";
import { withCron } from "@/lib/cron/with-cron";
import { digestRunOptions } from "@/lib/digest/options";
import { createDigestRun, executeDigestRun } from "@/lib/digest/run";
import { editionDateOf } from "@/lib/digest/schedule";
import { mailerFromEnv } from "@/lib/mail";
import { emailBaseUrl } from "@/lib/site-url";

/** Starts today's (UTC) digest run and answers at once; the run continues after the response. */
async function start(): Promise<Response> {
  const run = await createDigestRun(editionDateOf(new Date()));
  const options = digestRunOptions(mailerFromEnv(), emailBaseUrl());
  after(async () => {
    try {
      await executeDigestRun(run.runId, options);
    } catch (error) {
      console.error(`[digest] run ${run.runId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return Response.json({ runId: run.runId, date: run.date, status: run.status }, { status: 202 });
}

export const GET = withCron(start);
export const POST = withCron(start);
