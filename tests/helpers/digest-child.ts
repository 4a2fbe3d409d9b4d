// A digest run in a process of its own, for tests/digest/crash-resume.test.ts, which
// kills it mid-run. Started as
//   node --import tsx --import ./scripts/server-only-hook.mjs tests/helpers/digest-child.ts
// with DATABASE_URL and AUTH_SECRET (read by lib/env) and:
//   DIGEST_RUN_ID      the run to execute
//   DIGEST_SMTP_URL    the SMTP test server of the parent
//   DIGEST_OPTIONS     JSON: batchSize, leaseMs, retryBaseMs, maxAttempts, digestSize, clockOffsetMs
// Prints one JSON line with the run's status when it finishes.
import { executeDigestRun } from "@/lib/digest/run";
import { db } from "@/lib/db";
import { BASE_URL, testMailer } from "./digest-fixtures";

type ChildOptions = { batchSize: number; leaseMs: number; retryBaseMs: number; maxAttempts: number; digestSize: number; clockOffsetMs: number };

const runId = process.env.DIGEST_RUN_ID;
const smtpUrl = process.env.DIGEST_SMTP_URL;
if (!runId || !smtpUrl || !process.env.DIGEST_OPTIONS) throw new Error("digest-child: DIGEST_RUN_ID, DIGEST_SMTP_URL and DIGEST_OPTIONS are required");
const { clockOffsetMs, ...options } = JSON.parse(process.env.DIGEST_OPTIONS) as ChildOptions;

const { mailer, cleanup } = testMailer(smtpUrl);
try {
  const status = await executeDigestRun(runId, {
    ...options,
    mailer,
    baseUrl: BASE_URL,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  console.log(JSON.stringify(status));
} finally {
  await cleanup();
  await db.$disconnect();
}
