// A digest run in a process of its own, for the tests that kill it mid-run
// (tests/digest/crash-resume.test.ts, tests/reliability/digest-crash-points.test.ts through
// crash-chain.ts). Started as
//   node --import tsx --import ./scripts/server-only-hook.mjs tests/helpers/digest-child.ts
// (or as the bundle crash-chain.ts makes of it) with DATABASE_URL and AUTH_SECRET (read by
// lib/env) and:
//   DIGEST_RUN_ID      the run to execute
//   DIGEST_SMTP_URL    the SMTP test server of the parent
//   DIGEST_OPTIONS     JSON: batchSize, leaseMs, retryBaseMs, maxAttempts, digestSize,
//                      concurrency (optional), clockOffsetMs
//   DIGEST_STANDBY     "1": load, open a database connection, print {"event":"ready"} and
//                      wait for a line on stdin before running (the parent starts the next
//                      child while this one runs, so the start-up cost is not in the chain)
// Prints {"event":"running"} as the run begins and {"event":"done","status":…} when it ends.
import { createInterface } from "node:readline";
import { db } from "@/lib/db";
import { executeDigestRun } from "@/lib/digest/run";
import { BASE_URL, testMailer } from "./digest-fixtures";

type ChildOptions = {
  batchSize: number;
  leaseMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  digestSize: number;
  concurrency?: number;
  clockOffsetMs: number;
};

const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const runId = process.env.DIGEST_RUN_ID;
const smtpUrl = process.env.DIGEST_SMTP_URL;
if (!runId || !smtpUrl || !process.env.DIGEST_OPTIONS) throw new Error("digest-child: DIGEST_RUN_ID, DIGEST_SMTP_URL and DIGEST_OPTIONS are required");
const { clockOffsetMs, ...options } = JSON.parse(process.env.DIGEST_OPTIONS) as ChildOptions;

if (process.env.DIGEST_STANDBY === "1") {
  await db.$queryRaw`SELECT 1`;
  say({ event: "ready" });
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();
}

const { mailer, cleanup } = testMailer(smtpUrl);
try {
  say({ event: "running" });
  const status = await executeDigestRun(runId, {
    ...options,
    mailer,
    baseUrl: BASE_URL,
    now: () => new Date(Date.now() + clockOffsetMs),
  });
  say({ event: "done", status });
} finally {
  await cleanup();
  await db.$disconnect();
}
