// Playwright's web server: the same start-up path as `npm start` (build if needed,
// migrate, demo data, next start), on a database of its own: a fresh database on
// TEST_DATABASE_URL's server, or an in-memory PGlite served on a local port.
import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createFreshDatabase } from "../setup/fresh-database";
import { E2E_CRON_SECRET, e2eDatabaseUrlFile, e2eDataDir } from "./e2e-env";

const fresh = await createFreshDatabase("paperboy_e2e", process.env.TEST_DATABASE_URL);
// Its own DATA_DIR: the mail outbox, which the tests read confirmation and digest emails
// from, and the database's URL, for specs that load data the way an operator does
// (`npm run ingest` against the app's database).
const dataDir = e2eDataDir(Number(process.env.PORT));
await rm(dataDir, { recursive: true, force: true });
await mkdir(dataDir, { recursive: true });
await writeFile(e2eDatabaseUrlFile(Number(process.env.PORT)), fresh.url);

const app = spawn("tsx", ["scripts/start.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: fresh.url,
    // Mail goes to the outbox, never to a real server.
    SMTP_URL: "",
    CRON_SECRET: E2E_CRON_SECRET,
    DEMO_DATA: "on",
    // Browser tests never reach out to arXiv or Hugging Face, whatever the hour.
    INGEST_CRON: "off",
  },
});

// Playwright stops the server with SIGTERM (gracefulShutdown in playwright.config.ts),
// so the database made for this run is dropped rather than left behind.
let cleaningUp = false;
async function cleanUp(code: number): Promise<void> {
  if (cleaningUp) return;
  cleaningUp = true;
  app.kill("SIGTERM");
  await fresh.drop().catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
  process.exit(code);
}

app.on("exit", (code) => void cleanUp(code ?? 1));
process.on("SIGTERM", () => void cleanUp(0));
process.on("SIGINT", () => void cleanUp(0));
