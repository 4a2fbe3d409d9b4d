import { tmpdir } from "node:os";
import path from "node:path";

/** Shared by the e2e server and the tests: where the app under test keeps its data and outbox. */
export function e2eDataDir(port: number): string {
  return path.join(tmpdir(), `paperboy-e2e-${port}`);
}

/** Where the e2e server writes the URL of its database (a fresh one per run). */
export function e2eDatabaseUrlFile(port: number): string {
  return path.join(e2eDataDir(port), "database-url");
}

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);
export const E2E_CRON_SECRET = "e2e-cron-secret-0123456789";
