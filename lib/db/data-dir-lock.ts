// PGlite is a single-process database: two apps opening the same data directory
// would corrupt it. A pid file makes the second one stop with a clear message.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock on `dir`; resolves to a function that releases it. */
export async function holdDataDirLock(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const lockFile = path.join(dir, "paperboy.pid");
  const holder = Number.parseInt(await readFile(lockFile, "utf8").catch(() => ""), 10);
  if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
    throw new Error(`The embedded database in ${dir} is in use by process ${holder}; stop it first or set DATA_DIR.`);
  }
  await writeFile(lockFile, String(process.pid));
  return () => rm(lockFile, { force: true });
}
