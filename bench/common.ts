// What every benchmark's result row carries (the machine, the code it measured) and how
// it is appended to bench/results/<name>.json.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";

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
  const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" });
  try {
    const commit = git("rev-parse", "--short=12", "HEAD").trim();
    // Not trimmed: porcelain lines start with a two-letter status that may begin with a space.
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
/**
 * Gives `dir` this checkout's node_modules as hard links (once): a second copy at no cost in
 * disk or time, for the other app trees the benchmarks build (the bundler refuses a symlink).
 */
export function linkNodeModules(dir: string): void {
  if (!existsSync(path.join(dir, "node_modules"))) execFileSync("cp", ["-al", path.join(process.cwd(), "node_modules"), path.join(dir, "node_modules")]);
}

export function usageError(message: string): Error {
  const error = new Error(message);
  error.name = "UsageError";
  return error;
}

/** An option's whole number (1_000_000 allowed), at least `min`; else a usage error naming the option. */
export function wholeNumberOption(name: string, raw: string, min: number): number {
  const n = Number(raw.trim().replace(/_/g, ""));
  if (!Number.isInteger(n) || n < min) throw usageError(`--${name} must be a whole number ≥ ${min} (got ${JSON.stringify(raw)})`);
  return n;
}

/** A database a benchmark made for itself, dropped when it ends. */
export type BenchDatabase = { url: string; label: string; drop: () => Promise<void> };

/** The server benchmarks create their databases on. */
export const benchServerUrl = () => process.env.BENCH_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/** An empty database on the bench server (not migrated), named after the benchmark and run. */
export async function createServerDatabase(suffix: string): Promise<BenchDatabase> {
  const admin = benchServerUrl();
  const name = `paperboy_bench_${Date.now()}_${suffix}_${randomBytes(2).toString("hex")}`;
  await withClient(admin, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    label: `database ${name} on ${url.host}`,
    drop: () => withClient(admin, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * The databases a run has open, dropped by `dropAll` at the end or on Ctrl-C / SIGTERM
 * (unless `keep`). `release` removes the signal handlers once the run is over.
 */
export function trackDatabases<D extends { label: string; drop: () => Promise<void> }>(keep: boolean, log: (line: string) => void) {
  const open: D[] = [];
  const dropAll = async () => {
    for (const database of open.splice(0)) await database.drop().catch((error: unknown) => log(`could not drop ${database.label}: ${String(error)}`));
  };
  const onSignal = () => {
    log(keep ? "interrupted" : "interrupted: dropping the bench databases");
    (keep ? Promise.resolve() : dropAll()).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const release = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
  return { open, dropAll, release };
}
