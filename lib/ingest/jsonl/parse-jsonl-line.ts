// Parser for the generic JSONL import format, one paper per line:
//   {"title": "...", "abstract": "...", "authors": ["Ada Lovelace"] | "A, B",
//    "arxivId": "2501.07542v2", "publishedAt": "2025-01-13" | "2025-01-13T18:59:59Z"}
// It is the door for data from anywhere else, so messages name the field and say
// what was expected. Extra fields are ignored, so exports from other tools load as is.
import { z } from "zod";
import {
  isRecordIssue,
  parseArxivId,
  parseJsonLine,
  validateRecord,
  type IngestRecord,
  type RecordIssue,
} from "@/lib/ingest/record";
import { extractLinks } from "@/lib/papers/links";

const requiredString = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `missing ${field}` : `${field} must be a string`) });

const publishedAtSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: "publishedAt must be an ISO 8601 date like 2025-01-13 or 2025-01-13T18:59:59Z",
  })
  // A bare date means midnight UTC (Date's own reading of "2025-01-13").
  .transform((text) => new Date(text));

const jsonlLineSchema = z.looseObject(
  {
    title: requiredString("title"),
    abstract: requiredString("abstract"),
    authors: z
      .union([z.array(z.string()), z.string()], { error: "authors must be a list of names or a comma-separated string" })
      .nullish(),
    arxivId: z.string({ error: "arxivId must be a string" }).nullish(),
    publishedAt: publishedAtSchema.nullish(),
  },
  { error: "expected a JSON object" },
);

function authorList(authors: string[] | string | null | undefined): string[] {
  const names = typeof authors === "string" ? authors.split(",") : (authors ?? []);
  return names.map((name) => name.trim()).filter(Boolean);
}

/**
 * One JSONL line -> a record, an issue ("line N"), or null for a blank line.
 * `now` stands in for a missing publishedAt, so such papers count as new today.
 */
export function parseJsonlLine(line: string, lineNumber: number, now: Date): IngestRecord | RecordIssue | null {
  // The schema's messages name their field ("title must be a string"): shown as they are.
  const parsed = parseJsonLine(line, lineNumber, jsonlLineSchema, (error) => error.issues[0]!.message);
  if (parsed === null || isRecordIssue(parsed)) return parsed;
  const { position, value: paper } = parsed;

  let arxiv: { id: string; version: number | null } | null = null;
  if (paper.arxivId != null && paper.arxivId.trim() !== "") {
    arxiv = parseArxivId(paper.arxivId);
    if (arxiv === null) return { position, reason: `arxivId is not an arXiv id: ${JSON.stringify(paper.arxivId)}` };
  }

  return validateRecord(
    {
      arxivId: arxiv?.id ?? null,
      arxivVersion: arxiv?.version ?? null,
      title: paper.title,
      abstract: paper.abstract,
      authors: authorList(paper.authors),
      publishedAt: paper.publishedAt ?? now,
      sourceUpdatedAt: null,
      categories: [],
      comment: null,
      links: extractLinks(paper.abstract),
      observation: null,
    },
    position,
  );
}
