// For a describe block of digest tests: SMTP test servers, and anything else handed to
// `defer` (mailers), closed after each test, newest first.
import { afterEach } from "vitest";
import { startSmtpTestServer, type SmtpTestServer, type SmtpTestServerOptions } from "./smtp-test-server";

export function perTestSmtp() {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    defer: (cleanup: () => Promise<void>) => void cleanups.push(cleanup),
    server: async (options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> => {
      const smtp = await startSmtpTestServer(options);
      cleanups.push(() => smtp.close());
      return smtp;
    },
  };
}
