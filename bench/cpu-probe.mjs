// Preloaded into the app's node processes by benchmarks that ask for it (app-server.ts,
// `cpuProbe`: NODE_OPTIONS=--import=<this file>; Node refuses --cpu-prof there). It does
// something only in Next's server (`next start`): it samples the server's CPU from the
// start, through the inspector protocol in this very process (no port, no debugger
// attached), and on each SIGUSR2 ends the profile, writes it to the next numbered
// <n>.cpuprofile in the directory PAPERBOY_CPU_PROBE_DIR names, appends {"profile": path}
// to probe.jsonl there, and starts a new one. The bench cuts before and after what it
// measures and reads the samples of that window. It says first that it listens:
// {"probing": pid} (without it, SIGUSR2 would end the server). heap-probe.mjs answers the
// same signal, so a server gets one of the two.
import { appendFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const [, script, command] = process.argv;
const dir = process.env.PAPERBOY_CPU_PROBE_DIR;

if (dir && script?.endsWith("next/dist/bin/next") && command === "start") {
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  const answer = (line) => appendFileSync(path.join(dir, "probe.jsonl"), `${JSON.stringify(line)}\n`);
  let cuts = 0;
  // 1 ms between samples: V8's default, fine enough for requests of a few milliseconds.
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 1000 });
  await post("Profiler.start");
  answer({ probing: process.pid });
  process.on("SIGUSR2", () => {
    post("Profiler.stop")
      .then(({ profile }) => {
        cuts += 1;
        const file = path.join(dir, `${cuts}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        return post("Profiler.start").then(() => answer({ profile: file }));
      })
      .catch((error) => answer({ error: String(error) }));
  });
}
