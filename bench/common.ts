// What every benchmark's result row carries (the machine, the code it measured) and how
// it is appended to bench/results/<name>.json.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export function describeMachine(loadavgStart: number[]) {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown CPU",
    cores: os.cpus().length,
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavgStart,
    loadavgEnd: os.loadavg(),
  };
}

/** The commit measured, and which of `paths` differed from it. */
export function codeVersion(paths: string[]): { commit: string; uncommitted: string[] } {
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
  try {
    const commit = git("rev-parse", "--short=12", "HEAD");
    const uncommitted = git("status", "--porcelain", "--", ...paths).split("\n").filter(Boolean).map((line) => line.slice(3));
    return { commit, uncommitted };
  } catch {
    return { commit: "unknown", uncommitted: [] };
  }
}

/** Appends `row` to bench/results/<name>.json; fractional numbers kept to 2 decimals (the rest is noise). */
export async function appendResult(name: string, row: unknown): Promise<string> {
  const file = path.join(import.meta.dirname, "results", `${name}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  const existing: unknown[] = existsSync(file) ? JSON.parse(await readFile(file, "utf8")) : [];
  existing.push(row);
  const rounded = (_key: string, value: unknown) => (typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 100) / 100 : value);
  await writeFile(file, `${JSON.stringify(existing, rounded, 2)}\n`);
  return path.relative(process.cwd(), file);
}

/** A wrong option: bench/run.ts prints its message as one line and exits 2. */
export function usageError(message: string): Error {
  const error = new Error(message);
  error.name = "UsageError";
  return error;
}
