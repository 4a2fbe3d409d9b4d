// `npm run ingest -- <source> [options]` (see --help): the same ingest code as
// /api/cron/ingest, against DATABASE_URL or the embedded database, with a progress bar
// and a summary. Exit codes: 0 done (malformed records are listed, not fatal), 1 the run
// failed, 2 bad arguments or environment.
import type { Database } from "@/lib/db/client";
import { parseEnv, type Env } from "@/lib/env/schema";
import { INGEST_USAGE, parseIngestArgs, UsageError, type IngestCommand } from "@/lib/ingest/cli/args";
import type { OnProgress } from "@/lib/ingest/run/run-ingest";
import { generatePrismaClient } from "./generate-client";
import { createProgressBar } from "./progress-bar";

const log = (line: string) => console.log(`[ingest] ${line}`);

async function main(): Promise<number> {
  const command = parseIngestArgs(process.argv.slice(2), new Date());
  if (command.source === "help") {
    console.log(INGEST_USAGE);
    return 0;
  }
  const env = parseEnv(process.env);
  generatePrismaClient();
  const { prepareDatabase } = await import("@/lib/db/prepare");
  const { createPrismaClient } = await import("@/lib/db/client");
  const database = await prepareDatabase({ ...env, DEMO_DATA: "off" }, log);
  const db = createPrismaClient(database.url, { poolSize: 2 });
  try {
    log(`${command.source} into ${database.label}`);
    const started = Date.now();
    const bar = createProgressBar("ingest", { unit: command.source === "arxiv-snapshot" || command.source === "jsonl" ? "bytes" : "items" });
    const onProgress: OnProgress = ({ totals, done, total, phase }) => {
      const rate = totals.read / Math.max((Date.now() - started) / 1000, 0.001);
      // A bulk import reads everything before it writes: its counts come at the end.
      const detail = phase === undefined ? `+${totals.inserted} new  ${totals.updated} updated  ` : `${phase}${phase === "staging" ? "" : "…"}  `;
      // Merging and indexing are long and report once each: always shown.
      bar.update(done, total, `${totals.read} records  ${rate.toFixed(0)} rows/s  ${detail}${totals.skipped} skipped`, phase !== undefined && phase !== "staging");
    };
    const result = await runCommand(command, db, env, onProgress);
    bar.finish();
    const seconds = (Date.now() - started) / 1000;
    const { describeRun } = await import("@/lib/ingest/run/run-ingest");
    log(`run ${result.runId} ${describeRun(result)} in ${seconds.toFixed(1)} s (${(result.totals.read / Math.max(seconds, 0.001)).toFixed(0)} records/s)`);
    for (const issue of result.totals.issues) log(`  ${issue.position}: ${issue.reason}`);
    const unlisted = result.totals.skipped + result.totals.failed - result.totals.issues.length;
    if (unlisted > 0) log(`  … and ${unlisted} more (ingest_runs.issues keeps the first ${result.totals.issues.length})`);
    return result.status === "succeeded" ? 0 : 1;
  } finally {
    await db.$disconnect();
    await database.stop();
  }
}

// lib/ is imported lazily, after generatePrismaClient() has made sure the client exists.
async function runCommand(command: Exclude<IngestCommand, { source: "help" }>, db: Database, env: Env, onProgress: OnProgress) {
  const { realNetwork } = await import("@/lib/ingest/sources/network");
  switch (command.source) {
    case "arxiv": {
      const { ingestArxiv } = await import("@/lib/ingest/sources/arxiv");
      const categories = command.categories ?? env.ARXIV_CATEGORIES;
      return ingestArxiv({ db, baseUrl: env.ARXIV_API_URL, categories, from: command.from, to: command.to, net: realNetwork(log), onProgress });
    }
    case "hf-daily": {
      const { ingestHfDaily } = await import("@/lib/ingest/sources/hf-daily");
      return ingestHfDaily({ db, baseUrl: env.HF_DAILY_PAPERS_URL, dates: command.dates, net: realNetwork(log), onProgress });
    }
    case "arxiv-snapshot":
    case "jsonl": {
      const { ingestLinesFile } = await import("@/lib/ingest/sources/lines-file");
      const { parseSnapshotLine } = await import("@/lib/ingest/arxiv-snapshot/parse-snapshot-line");
      const { parseJsonlLine } = await import("@/lib/ingest/jsonl/parse-jsonl-line");
      const now = new Date();
      const parseLine = command.source === "arxiv-snapshot" ? parseSnapshotLine : (line: string, n: number) => parseJsonlLine(line, n, now);
      const input = command.file === "-" ? { stream: process.stdin, name: "standard input" } : { path: command.file };
      return ingestLinesFile({ db, source: command.source, input, parseLine, batchSize: command.batchSize, bulk: command.bulk, onProgress });
    }
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[ingest] ${message}`);
    if (error instanceof UsageError) console.error("run `npm run ingest -- --help` for usage");
    process.exit(error instanceof UsageError || (error instanceof Error && error.name === "EnvError") ? 2 : 1);
  });
