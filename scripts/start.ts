// `npm start` (and `npm run dev` with --dev): one command from a fresh clone to a
// running app. Generates the Prisma client, builds when sources changed, starts
// the database (embedded PGlite unless DATABASE_URL is set), applies migrations,
// loads the demo corpus into an empty database, then serves Next on PORT.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { EnvError, parseEnv } from "@/lib/env/schema";
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
    },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill("SIGTERM");
    await database.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  server.on("exit", (code) => void stop(code ?? 1));

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
