// `npm run digest [-- --date YYYY-MM-DD]`: today's digest run (UTC) from the command
// line, the same code as /api/cron/digest, with a progress line. Uses DATABASE_URL, or
// the embedded database when it is unset (stop `npm start` first: PGlite has one owner).
import { parseArgs } from "node:util";
import { parseEnv } from "@/lib/env/schema";
import { ensureAuthSecret } from "./auth-secret";
import { generatePrismaClient } from "./generate-client";
import { createProgressBar } from "./progress-bar";

const log = (line: string) => console.log(`[digest] ${line}`);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { date: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    console.log("usage: npm run digest [-- --date YYYY-MM-DD]   (default: today, UTC)");
    return;
  }
  const env = parseEnv(process.env);
  process.env.AUTH_SECRET = ensureAuthSecret(env.AUTH_SECRET, env.DATA_DIR);
  generatePrismaClient();

  const { prepareDatabase } = await import("@/lib/db/prepare");
  const database = await prepareDatabase({ ...env, DEMO_DATA: "off" }, log);
  process.env.DATABASE_URL = database.url;
  try {
    const { daySchema } = await import("@/lib/papers/day-schema");
    const { editionDateOf } = await import("@/lib/digest/schedule");
    const date = daySchema(new Date()).parse(values.date ?? editionDateOf(new Date()));
    const { createDigestRun, executeDigestRun } = await import("@/lib/digest/run");
    const { digestRunOptions } = await import("@/lib/digest/options");
    const { mailerFromEnv } = await import("@/lib/mail");
    const mailer = mailerFromEnv();
    const run = await createDigestRun(date);
    log(`run ${run.runId} for ${date}, mail via ${mailer.kind}`);
    const started = Date.now();
    const bar = createProgressBar("digest");
    const onProgress = (status: { recipients: number; sent: number; failed: number; skipped: number }) => {
      const done = status.sent + status.failed + status.skipped;
      const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(done, status.recipients, `${done}/${status.recipients}  sent ${status.sent}  failed ${status.failed}  skipped ${status.skipped}  ${rate.toFixed(0)}/s`);
    };
    const summary = await executeDigestRun(run.runId, digestRunOptions(mailer, env.APP_URL ?? `http://localhost:${env.PORT}`, { onProgress }));
    bar.finish();
    log(`${summary.status}: ${summary.recipients} recipients, ${summary.sent} sent, ${summary.failed} failed, ${summary.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await mailer.close();
  } finally {
    const { db } = await import("@/lib/db");
    await db.$disconnect();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`\n[digest] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
