// For a describe block of digest tests: SMTP test servers, and anything else handed to
// `defer` (mailers), closed after each test, newest first; and whole digest runs.
import { afterEach } from "vitest";
import { createDigestRun, executeDigestRun, type RunOptions, type RunStatus } from "@/lib/digest/run";
import { clockFrom, testMailer, testRunOptions } from "./digest-fixtures";
import { startSmtpTestServer, type SmtpTestServer, type SmtpTestServerOptions } from "./smtp-test-server";

export function perTestSmtp() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (cleanup: () => Promise<void>) => void cleanups.push(cleanup);
  return {
    defer,
    /**
     * A whole run for `date` at 06:00 UTC: its own run row and its own pooled mailer
     * to `smtpUrl` (like a worker of its own process), closed after the test.
     */
    runDigest: async (date: string, smtpUrl: string, overrides: Partial<RunOptions> = {}): Promise<RunStatus> => {
      const { mailer, cleanup } = testMailer(smtpUrl);
      defer(cleanup);
      const { runId } = await createDigestRun(date);
      return executeDigestRun(runId, testRunOptions(mailer, clockFrom(`${date}T06:00:00Z`).now, overrides));
    },
    server: async (options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> => {
      const smtp = await startSmtpTestServer(options);
      cleanups.push(() => smtp.close());
      return smtp;
    },
  };
}
