// Parser for Hugging Face's daily-papers listing
// (GET https://huggingface.co/api/daily_papers?date=YYYY-MM-DD): a JSON array of
// { paper: {...}, publishedAt, title, summary, numComments, ... } items.
//
// The schema names only the fields we read and tolerates everything else, so a new
// field on Hugging Face's side never breaks ingestion; a broken item becomes a
// RecordIssue and the rest of the day is still read.
import { z } from "zod";
import { isHttpUrl } from "@/lib/papers/links";
import {
  describeFirstIssue,
  isRecordIssue,
  parseArxivId,
  validateRecord,
  type IngestRecordInput,
  type ParsedBatch,
} from "@/lib/ingest/record";

const isoDateTime = z.iso
  .datetime({
    offset: true,
    error: (issue) => (issue.input === undefined ? "missing date" : `not an ISO 8601 date-time: ${JSON.stringify(issue.input)}`),
  })
  .transform((text) => new Date(text))
  .refine((date) => !Number.isNaN(date.getTime()), "not a real date");

// Counts are absent (or null) when Hugging Face has nothing to show, e.g. no repository.
const optionalCount = z.number().int().nonnegative().nullish();

// Hidden authors ({ hidden: true }) are still authors of the paper; only an entry
// without a name has nothing to show.
const authorSchema = z.looseObject({ name: z.string().nullish() });

const paperSchema = z.looseObject({
  id: z.string(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  authors: z.array(authorSchema).nullish(),
  /** First publication on arXiv. */
  publishedAt: isoDateTime,
  upvotes: optionalCount,
  githubRepo: z.string().nullish(),
  githubStars: optionalCount,
  projectPage: z.string().nullish(),
});

const dailyPaperItemSchema = z.looseObject({
  paper: paperSchema,
  title: z.string().nullish(),
  summary: z.string().nullish(),
  /** When the paper was featured on the daily page (not its publication date). */
  publishedAt: z.string().nullish(),
  numComments: optionalCount,
});

export type DailyPaperItem = z.infer<typeof dailyPaperItemSchema>;

/** Repository and project page, http(s) only, without duplicates. */
function itemLinks(paper: DailyPaperItem["paper"]): string[] {
  const candidates = [paper.githubRepo, paper.projectPage].map((link) => link?.trim() ?? "");
  return [...new Set(candidates.filter(isHttpUrl))];
}

/** The featured time is informative only: an unreadable one is dropped, not fatal. */
function featuredAt(raw: string | null | undefined): Date | null {
  if (!raw) return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? null : date;
}

function toRecordInput(item: DailyPaperItem, observedAt: Date): IngestRecordInput | string {
  const { paper } = item;
  const arxiv = parseArxivId(paper.id);
  if (arxiv === null) return `paper.id: not an arXiv id: ${JSON.stringify(paper.id)}`;
  return {
    arxivId: arxiv.id,
    arxivVersion: arxiv.version,
    title: paper.title ?? item.title ?? "",
    abstract: paper.summary ?? item.summary ?? "",
    authors: (paper.authors ?? []).flatMap((author) => (author.name?.trim() ? [author.name] : [])),
    publishedAt: paper.publishedAt,
    sourceUpdatedAt: null,
    categories: [],
    comment: null,
    links: itemLinks(paper),
    observation: {
      observedAt,
      upvotes: paper.upvotes ?? null,
      githubStars: paper.githubStars ?? null,
      comments: item.numComments ?? null,
      featuredAt: featuredAt(item.publishedAt),
    },
  };
}

/**
 * Turns a daily-papers response into records. Throws only when the body is not the
 * expected array at all (an error page, a changed API); bad items become issues.
 */
export function parseDailyPapers(body: unknown, observedAt: Date): ParsedBatch {
  if (!Array.isArray(body)) {
    const got = body === null ? "null" : typeof body;
    throw new Error(`unexpected response: expected a JSON array of daily papers, got ${got}`);
  }
  const batch: ParsedBatch = { records: [], issues: [] };
  body.forEach((raw: unknown, index) => {
    const position = `item ${index + 1}`;
    const parsed = dailyPaperItemSchema.safeParse(raw);
    if (!parsed.success) {
      batch.issues.push({ position, reason: describeFirstIssue(parsed.error) });
      return;
    }
    const input = toRecordInput(parsed.data, observedAt);
    if (typeof input === "string") {
      batch.issues.push({ position, reason: input });
      return;
    }
    const result = validateRecord(input, position);
    if (isRecordIssue(result)) batch.issues.push(result);
    else batch.records.push(result);
  });
  return batch;
}
