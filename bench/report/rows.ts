// Reading bench/results/*.json. Every field is optional on purpose: rows written by older
// versions of a benchmark lack fields newer ones have, and a report that throws on an old
// row would make history unreadable.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CodeVersion } from "./format";

export type Machine = { cpu?: string; cores?: number; memoryGB?: number; os?: string; node?: string };
export type PostgresInfo = { version?: string; embedded?: boolean; settings?: Record<string, string> };
/** What bench/common.ts gives every row; each benchmark adds its figures. */
export type BaseRow = { date?: string; machine?: Machine; postgres?: PostgresInfo; code?: CodeVersion };
export type Percentiles = { p50?: number; p95?: number; p99?: number; mean?: number; n?: number };

/** Rows per benchmark (file name without .json), oldest first, benchmarks in name order. */
export function readResults(directory: string): Map<string, BaseRow[]> {
  const results = new Map<string, BaseRow[]>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith(".json")).sort()) {
    const parsed = parseJson(path.join(directory, file));
    const rows = (Array.isArray(parsed) ? parsed : [parsed]).filter((row): row is BaseRow => typeof row === "object" && row !== null);
    results.set(file.slice(0, -".json".length), byDate(rows));
  }
  return results;
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    // Which file, since a benchmark interrupted while writing leaves one half-written.
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Oldest first. A row without a date sorts with the row before it (rows are appended in order). */
export function byDate<T extends { date?: string }>(rows: T[]): T[] {
  let previous = "";
  const keyed = rows.map((row) => ({ row, key: (previous = row.date ?? previous) }));
  // ISO dates order as strings; no localeCompare, whose order depends on the locale. sort() is stable.
  return keyed.sort((a, b) => (a.key === b.key ? 0 : a.key < b.key ? -1 : 1)).map(({ row }) => row);
}

/** The last item per key, in order of each key's first appearance: "the latest row per (kind, size)". */
export function latestPerKey<T>(items: T[], key: (item: T) => string): T[] {
  const latest = new Map<string, T>();
  for (const item of items) latest.set(key(item), item);
  return [...latest.values()];
}

/** "PostgreSQL 15.20" or "PGlite 0.5.14 (PostgreSQL 18.6)", from `SELECT version()`. */
export function postgresName(postgres: PostgresInfo | undefined): string | undefined {
  const version = postgres?.version;
  if (!version) return undefined;
  const server = /PostgreSQL ([\d.]+)/.exec(version)?.[1];
  const pglite = /PGlite ([\d.]+)/.exec(version)?.[1];
  if (pglite) return `PGlite ${pglite}${server ? ` (PostgreSQL ${server})` : ""}`;
  return server ? `PostgreSQL ${server}` : version.split(" on ")[0];
}

/** "AMD EPYC, 2 cores, 23.5 GB, Linux 6.18.44-fc-v782, Node v20.20.2". */
export function machineName(machine: Machine | undefined): string {
  if (!machine) return "unknown machine";
  const parts = [
    machine.cpu ?? "unknown CPU",
    machine.cores !== undefined ? `${machine.cores} cores` : undefined,
    machine.memoryGB !== undefined ? `${machine.memoryGB} GB` : undefined,
    machine.os,
    machine.node ? `Node ${machine.node}` : undefined,
  ];
  return parts.filter(Boolean).join(", ");
}

/** The settings a row recorded, as one line: "autovacuum=off, jit=on, …". */
export function settingsLine(postgres: PostgresInfo | undefined): string {
  return Object.entries(postgres?.settings ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
}
