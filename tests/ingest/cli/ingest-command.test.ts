// `npm run ingest` as a user runs it (scripts/ingest.ts in a child process) against the
// test database: help, a usage error, and a JSONL import from standard input.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { resetDatabase } from "../../setup/reset-database";

function ingest(args: string[], stdin = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "scripts/ingest.ts", ...args], {
      env: { ...process.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("npm run ingest", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  beforeAll(() => resetDatabase());
  afterAll(() => db.$disconnect());

  it("prints usage with --help and exits 0", async () => {
    const { code, stdout } = await ingest(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("usage: npm run ingest -- <source> [options]");
    expect(stdout).toContain("arxiv-snapshot <file>");
  }, 60_000);

  it("exits 2 with one clear line for a bad argument", async () => {
    const { code, stderr } = await ingest(["arxiv", "--from", "2026-13-01"]);
    expect(code).toBe(2);
    expect(stderr).toContain("[ingest] --from is not a real date");
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  }, 60_000);

  it("imports JSONL from standard input, lists the malformed line and exits 0", async () => {
    const lines = [
      JSON.stringify({ title: "Piped In", abstract: "Read from standard input.", authors: ["Ada Lovelace"] }),
      "{ not json",
      JSON.stringify({ title: "Also Piped", abstract: "Second record.", arxivId: "2611.07777" }),
    ];
    const { code, stdout } = await ingest(["jsonl", "-"], lines.join("\n") + "\n");
    expect(code).toBe(0);
    expect(stdout).toMatch(/succeeded: read 3, inserted 2, updated 0, unchanged 0, skipped 1, failed 0/);
    expect(stdout).toMatch(/line 2: /);
    expect(await db.paper.count()).toBe(2);
  }, 60_000);
});
