import "server-only";
import { env } from "@/lib/env";
import { processStopSignal } from "@/lib/jobs/graceful-stop";
import type { Mailer } from "@/lib/mail";
import type { RunOptions } from "./run";

/** The digest run's settings for this deployment; tests build their own. */
export function digestRunOptions(mailer: Mailer, baseUrl: string, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    mailer,
    baseUrl,
    now: () => new Date(),
    batchSize: 50,
    leaseMs: 5 * 60_000,
    retryBaseMs: 60_000,
    maxAttempts: 5,
    concurrency: env.DIGEST_CONCURRENCY,
    digestSize: env.DIGEST_SIZE,
    // SIGTERM stops every run of the process gracefully, whoever started it.
    signal: processStopSignal(),
    ...extra,
  };
}
