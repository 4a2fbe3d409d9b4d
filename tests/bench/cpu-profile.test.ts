// bench/cpu-profile.ts: what a V8 profile's samples add up to, inside a window only.
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { summarizeProfile } from "@/bench/cpu-profile";

const frame = (id: number, functionName: string, url = "", lineNumber = -1) => ({ id, callFrame: { functionName, url, lineNumber } });
const project = (file: string) => `${pathToFileURL(process.cwd()).href}/${file}`;

/** Samples 1 ms apart from t = 1,000,000 µs: each charged to the sample that ends its interval. */
const profile = {
  nodes: [
    frame(1, "(root)"),
    frame(2, "(idle)"),
    frame(3, "render", "file:///app/node_modules/next/dist/compiled/app-page.runtime.js", 14),
    frame(4, "versionedBody", project("lib/server/body-versions.ts"), 41),
    frame(5, "(garbage collector)"),
  ],
  startTime: 1_000_000,
  samples: [1, 3, 3, 4, 2, 5, 3, 3],
  timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe("summarizeProfile", () => {
  it("adds up self time by package or project file and by function, over the window's samples only", async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "cpu-profile-test-")), "a.cpuprofile");
    await writeFile(file, JSON.stringify(profile));
    // The samples ending at 1,001,000 .. 1,005,000 µs: render twice, versionedBody, idle, GC.
    const summary = await summarizeProfile(file, [1_000_500, 1_005_500]);
    expect(summary.sampledMs).toBe(5);
    expect(summary.groups).toEqual([
      { name: "next", ms: 2 },
      { name: "lib/server/body-versions.ts", ms: 1 },
      { name: "(idle)", ms: 1 },
      { name: "(garbage collector)", ms: 1 },
    ]);
    expect(summary.functions[0]).toEqual({ name: "render next/…/app-page.runtime.js:15", ms: 2 });
    expect(summary.functions.map((f) => f.name)).toContain("versionedBody lib/server/body-versions.ts:42");
  });
});
