// Starts tests/helpers/app-process-child.ts (an app process's pg-boss schedules and
// workers) as a separate OS process, and reads its log.
//
//   const app = await startAppProcess("a", { DATABASE_URL, SMTP_URL, DIGEST_CRON, … });
//   await app.waitForLine(/digest scheduled/);
//   app.lines(/\[jobs\] digest \d/);
//   await app.stop();
import { spawn } from "node:child_process";

export type AppProcess = {
  label: string;
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
  /** Its log lines matching `pattern`. */
  lines: (pattern: RegExp) => string[];
  /** Resolves once a line matches; rejects when the process exits first or after timeoutMs. */
  waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  /** SIGTERM, as a server is stopped, then waits for the exit. */
  stop: () => Promise<void>;
  /** Resolves with how the process ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export function startAppProcess(label: string, env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/server-only-hook.mjs", "tests/helpers/app-process-child.ts"], {
    cwd: process.cwd(),
    // instrumentation.ts starts the jobs only in Next's Node.js runtime.
    env: { ...process.env, NEXT_RUNTIME: "nodejs", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`app process ${label} did not start`);
  let output = "";
  const append = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const lines = (pattern: RegExp) => output.split("\n").filter((line) => pattern.test(line));

  return {
    label,
    pid: child.pid,
    output: () => output,
    lines,
    async waitForLine(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [found] = lines(pattern);
        if (found !== undefined) return found;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`app process ${label} exited before ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`app process ${label}: no ${pattern} after ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
    exited,
  };
}
