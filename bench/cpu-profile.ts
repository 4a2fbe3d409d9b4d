// Summaries of V8 CPU profiles (.cpuprofile, as `node --cpu-prof` or the inspector's
// Profiler.stop writes them): self time by package or project file, and by function,
// over the samples taken in a window of the benchmark (the digest run, one page's load).
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

export type CpuSummary = { file: string; sampledMs: number; groups: { name: string; ms: number }[]; functions: { name: string; ms: number }[] };

/** Microseconds of the clock V8 stamps its samples with (CLOCK_MONOTONIC, shared by every process of the machine). */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Who a sample's function belongs to: a package, a project file, node core, or V8's own "(idle)", "(garbage collector)"... */
function profileGroup(url: string, functionName: string): string {
  if (!url) return /^\(.*\)$/.test(functionName) ? functionName : "(native)";
  if (url.startsWith("node:")) return "node core";
  if (url.startsWith("data:")) return "bench render wrapper";
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const parts = url.slice(modules + "/node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const cwd = pathToFileURL(process.cwd()).href + "/";
  return url.startsWith(cwd) ? url.slice(cwd.length).split("?")[0] : url;
}

const profileFile = (url: string) => url.split("?")[0].split("/").at(-1) ?? url;

/** Self time by group and by function, over the samples taken between `window`'s ends (µs, monotonicUs). */
export async function summarizeProfile(file: string, window: [number, number], top = { groups: 14, functions: 15 }): Promise<CpuSummary> {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let sampledUs = 0;
  let at = profile.startTime;
  // timeDeltas[i] is the time since the previous sample; charge it to the sample that ends it.
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i];
    const node = byId.get(profile.samples[i]);
    if (!node || i === 0 || at < window[0] || at > window[1]) continue;
    const us = profile.timeDeltas[i];
    sampledUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const group = profileGroup(url, functionName);
    groups.set(group, (groups.get(group) ?? 0) + us);
    // A package's file by its name too ("next/…/app-page-turbo.runtime.prod.js:15"): the
    // package alone says little. A project file is its own group ("lib/search/highlight.ts:12").
    const where = url ? `${group.endsWith(profileFile(url)) ? group : `${group}/…/${profileFile(url)}`}:${lineNumber + 1}` : group;
    const fn = `${functionName || "(anonymous)"} ${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const largest = (map: Map<string, number>, n: number) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, ms: Math.round(us / 1000) }));
  return { file, sampledMs: Math.round(sampledUs / 1000), groups: largest(groups, top.groups), functions: largest(functions, top.functions) };
}

/** What V8 names the time the thread waited (on the database, for requests): not CPU. */
export const IDLE = "(idle)";

/**
 * A profile's figures per request served in its window: busy time (every sample but
 * idle), and any group's self time, in µs a request (undefined with no request served).
 */
export function perRequest(profile: { sampledMs: number; groups: { name: string; ms: number }[] }, requests: number) {
  const busyMs = profile.sampledMs - (profile.groups.find((group) => group.name === IDLE)?.ms ?? 0);
  return {
    busyMs,
    busyShare: busyMs / profile.sampledMs,
    /** The groups that were CPU, largest first. */
    busyGroups: profile.groups.filter((group) => group.name !== IDLE),
    microseconds: (ms: number) => (requests > 0 ? (1000 * ms) / requests : undefined),
  };
}
