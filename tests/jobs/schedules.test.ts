import { beforeAll, describe, expect, it } from "vitest";
import { FAN_OUT } from "@/lib/jobs/digest-jobs";
import { startSchedules } from "@/lib/jobs/schedules";
import { resetDatabase } from "../setup/reset-database";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the digest schedule (pg-boss on the test database)", () => {
  // No job left queued by an earlier file (a retry of a stopped delivery job) may reach these workers.
  beforeAll(resetDatabase);

  it("starts one run per tick across two app instances, and both instances deliver it", async () => {
    const started: string[] = [];
    const deliveries: { instance: string; runId: string }[] = [];
    const instance = (name: string) =>
      startSchedules({
        databaseUrl: process.env.DATABASE_URL!,
        log: () => {},
        digest: {
          cron: "0 7 * * *",
          startRun: async () => {
            started.push(name);
            return `run-${started.length}`;
          },
          deliver: async (runId) => {
            deliveries.push({ instance: name, runId });
            // A delivery job runs for a while, so the other instance's workers take the rest.
            await sleep(1_500);
          },
        },
      });
    const [a, b] = [await instance("a"), await instance("b")];
    try {
      await a.runDigestNow();
      for (let waited = 0; deliveries.length < FAN_OUT && waited < 30_000; waited += 100) await sleep(100);
      // Give a second run every chance to (wrongly) appear.
      await sleep(2_000);
      expect(started).toHaveLength(1);
      expect(deliveries).toHaveLength(FAN_OUT);
      expect(new Set(deliveries.map((d) => d.runId))).toEqual(new Set(["run-1"]));
      expect(new Set(deliveries.map((d) => d.instance))).toEqual(new Set(["a", "b"]));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);

  it("runs the scheduled ingest once per tick across two app instances", async () => {
    const ran: string[] = [];
    const instance = (name: string) =>
      startSchedules({
        databaseUrl: process.env.DATABASE_URL!,
        log: () => {},
        ingest: {
          cron: "0 6 * * *",
          run: async () => {
            ran.push(name);
          },
        },
      });
    const [a, b] = [await instance("a"), await instance("b")];
    try {
      await b.runIngestNow();
      for (let waited = 0; ran.length < 1 && waited < 30_000; waited += 100) await sleep(100);
      await sleep(2_000);
      expect(ran).toHaveLength(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 60_000);
});
