// File imports (arXiv snapshot, JSONL) on the test database: fixtures with nasty lines,
// the demo/real merge, resuming after a kill, and a 50k-line file streamed in bounded memory.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { parseSnapshotLine } from "@/lib/ingest/arxiv-snapshot/parse-snapshot-line";
import { loadDemoCorpus } from "@/lib/ingest/demo/load-demo";
import { parseJsonlLine } from "@/lib/ingest/jsonl/parse-jsonl-line";
import { ingestLinesFile } from "@/lib/ingest/sources/lines-file";
import { resetDatabase } from "../../setup/reset-database";

const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 2 });
const FIXTURES = path.join(import.meta.dirname, "..", "..", "fixtures");
const now = new Date("2026-11-23T12:00:00Z");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "paperboy-ingest-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await db.$disconnect();
});
beforeEach(() => resetDatabase());

const snapshot = (file: string, batchSize = 2000) =>
  ingestLinesFile({ db, source: "arxiv-snapshot", input: { path: file }, parseLine: parseSnapshotLine, batchSize });

describe("arXiv snapshot file", () => {
  it("imports the good lines, reports each bad one by line number, and a second run changes nothing", async () => {
    const file = path.join(FIXTURES, "arxiv-snapshot", "sample.jsonl");
    const first = await snapshot(file, 3);
    expect(first.status).toBe("succeeded");
    expect(first.totals.skipped).toBe(first.totals.issues.length);
    expect(first.totals.issues.length).toBeGreaterThanOrEqual(3);
    for (const issue of first.totals.issues) expect(issue.position).toMatch(/^line \d+$/);
    expect(first.totals.inserted).toBe(await db.paper.count());
    expect(first.totals.read).toBe(first.totals.inserted + first.totals.updated + first.totals.unchanged + first.totals.skipped);

    const second = await snapshot(file, 3);
    expect(second.totals).toMatchObject({ inserted: 0, updated: 0, skipped: first.totals.skipped });
    expect(second.resumedAfterLine).toBe(0);
    expect(await db.ingestCheckpoint.count()).toBe(0);
  });
});

describe("JSONL", () => {
  it("merges a demo paper with its arXiv record: one paper, the demo's id and votes kept", async () => {
    await loadDemoCorpus(db, { now });
    const demo = await db.paper.findFirstOrThrow({ where: { source: "demo" }, orderBy: { id: "asc" }, include: { _count: { select: { votes: true } } } });
    const papersBefore = await db.paper.count();
    const line = JSON.stringify({ title: demo.title.toUpperCase(), abstract: "The real abstract.", authors: ["Real Author"], arxivId: "2401.00042v3", publishedAt: "2024-01-02T03:04:05Z" });

    const result = await ingestLinesFile({ db, source: "jsonl", input: { stream: Readable.from([line + "\n"]), name: "stdin" }, parseLine: (l, n) => parseJsonlLine(l, n, now) });
    expect(result.totals).toMatchObject({ read: 1, inserted: 0, updated: 1 });
    expect(await db.paper.count()).toBe(papersBefore);
    const merged = await db.paper.findUniqueOrThrow({ where: { id: demo.id }, include: { _count: { select: { votes: true } } } });
    expect(merged).toMatchObject({ arxivId: "2401.00042", arxivVersion: 3, abstract: "The real abstract.", source: "jsonl" });
    expect(merged._count.votes).toBe(demo._count.votes);
  });

  it("reports malformed lines and still writes the rest of the batch", async () => {
    const result = await ingestLinesFile({
      db,
      source: "jsonl",
      input: { path: path.join(FIXTURES, "jsonl", "sample.jsonl") },
      parseLine: (l, n) => parseJsonlLine(l, n, now),
    });
    expect(result.status).toBe("succeeded");
    expect(result.totals.skipped).toBeGreaterThan(0);
    expect(result.totals.inserted).toBeGreaterThan(0);
    expect(result.totals.inserted).toBe(await db.paper.count());
    expect(result.totals.issues[0]!.position).toMatch(/^line \d+$/);
  });
});

