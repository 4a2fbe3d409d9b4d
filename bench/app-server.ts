// The production app as benchmarks meet it: `npm start` (scripts/start.ts: build if the
// sources changed, migrate, demo data into an empty database, `next start`) in a process
// group of its own, on a throwaway DATA_DIR, with the schedules off. Shared by the bundle
// and pages benchmarks.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export type AppServerOptions = {
  port: number;
  /** A PostgreSQL URL, or "" for the embedded PGlite database in the temporary DATA_DIR. */
  databaseUrl: string;
  /** Load the demo corpus when the papers table is empty (scripts/start.ts). */
  demoData: boolean;
  log: (line: string) => void;
  /** The tree to run `npm start` in (default: this one); bench/baseline-tree.ts makes another. */
  cwd?: string;
  /** More environment for the app (e.g. SMTP_URL, CRON_SECRET); applied last. */
  env?: Record<string, string>;
  /** Everything the app writes to stdout and stderr, as it comes. */
  onOutput?: (chunk: string) => void;
  /** Preload heap-probe.mjs into the app, for `liveHeap()`. */
  heapProbe?: boolean;
  /** Preload cpu-probe.mjs into the app, for `cutCpuProfile()`. Not with `heapProbe`: both answer SIGUSR2. */
  cpuProbe?: boolean;
};

/** What a full GC of the `next start` server left alive (heap-probe.mjs), in MB. */
export type LiveHeap = { usedMB: number; externalMB: number; rssMB: number; gcMs: number };

export type AppServer = {
  origin: string;
  /** The last few kB the app wrote to stdout and stderr (its errors, when requests fail). */
  outputTail: () => string;
  /** Peak resident memory of the `next start` process so far (VmHWM), in MB; null if not found. */
  peakRssMB: () => number | null;
  /** The `next start` server process now: its pid and resident memory (VmRSS) in MB; null if not found. */
  serverRss: () => { pid: number; rssMB: number } | null;
  /** Makes the server collect all its garbage and says what is left (needs `heapProbe`). */
  liveHeap: () => Promise<LiveHeap>;
  /**
   * Ends the server's CPU profile (cpu-probe.mjs) and starts the next one; resolves to the
   * .cpuprofile file of what it sampled since the previous cut (needs `cpuProbe`).
   */
  cutCpuProfile: () => Promise<string>;
  stop: () => Promise<void>;
};

const START_TIMEOUT_MS = 10 * 60_000;

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "paperboy-bench-app-"));
  const origin = `http://127.0.0.1:${options.port}`;
  options.log(`starting the app on ${origin} (builds first if the sources changed)`);
  const probeFile = path.join(dataDir, "heap-probe.jsonl");
  const cpuProbeFile = path.join(dataDir, "probe.jsonl");
  if (options.heapProbe && options.cpuProbe) throw new Error("heapProbe and cpuProbe both answer SIGUSR2: ask for one");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    DEMO_DATA: options.demoData ? "on" : "off",
    DIGEST_CRON: "off",
    INGEST_CRON: "off",
    // Every request comes from this one address: the search limit would answer 429s.
    RATE_LIMITS: "off",
    ...options.env,
  };
  // Every node process of the app gets a probe; it acts only in `next start`.
  const preload = (file: string) => `${env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(path.join(import.meta.dirname, file))}`.trim();
  if (options.heapProbe) {
    env.NODE_OPTIONS = preload("heap-probe.mjs");
    env.PAPERBOY_HEAP_PROBE_FILE = probeFile;
  }
  if (options.cpuProbe) {
    env.NODE_OPTIONS = preload("cpu-probe.mjs");
    env.PAPERBOY_CPU_PROBE_DIR = dataDir;
  }
  const app = spawn("npx", ["tsx", "scripts/start.ts"], {
    cwd: options.cwd,
    env,
    // Kept, not shown: the build's and Next's chatter, and a flood of errors when an overloaded
    // app runs out of database connections; the bench shows the tail when something failed.
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stop() reaches npx, tsx, next start and the embedded database.
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8_000);
    options.onOutput?.(chunk.toString("utf8"));
  };
  app.stdout.on("data", keep);
  app.stderr.on("data", keep);
  let exitCode: number | null | undefined;
  app.once("exit", (code) => {
    exitCode = code;
  });
  const stop = async () => {
    try {
      process.kill(-app.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(origin, START_TIMEOUT_MS, () => {
      if (exitCode !== undefined) throw new Error(`the app exited (code ${exitCode}) before answering on ${origin}; its last output:\n${output}`);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const serverRss = () => {
    // The server is the largest of Next's processes (`next start` may keep a small parent).
    const [server] = nextServerProcesses(app.pid!).sort((a, b) => b.rssKB - a.rssKB);
    return server ? { pid: server.pid, rssMB: server.rssKB / 1024 } : null;
  };
  /** Signals the server's probe (it listens on SIGUSR2) and waits for the answer it appends to `file`. */
  const askProbe = async <Answer extends object>(enabled: boolean | undefined, file: string, isAnswer: (line: object) => line is Answer): Promise<Answer> => {
    const server = serverRss();
    if (!enabled || !server) throw new Error("the app was started without that probe, or no next start server is running");
    type Line = object & { probing?: number; error?: string };
    const lines = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Line) : []);
    const before = lines();
    // Unheard, SIGUSR2 would end the server.
    if (!before.some((line) => line.probing === server.pid)) throw new Error(`the probe is not listening in the server (pid ${server.pid})`);
    process.kill(server.pid, "SIGUSR2");
    // A full GC of a few hundred MB, or writing a profile, takes seconds on a busy machine.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 200))) {
      const answer = lines()[before.length];
      if (answer?.error) throw new Error(`probe: ${answer.error}`);
      if (answer && isAnswer(answer)) return answer;
    }
    throw new Error("the probe did not answer within 60 s");
  };
  const liveHeap = () => askProbe(options.heapProbe, probeFile, (line): line is LiveHeap => "usedMB" in line);
  const cutCpuProfile = async () => (await askProbe(options.cpuProbe, cpuProbeFile, (line): line is { profile: string } => "profile" in line)).profile;
  return {
    origin,
    outputTail: () => output,
    peakRssMB: () => {
      const processes = nextServerProcesses(app.pid!);
      return processes.length === 0 ? null : Math.max(...processes.map((p) => p.hwmKB)) / 1024;
    },
    serverRss,
    liveHeap,
    cutCpuProfile,
    stop,
  };
}

/** Polls the health route until it answers; `checkAlive` throws once the app is gone. */
async function waitUntilUp(origin: string, timeoutMs: number, checkAlive: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    checkAlive();
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`the app did not answer on ${origin} within ${timeoutMs / 1000} s`);
}

/**
 * The processes in the group `groupId` that run Next's server (their command line names
 * next's bin or "next-server"), with VmRSS and VmHWM (the kernel keeps the peak, so
 * nothing has to poll for it).
 */
function nextServerProcesses(groupId: number): { pid: number; rssKB: number; hwmKB: number }[] {
  const found: { pid: number; rssKB: number; hwmKB: number }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the parenthesised command name: state, ppid, pgrp, ...
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== groupId) continue;
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      if (!/next\/dist\/bin\/next|next-server/.test(commandLine)) continue;
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const rss = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      if (rss && hwm) found.push({ pid: Number(entry), rssKB: Number(rss), hwmKB: Number(hwm) });
    } catch {
      // exited while we looked, or not ours to read
    }
  }
  return found;
}
