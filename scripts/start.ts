// `npm start` (and `npm run dev` with --dev): one command from a fresh clone to a
// running app. Generates the Prisma client, builds when sources changed, starts
// the database (embedded PGlite unless DATABASE_URL is set), applies migrations,
// loads the demo corpus into an empty database, then serves Next on PORT.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { EnvError, parseEnv } from "@/lib/env/schema";
import { STOP_GRACE_MS } from "@/lib/jobs/graceful-stop";
import { ensureAuthSecret } from "./auth-secret";
import { buildIfNeeded } from "./build-if-needed";
import { generatePrismaClient } from "./generate-client";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[paperboy] ${line}`);

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  generatePrismaClient();
  if (!dev) buildIfNeeded(log);

  // Imported only now: it needs the Prisma client generated above.
  const { prepareDatabase } = await import("@/lib/db/prepare");
  const database = await prepareDatabase(env, log);
  log(`database: ${database.label}`);

  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const server = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "--port", String(env.PORT)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      AUTH_SECRET: ensureAuthSecret(env.AUTH_SECRET, env.DATA_DIR),
      NEXT_TELEMETRY_DISABLED: "1",
      // The app stops itself on SIGTERM once its digest sends in flight are recorded
      // (lib/jobs/start-jobs.ts); Next's own handler would exit without waiting for them.
      // `next dev` does not support it, and a dev server sends no digest worth waiting for.
      ...(dev ? {} : { NEXT_MANUAL_SIG_HANDLE: "true" }),
    },
  });
  const serverExited = new Promise<number>((resolve) => server.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));

  let stopping = false;
  // On SIGTERM or Ctrl-C: pass it on, wait for the app to stop (it finishes its sends in
  // flight, up to STOP_GRACE_MS), and only then stop the embedded database it uses.
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.kill("SIGTERM");
    // Its own grace period bounds the wait; should it hang past that, it is killed.
    const kill = setTimeout(() => server.kill("SIGKILL"), STOP_GRACE_MS + 5_000);
    const code = await serverExited;
    clearTimeout(kill);
    await database.stop();
    process.exit(code === 0 || code === 143 || code === 130 ? 0 : code);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  // The app ended by itself (it crashed): so does this, with its exit code.
  void serverExited.then(async (code) => {
    if (stopping) return;
    stopping = true;
    await database.stop();
    process.exit(code);
  });

  await waitUntilHealthy(env.PORT);
  log(`ready: open http://localhost:${env.PORT}  (database: ${database.label})`);
}

async function waitUntilHealthy(port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/api/health`;
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not answer ${url} within 150 s`);
}

main().catch((error: unknown) => {
  // Env and migration errors are written for people: one line, no stack trace.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[paperboy] ${error instanceof EnvError ? message : `start failed: ${message}`}`);
  process.exit(1);
});
