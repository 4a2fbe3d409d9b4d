import { describe, expect, it } from "vitest";
import { startDigestSchedule } from "@/lib/jobs/digest-schedule";

describe("the digest schedule (pg-boss on the test database)", () => {
  it("runs a queued digest exactly once across two app instances", async () => {
    const runs: string[] = [];
    const instance = (name: string) =>
      startDigestSchedule({
        databaseUrl: process.env.DATABASE_URL!,
        cron: "0 7 * * *",
        log: () => {},
        runDigest: async () => {
          runs.push(name);
        },
      });
    const [a, b] = [await instance("a"), await instance("b")];
    try {
      await a.runNow();
      for (let waited = 0; runs.length === 0 && waited < 15_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Give a second worker every chance to (wrongly) pick the same job up.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(runs).toHaveLength(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 40_000);
});
