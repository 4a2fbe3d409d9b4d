// `npm run ingest -- <source> [options]`: the command line, parsed and validated here so
// a mistake gets one clear line (and exit code 2) instead of a stack trace.
import { parseArgs } from "node:util";
import { z } from "zod";
import { ARXIV_CATEGORY } from "@/lib/papers/categories";
import { dailyWindow } from "../daily-ingest";

export const INGEST_USAGE = `usage: npm run ingest -- <source> [options]

sources:
  arxiv                  the arXiv API: papers submitted in a date range, by category
      --categories a,b   arXiv categories (default: ARXIV_CATEGORIES)
      --from YYYY-MM-DD  first submission day, UTC (default: yesterday)
      --to YYYY-MM-DD    last submission day, UTC (default: today)
  hf-daily               the Hugging Face daily papers, with upvotes and GitHub stars
      --date YYYY-MM-DD  a featured day; repeat for several (default: yesterday and today)
  arxiv-snapshot <file>  the arXiv metadata snapshot (one JSON object per line); "-" reads stdin
  jsonl <file>           lines of {"title", "abstract", "authors"?, "arxivId"?, "publishedAt"?}; "-" reads stdin
      --batch-size N     records per transaction for the two file sources (default 2000)
      --bulk             first import into an empty database: one transaction, indexes
                         built once at the end (faster for a whole snapshot; readers
                         wait for it; all or nothing, no resuming)

Uses DATABASE_URL, or the embedded database when unset (stop \`npm start\` first).
An interrupted file import resumes where it stopped when run again on the same file.
Exits 1 only when the run failed; malformed records are skipped and listed.`;

export class UsageError extends Error {
  override name = "UsageError";
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-11-23")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), "is not a real date");
const category = z.string().regex(ARXIV_CATEGORY, 'must be arXiv categories like "cs.LG,stat.ML"');

export type IngestCommand =
  | { source: "help" }
  | { source: "arxiv"; categories: string[] | null; from: Date; to: Date }
  | { source: "hf-daily"; dates: string[] }
  | { source: "arxiv-snapshot" | "jsonl"; file: string; batchSize: number; bulk: boolean };

export function parseIngestArgs(argv: string[], now: Date): IngestCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: "boolean", short: "h" },
        categories: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        date: { type: "string", multiple: true },
        "batch-size": { type: "string" },
        bulk: { type: "boolean" },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { source: "help" };
  const [source, file, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const check = <T>(schema: z.ZodType<T>, value: unknown, name: string): T => {
    const result = schema.safeParse(value);
    if (!result.success) throw new UsageError(`${name} ${result.error.issues[0]!.message} (got ${JSON.stringify(value)})`);
    return result.data;
  };
  const window = dailyWindow(now);
  // Network sources write a day or two of papers: only a file can be a first import.
  if (values.bulk && (source === "arxiv" || source === "hf-daily")) throw new UsageError("--bulk is for the file sources, arxiv-snapshot and jsonl");

  switch (source) {
    case "arxiv": {
      if (file !== undefined) throw new UsageError(`arxiv takes no file (got "${file}")`);
      const categories = values.categories === undefined ? null : check(z.array(category).min(1), values.categories.split(",").map((c) => c.trim()).filter(Boolean), "--categories");
      const from = values.from === undefined ? window.from : new Date(`${check(day, values.from, "--from")}T00:00:00Z`);
      const to = values.to === undefined ? window.to : new Date(`${check(day, values.to, "--to")}T23:59:59.999Z`);
      if (from > to) throw new UsageError("--from must not be after --to");
      return { source, categories, from, to };
    }
    case "hf-daily": {
      if (file !== undefined) throw new UsageError(`hf-daily takes no file (got "${file}")`);
      return { source, dates: values.date === undefined ? window.days : values.date.map((d) => check(day, d, "--date")) };
    }
    case "arxiv-snapshot":
    case "jsonl": {
      if (file === undefined) throw new UsageError(`${source} needs a file (or "-" for standard input)`);
      const batchSize = check(z.coerce.number().int().min(1).max(50_000), values["batch-size"] ?? "2000", "--batch-size must be a whole number from 1 to 50000;");
      return { source, file, batchSize, bulk: values.bulk === true };
    }
    default:
      throw new UsageError(`unknown source "${source}": use arxiv, hf-daily, arxiv-snapshot or jsonl`);
  }
}
