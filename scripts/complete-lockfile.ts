// Run after every `npm install` that changes dependencies: `npm run lockfile:complete`.
//
// Why: the npm registry reachable from our machines serves only the platform
// builds of native packages that these machines use (linux-x64-gnu). `npm install`
// then silently leaves the other platforms' optional packages (darwin, win32,
// musl, ...) out of package-lock.json, and `npm ci` refuses the lock file as out
// of sync. This adds the missing entries with the os/cpu/libc their names state,
// so `npm ci` skips them here and fetches the right one on any other machine.
import { readFileSync, writeFileSync } from "node:fs";

type LockEntry = {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
};

const OSES = ["darwin", "linux", "win32", "freebsd", "openbsd", "netbsd", "android", "openharmony", "sunos", "aix"];
const CPUS = ["x64", "arm64", "arm", "ia32", "loong64", "ppc64", "riscv64", "s390x", "wasm32"];

/** "rollup-linux-arm-musleabihf" → { os: ["linux"], cpu: ["arm"], libc: ["musl"] } */
export function platformOf(name: string): Pick<LockEntry, "os" | "cpu" | "libc"> {
  const tokens = name.split("/").pop()!.split("-");
  const os = tokens.find((t) => OSES.includes(t));
  const cpu = tokens.find((t) => CPUS.includes(t));
  const libcToken = tokens.find((t) => /^(gnu|musl)/.test(t));
  return {
    ...(os ? { os: [os] } : {}),
    ...(cpu ? { cpu: [cpu] } : {}),
    ...(os === "linux" && libcToken ? { libc: [libcToken.startsWith("musl") ? "musl" : "glibc"] } : {}),
  };
}

function complete(lockPath: string): number {
  const lock = JSON.parse(readFileSync(lockPath, "utf8")) as { packages: Record<string, LockEntry> };
  let added = 0;
  for (const [location, entry] of Object.entries(lock.packages)) {
    for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${location ? `${location}/` : ""}node_modules/${name}`;
      if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
      const platform = platformOf(name);
      if (!platform.os && !platform.cpu) continue; // not a platform build: leave npm's decision alone
      lock.packages[`node_modules/${name}`] = {
        version: range.replace(/^[\^~=]/, ""),
        ...(entry.dev ? { dev: true } : {}),
        optional: true,
        ...platform,
      };
      added += 1;
    }
  }
  lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  return added;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`complete-lockfile: added ${complete("package-lock.json")} platform entries`);
}