/** A snapshot file of `count` distinct papers, written as a stream. */
async function writeSnapshot(file: string, count: number): Promise<number> {
  const out = createWriteStream(file);
  const words = ["sparse", "attention", "diffusion", "graph", "robust", "agents", "retrieval", "scaling", "token", "vision"];
  for (let i = 0; i < count; i++) {
    const w = (k: number) => words[(i * 7 + k * 3) % words.length];
    const abstract = `We study ${w(1)} ${w(2)} models number ${i}. `.repeat(12);
    const line = JSON.stringify({
      id: `2611.${String(i).padStart(5, "0")}`,
      authors: "A. Author, B. Author",
      title: `${w(0)} ${w(1)} study ${i}`,
      comments: null,
      categories: "cs.LG stat.ML",
      abstract,
      versions: [{ version: "v1", created: "Mon, 2 Nov 2026 19:18:42 GMT" }],
      update_date: "2026-11-02",
      authors_parsed: [["Author", "A.", ""], ["Author", "B.", ""]],
    });
    if (!out.write(line + "\n")) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return (await stat(file)).size;
}

type ChildLine = { bytes?: number; heapAfterGc?: number; result?: { status: string; totals: { inserted: number } } };

/** Runs tests/helpers/ingest-child.ts; `stopWhen` may kill it (SIGKILL) after any progress line. */
function runChild(file: string, stopWhen?: (line: ChildLine) => boolean): Promise<{ lines: ChildLine[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "tests/helpers/ingest-child.ts"], {
      env: { ...process.env, INGEST_FILE: file, INGEST_SOURCE: "arxiv-snapshot", INGEST_BATCH: "500" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines: ChildLine[] = [];
    let killed = false;
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const complete = buffered.split("\n");
      buffered = complete.pop()!;
      for (const text of complete.filter(Boolean)) {
        const line = JSON.parse(text) as ChildLine;
        lines.push(line);
        if (!killed && stopWhen?.(line)) {
          killed = true;
          child.kill("SIGKILL");
        }
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 || killed ? resolve({ lines, killed }) : reject(new Error(`ingest child exited with ${code}`))));
  });
}

describe("a 50,000-line snapshot in a child process", () => {
  it("resumes after a kill without duplicates, and streams in bounded memory", async () => {
    const file = path.join(dir, "snapshot-50k.jsonl");
    const size = await writeSnapshot(file, 50_000);

    // Killed once a third of the file is committed.
    const first = await runChild(file, (line) => (line.bytes ?? 0) > size / 3);
    expect(first.killed).toBe(true);
    const committed = await db.paper.count();
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(50_000);
    const checkpoint = await db.ingestCheckpoint.findFirstOrThrow();
    expect(Number(checkpoint.position)).toBe(committed);

    const second = await runChild(file);
    const result = second.lines.at(-1)!.result!;
    expect(result.status).toBe("succeeded");
    // Resumed after the last committed line: only the rest was inserted, nothing twice.
    expect(result.totals.inserted).toBe(50_000 - committed);
    expect(await db.paper.count()).toBe(50_000);
    expect(await db.paperAuthor.count()).toBe(100_000);
    const run = await db.ingestRun.findFirstOrThrow({ where: { status: "succeeded" } });
    expect(run.description).toContain(`resumed after line ${committed}`);

    // Memory: the heap after GC stays flat while the file streams through. Holding the
    // parsed file would add tens of MB (the file is ${size} bytes).
    const heaps = second.lines.flatMap((line) => (line.heapAfterGc === undefined ? [] : [line.heapAfterGc]));
    expect(heaps.length).toBeGreaterThan(20);
    const growth = Math.max(...heaps.slice(Math.floor(heaps.length / 4))) - heaps[Math.floor(heaps.length / 4)]!;
    expect(size).toBeGreaterThan(30_000_000);
    expect(growth).toBeLessThan(size / 5);
  }, 300_000);
});
