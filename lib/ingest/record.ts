// The one shape every source adapter produces (arXiv API, Hugging Face daily papers,
// the arXiv metadata snapshot, generic JSONL) and the writer (lib/ingest/write) consumes.
// Adapters parse their own format; ingestRecordSchema is the last gate before the
// database, so a record that passes it can always be written.
import { z } from "zod";
import { ARXIV_CATEGORY } from "@/lib/papers/categories";

/** Where a record came from; also the paper's `source` when it creates the paper. */
export const INGEST_SOURCES = ["arxiv", "hf-daily", "arxiv-snapshot", "jsonl"] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];

/**
 * Collapses runs of whitespace (arXiv wraps titles and abstracts at ~80 columns) and
 * control characters, which PostgreSQL text refuses (NUL) or nobody wants (the rest).
 */
export const normaliseWhitespace = (text: string): string => text.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();

// New-style ids (2501.07542, 0704.0001) and old-style ones (hep-th/9901001, math.GT/0309136).
const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;
const ARXIV_ID_WITH_VERSION = /^(?<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(?<version>\d+))?$/;

/**
 * "2501.07542v2", "arXiv:2501.07542", "http://arxiv.org/abs/2501.07542v2" ->
 * { id: "2501.07542", version: 2 }. Version-insensitive ids are how papers merge.
 */
export function parseArxivId(raw: string): { id: string; version: number | null } | null {
  const bare = raw
    .trim()
    .replace(/^https?:\/\/(?:export\.)?arxiv\.org\/(?:abs|pdf)\//i, "")
    .replace(/^arxiv:/i, "")
    .replace(/\.pdf$/i, "");
  const match = ARXIV_ID_WITH_VERSION.exec(bare);
  if (!match?.groups) return null;
  const version = match.groups.version === undefined ? null : Number(match.groups.version);
  return { id: match.groups.id!, version };
}

/** Upvotes / stars / comments as the source showed them at `observedAt` (feeds trending). */
export const sourceObservationSchema = z.object({
  observedAt: z.date(),
  upvotes: z.number().int().nonnegative().nullable(),
  githubStars: z.number().int().nonnegative().nullable(),
  comments: z.number().int().nonnegative().nullable(),
  /** When the source featured the paper (Hugging Face's daily page), if it says. */
  featuredAt: z.date().nullable(),
});
export type SourceObservation = z.infer<typeof sourceObservationSchema>;

export const ingestRecordSchema = z.object({
  /** Version-less arXiv id ("2501.07542"); null for papers known only by title. */
  arxivId: z.string().regex(ARXIV_ID).nullable(),
  /** Highest version the source knew (2 for "2501.07542v2"). */
  arxivVersion: z.number().int().positive().nullable(),
  title: z.string().transform(normaliseWhitespace).pipe(z.string().min(1, "missing title").max(1000)),
  abstract: z.string().transform(normaliseWhitespace).pipe(z.string().max(20_000)),
  /** Display names in authorship order ("Ada Lovelace"). */
  authors: z.array(z.string().transform(normaliseWhitespace).pipe(z.string().min(1).max(300))).max(5000),
  /** First publication (arXiv v1), not the last update. */
  publishedAt: z.date(),
  /** Last update at the source (arXiv's latest version date); null when unknown. */
  sourceUpdatedAt: z.date().nullable(),
  /** arXiv categories, primary first ("cs.LG", "stat.ML"). */
  categories: z.array(z.string().regex(ARXIV_CATEGORY, "not an arXiv category")).max(50),
  /** arXiv's comments field ("12 pages, code at https://github.com/..."). */
  comment: z.string().transform(normaliseWhitespace).nullable(),
  /** http(s) links beyond arXiv's own: code repository, project page, links in the comment. */
  links: z.array(z.url({ protocol: /^https?$/ })).max(50),
  observation: sourceObservationSchema.nullable(),
});

export type IngestRecord = z.infer<typeof ingestRecordSchema>;
/** What an adapter hands over before validation (e.g. title not yet normalised). */
export type IngestRecordInput = z.input<typeof ingestRecordSchema>;

/** A record the adapter could not read: reported with its place, never fatal. */
export type RecordIssue = { position: string; reason: string };

/** The result of parsing one page / document of a source. */
export type ParsedBatch = { records: IngestRecord[]; issues: RecordIssue[] };

/** The first problem as "field.path: message". */
export function describeFirstIssue(error: z.ZodError): string {
  const first = error.issues[0]!;
  return first.path.length > 0 ? `${first.path.join(".")}: ${first.message}` : first.message;
}

/** Validates an adapter's record; returns an issue instead of throwing. */
export function validateRecord(input: IngestRecordInput, position: string): IngestRecord | RecordIssue {
  const result = ingestRecordSchema.safeParse(input);
  return result.success ? result.data : { position, reason: describeFirstIssue(result.error) };
}

/**
 * The common first step of the line formats (snapshot, JSONL): a blank line is null,
 * broken JSON or a shape the schema refuses is an issue at "line N".
 */
export function parseJsonLine<T>(
  line: string,
  lineNumber: number,
  schema: z.ZodType<T>,
  describe: (error: z.ZodError) => string = describeFirstIssue,
): { position: string; value: T } | RecordIssue | null {
  if (line.trim() === "") return null;
  const position = `line ${lineNumber}`;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { position, reason: "invalid JSON" };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { position, value: parsed.data } : { position, reason: describe(parsed.error) };
}

export const isRecordIssue = <T extends object>(value: T | RecordIssue): value is RecordIssue => "reason" in value;

/**
 * The HTTP layer every network adapter takes as a parameter, so tests serve recorded
 * fixtures and nothing in a test touches the network. `fetch` satisfies it.
 */
export type HttpGet = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<Response>;

/** Injected waiting, so rate-limit and backoff tests run on a fake clock. */
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
