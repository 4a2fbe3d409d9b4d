// The Hugging Face daily-papers source: the papers featured on each given day, with
// their upvotes, GitHub stars and comment counts stored as observations (trending
// reads how fast they grow: lib/trending/formula.ts).
import type { Database } from "@/lib/db/client";
import { fetchDailyPapers } from "../hf-daily/client";
import { runIngest, type IngestRunResult, type OnProgress } from "../run/run-ingest";
import { addIssues } from "../run/totals";
import { writeBatch } from "../run/write-batch";
import { recordLabel, type NetworkDeps } from "./network";

export type HfDailyIngestOptions = {
  db: Database;
  baseUrl: string;
  /** Days (YYYY-MM-DD) whose featured papers to fetch. */
  dates: string[];
  net: NetworkDeps;
  onProgress?: OnProgress;
  runId?: string;
};

export async function ingestHfDaily(options: HfDailyIngestOptions): Promise<IngestRunResult> {
  const { db, net } = options;
  return runIngest(
    db,
    "hf-daily",
    `featured on ${options.dates.join(", ")}`,
    async (totals, saveProgress) => {
      for (const [index, date] of options.dates.entries()) {
        const day = await fetchDailyPapers({ baseUrl: options.baseUrl, date, http: net.http, sleep: net.sleep, now: () => new Date() });
        totals.read += day.records.length + day.issues.length;
        addIssues(totals, day.issues.map((issue) => ({ ...issue, position: `${date} ${issue.position}` })), "skipped");
        await writeBatch(db, day.records.map((record) => ({ record, position: `${date} ${recordLabel(record)}` })), "hf-daily", totals);
        options.onProgress?.({ totals, done: index + 1, total: options.dates.length });
        await saveProgress();
      }
    },
    options.runId,
  );
}
