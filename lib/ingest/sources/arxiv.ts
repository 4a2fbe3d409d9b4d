// The arXiv API source: every page of the categories' submissions in a date range,
// each page written as one batch (the client keeps to arXiv's one request per 3 s).
import type { Database } from "@/lib/db/client";
import { fetchArxiv } from "../arxiv/client";
import { runIngest, type IngestRunResult, type OnProgress } from "../run/run-ingest";
import { addIssues } from "../run/totals";
import { writeBatch } from "../run/write-batch";
import { recordLabel, type NetworkDeps } from "./network";

export type ArxivIngestOptions = {
  db: Database;
  baseUrl: string;
  categories: string[];
  from: Date;
  to: Date;
  pageSize?: number;
  net: NetworkDeps;
  onProgress?: OnProgress;
  runId?: string;
};

export function describeArxivQuery(o: Pick<ArxivIngestOptions, "categories" | "from" | "to">): string {
  return `${o.categories.join(", ")} submitted ${o.from.toISOString()} to ${o.to.toISOString()}`;
}

export async function ingestArxiv(options: ArxivIngestOptions): Promise<IngestRunResult> {
  const { db, net } = options;
  return runIngest(
    db,
    "arxiv",
    describeArxivQuery(options),
    async (totals, saveProgress) => {
      const pages = fetchArxiv({
        baseUrl: options.baseUrl,
        categories: options.categories,
        from: options.from,
        to: options.to,
        pageSize: options.pageSize,
        http: net.http,
        sleep: net.sleep,
        now: Date.now,
        log: net.log,
      });
      for await (const page of pages) {
        totals.read += page.records.length + page.issues.length;
        addIssues(totals, page.issues, "skipped");
        await writeBatch(db, page.records.map((record) => ({ record, position: `page ${page.page} ${recordLabel(record)}` })), "arxiv", totals);
        options.onProgress?.({ totals, done: totals.read, total: page.totalResults });
        await saveProgress();
      }
    },
    options.runId,
  );
}
