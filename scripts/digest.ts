// `npm run digest [-- --date YYYY-MM-DD]`: today's digest run (UTC) from the command
// line, the same code as /api/cron/digest, with a progress line. Uses DATABASE_URL, or
// the embedded database when it is unset (stop `npm start` first: PGlite has one owner).
// SIGTERM or Ctrl-C stops it gracefully: the sends in flight finish, the rest is left
// for the next run (README, "Exactly once"), and it exits 0 once that is recorded.
// package.json runs it with --max-old-space-size=256. What a run keeps alive does not
// grow with its subscribers (a batch, at most 1,000 rendered digests), but V8 sizes the
// heap to the machine (a ~4 GB limit on 24 GB) and let garbage pile up to 591 MB RSS in
// a 100k run; capped, the same run peaked at 373 MB and took less time (bench/README.md, "digest").
import { parseArgs } from "node:util";
import { parseEnv } from "@/lib/env/schema";
import { onStopSignal, STOP_GRACE_MS, stopWork } from "@/lib/jobs/graceful-stop";
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
  onStopSignal((signal) => {
    log(`${signal}: stopping: the sends in flight finish, the rest is left for the next run`);
    void stopWork(STOP_GRACE_MS).then((stopped) => {
      if (stopped) return; // main() goes on to record, close everything and end
      console.error(`[digest] still sending after ${STOP_GRACE_MS / 1000} s: exiting; the rows in flight are re-sent by the next run once their lease runs out`);
      process.exit(1);
    });
  });
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
    if (summary.status === "stopped") log(`the other ${summary.recipients - summary.sent - summary.failed - summary.skipped} are left for the next run: run it again to finish ${date}`);
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
