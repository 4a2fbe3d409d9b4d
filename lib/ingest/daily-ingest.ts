// The daily ingest behind /api/cron/ingest and the INGEST_CRON job: yesterday's and
// today's (UTC) papers from each configured source, one ingest run per source. The two
// sources are different hosts with their own rate limits, so they run side by side.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import type { Env } from "@/lib/env/schema";
import { isoDay } from "@/lib/format/dates";
import type { IngestRunResult } from "./run/run-ingest";
import { describeArxivQuery, ingestArxiv } from "./sources/arxiv";
import { ingestHfDaily } from "./sources/hf-daily";
import type { NetworkDeps } from "./sources/network";

export type DailyIngestConfig = Pick<Env, "INGEST_SOURCES" | "ARXIV_CATEGORIES" | "ARXIV_API_URL" | "HF_DAILY_PAPERS_URL">;
export type QueuedIngestRun = { runId: string; source: "arxiv" | "hf-daily"; run: () => Promise<IngestRunResult> };

const DAY_MS = 86_400_000;

/** From the start of yesterday to the end of today, UTC. */
export function dailyWindow(now: Date): { from: Date; to: Date; days: string[] } {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(todayStart - DAY_MS);
  return { from, to: new Date(todayStart + DAY_MS - 1), days: [isoDay(from), isoDay(new Date(todayStart))] };
}

/**
 * Records one queued run per source (so their ids can be answered at once) and returns
 * the work to start them.
 */
export async function queueDailyIngest(db: Database, config: DailyIngestConfig, net: NetworkDeps, now: Date): Promise<QueuedIngestRun[]> {
  const window = dailyWindow(now);
  const arxivQuery = { categories: config.ARXIV_CATEGORIES, from: window.from, to: window.to };
  const plans = config.INGEST_SOURCES.map((source) =>
    source === "arxiv"
      ? {
          source,
          description: describeArxivQuery(arxivQuery),
          start: (runId: string) => ingestArxiv({ db, baseUrl: config.ARXIV_API_URL, ...arxivQuery, net, runId }),
        }
      : {
          source,
          description: `featured on ${window.days.join(", ")}`,
          start: (runId: string) => ingestHfDaily({ db, baseUrl: config.HF_DAILY_PAPERS_URL, dates: window.days, net, runId }),
        },
  );
  return Promise.all(
    plans.map(async (plan) => {
      const runId = randomUUID();
      await db.ingestRun.create({ data: { id: runId, source: plan.source, description: plan.description, status: "queued" } });
      return { runId, source: plan.source, run: () => plan.start(runId) };
    }),
  );
}

export async function runQueued(runs: QueuedIngestRun[]): Promise<IngestRunResult[]> {
  return Promise.all(runs.map((queued) => queued.run()));
}
