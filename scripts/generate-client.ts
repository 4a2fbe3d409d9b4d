// Generates the Prisma client into lib/db/generated when schema.prisma changed
// or Prisma's version changed since the last generation (a fresh clone has none). Called by `npm start`,
// `npm run dev`, `npm test` and `npm run build`, so nobody has to remember it.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const schemaPath = path.resolve("prisma/schema.prisma");
const stampPath = path.resolve("lib/db/generated/.schema-sha256");

export function generatePrismaClient(): void {
  const require = createRequire(import.meta.url);
  const prismaVersion: string = require("prisma/package.json").version;
  const hash = createHash("sha256").update(readFileSync(schemaPath)).update(prismaVersion).digest("hex");
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === hash) return;

  console.log("generating the Prisma client (prisma/schema.prisma changed or was never generated)");
  const prismaCli = require.resolve("prisma/build/index.js");
  const result = spawnSync(process.execPath, [prismaCli, "generate"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      // The CLI looks for its native schema engine before every command and tries
      // to download it when missing, which fails offline. `generate` never runs
      // the engine, so any existing file satisfies the check.
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? schemaPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
  if (result.status !== 0) throw new Error("prisma generate failed");
  writeFileSync(stampPath, hash);
}

if (import.meta.url === `file://${process.argv[1]}`) generatePrismaClient();
