// Before the browser tests: find a Chromium, or get one. Order of preference:
// CHROMIUM_PATH, Debian's /usr/bin/chromium, apt-get (as root on Debian), and
// Playwright's own download where the internet is reachable.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const log = (line: string) => console.log(`[browser] ${line}`);
const DEBIAN_CHROMIUM = "/usr/bin/chromium";

function run(command: string, args: string[]): boolean {
  log(`running: ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
}

function ensureBrowser(): void {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH points at ${configured}, which does not exist`);
    log(`using CHROMIUM_PATH=${configured}`);
    return;
  }
  if (existsSync(DEBIAN_CHROMIUM)) {
    log(`using Debian's Chromium at ${DEBIAN_CHROMIUM}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync("/etc/debian_version")) {
    log("no Chromium found: installing Debian's chromium package with apt-get");
    if (run("apt-get", ["update", "-q"]) && run("apt-get", ["install", "-y", "-q", "chromium"]) && existsSync(DEBIAN_CHROMIUM)) return;
    log("apt-get could not install chromium");
  }
  log("trying Playwright's own Chromium download (needs the internet)");
  if (!run("npx", ["playwright", "install", "chromium"])) {
    throw new Error("no Chromium available: install Debian's chromium package or set CHROMIUM_PATH");
  }
}

try {
  ensureBrowser();
} catch (error) {
  console.error(`[browser] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
