// The V8 heap flags `npm run digest` runs with, read from its package.json script (the one
// place they are set; scripts/digest.ts says why), for whatever starts the digest CLI or
// its equivalent in a process of its own: the digest benchmark, the graceful-shutdown test.
import { readFileSync } from "node:fs";
import path from "node:path";

export function digestHeapFlags(): string[] {
  const scripts = JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")).scripts as Record<string, string>;
  return scripts.digest.split(/\s+/).filter((arg) => /^--max-(old|semi)-space-size=\d+$/.test(arg));
}
