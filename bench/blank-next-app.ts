// The framework's own share of a first load, for `npm run bench -- bundle`: a blank App
// Router app (one layout, one page with a line of text) built by the same Next.js and
// React as the app, in the temp dir with node_modules hard-linked, then served by
// `next start`. Whatever the app's pages load beyond what this page loads is ours.
import { execFileSync, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { linkNodeModules } from "./common";

const BLANK_DIR = path.join(os.tmpdir(), "paperboy-blank-next");
const START_TIMEOUT_MS = 60_000;

const FILES: Record<string, string> = {
  "package.json": `{ "private": true, "name": "paperboy-blank-next" }\n`,
  "app/layout.js": `export default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`,
  "app/page.js": `export default function Page() {\n  return <p>A blank page.</p>;\n}\n`,
};

export type BlankApp = { origin: string; stop: () => void };

export async function startBlankNextApp(port: number, log: (line: string) => void): Promise<BlankApp> {
  await mkdir(path.join(BLANK_DIR, "app"), { recursive: true });
  for (const [file, text] of Object.entries(FILES)) await writeFile(path.join(BLANK_DIR, file), text);
  linkNodeModules(BLANK_DIR);
  log(`blank Next.js app: building in ${BLANK_DIR}`);
  execFileSync("npx", ["next", "build"], { cwd: BLANK_DIR, stdio: "ignore", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: BLANK_DIR, stdio: "ignore", detached: true });
  // Its own process group, so stop() reaches npx and the server it started.
  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // Already gone.
    }
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      if ((await fetch(origin)).ok) return { origin, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`the blank Next.js app did not answer on ${origin} within ${START_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
