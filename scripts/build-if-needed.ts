// `npm start` builds only when the sources changed since the last build: it
// hashes every file that shapes the build and keeps the hash next to Next's output.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const SOURCE_DIRS = ["app", "components", "lib", "emails", "public"];
// proxy.ts and instrumentation.ts are built into the server too.
const SOURCE_FILES = ["next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma", "proxy.ts", "instrumentation.ts"];
const STAMP = path.join(".next", "paperboy-sources.sha256");

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

export function sourcesHash(): string {
  const hash = createHash("sha256");
  const files = [...SOURCE_DIRS.flatMap((dir) => [...walk(dir)]), ...SOURCE_FILES.filter((f) => existsSync(f))];
  for (const file of files) {
    if (!statSync(file).isFile()) continue;
    hash.update(file).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Runs `next build` unless the last build was made from these exact sources. */
export function buildIfNeeded(log: (line: string) => void): void {
  const hash = sourcesHash();
  const built = existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash;
  if (built) {
    log("sources unchanged since the last build: reusing .next");
    return;
  }
  log("building the app (next build); later starts reuse it until the sources change");
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(STAMP, hash);
}
