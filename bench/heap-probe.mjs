// Preloaded into the app's node processes by benchmarks that ask for it (app-server.ts,
// `heapProbe`: NODE_OPTIONS=--import=<this file>). It does something only in Next's server
// (`next start`): on SIGUSR2 it collects all garbage (a full GC, through the inspector
// protocol in this very process: no port, no debugger attached) and appends what is still
// alive to the file named by PAPERBOY_HEAP_PROBE_FILE, one JSON line per signal:
// {"usedMB","externalMB","rssMB","gcMs"}. It says first that it listens: {"probing": pid}
// (without it, SIGUSR2 would end the server). The live heap after a full GC, unlike RSS, does
// not depend on when V8 chose to collect, so a leak shows in it and lazy collection does not.
import { appendFileSync } from "node:fs";
import { Session } from "node:inspector";

const [, script, command] = process.argv;
const file = process.env.PAPERBOY_HEAP_PROBE_FILE;

if (file && script?.endsWith("next/dist/bin/next") && command === "start") {
  const session = new Session();
  session.connect();
  const post = (method) => new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  const MB = 1024 * 1024;
  appendFileSync(file, `${JSON.stringify({ probing: process.pid })}\n`);
  process.on("SIGUSR2", () => {
    const started = performance.now();
    post("HeapProfiler.collectGarbage")
      .then(() => post("Runtime.getHeapUsage"))
      .then(({ usedSize }) => {
        const { external, rss } = process.memoryUsage();
        const line = { usedMB: usedSize / MB, externalMB: external / MB, rssMB: rss / MB, gcMs: performance.now() - started };
        appendFileSync(file, `${JSON.stringify(line)}\n`);
      })
      .catch((error) => appendFileSync(file, `${JSON.stringify({ error: String(error) })}\n`));
  });
}
