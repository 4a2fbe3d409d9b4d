import "server-only";
import { digestRunOptions } from "@/lib/digest/options";
import { createDigestRun, executeDigestRun } from "@/lib/digest/run";
import { editionDateOf } from "@/lib/digest/schedule";
import { env } from "@/lib/env";
import { mailerFromEnv } from "@/lib/mail";
import { emailBaseUrl } from "@/lib/site-url";
import { startDigestSchedule } from "./digest-schedule";

const log = (line: string) => console.log(`[jobs] ${line}`);

/** Called once per server process (instrumentation.ts). */
export async function startJobs(): Promise<void> {
  if (env.DIGEST_CRON === "off" || !env.DATABASE_URL) return;
  try {
    await startDigestSchedule({
      databaseUrl: env.DATABASE_URL,
      cron: env.DIGEST_CRON,
      log,
      startRun: async () => (await createDigestRun(editionDateOf(new Date()))).runId,
      deliver: async (runId) => {
        const status = await executeDigestRun(runId, digestRunOptions(mailerFromEnv(), emailBaseUrl()));
        log(`digest ${status.date}: ${status.sent} sent, ${status.failed} failed, ${status.skipped} skipped`);
      },
    });
  } catch (error) {
    // The site keeps serving; /api/cron/digest and npm run digest still work.
    log(`digest schedule not started: ${error instanceof Error ? error.message : String(error)}`);
  }
}
