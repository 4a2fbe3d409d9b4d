// Playwright's web server: the same start-up path as `npm start` (build if needed,
// migrate, demo data, next start), on a database of its own: a fresh database on
// TEST_DATABASE_URL's server, or an embedded PGlite in a temporary directory.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFreshDatabase } from "../setup/fresh-database";

const server = process.env.TEST_DATABASE_URL;
const fresh = server ? await createFreshDatabase("paperboy_e2e", server) : null;
const dataDir = fresh ? null : await mkdtemp(path.join(tmpdir(), "paperboy-e2e-"));

const app = spawn("tsx", ["scripts/start.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    ...(fresh ? { DATABASE_URL: fresh.url } : { DATA_DIR: dataDir!, DATABASE_URL: "" }),
    DEMO_DATA: "on",
  },
});

// Playwright stops the server with SIGTERM (gracefulShutdown in playwright.config.ts),
// so the database made for this run is dropped rather than left behind.
let cleaningUp = false;
async function cleanUp(code: number): Promise<void> {
  if (cleaningUp) return;
  cleaningUp = true;
  app.kill("SIGTERM");
  await fresh?.drop().catch(() => {});
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  process.exit(code);
}

app.on("exit", (code) => void cleanUp(code ?? 1));
process.on("SIGTERM", () => void cleanUp(0));
process.on("SIGINT", () => void cleanUp(0));
