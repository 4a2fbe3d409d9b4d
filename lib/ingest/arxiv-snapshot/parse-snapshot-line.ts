// Parser for one line of the arXiv metadata snapshot (Kaggle's
// "arxiv-metadata-oai-snapshot.json"): one JSON object per line with the paper's
// id, title, authors (as written and pre-split in authors_parsed), categories,
// comments and every version's submission date.
import { z } from "zod";
import { decodeTexAccents } from "@/lib/ingest/arxiv-snapshot/tex-accents";
import {
  describeFirstIssue,
  isRecordIssue,
  parseArxivId,
  parseJsonLine,
  validateRecord,
  type IngestRecord,
  type IngestRecordInput,
  type RecordIssue,
} from "@/lib/ingest/record";
import { extractLinks } from "@/lib/papers/links";

const requiredString = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? `missing ${field}` : "not a string") });

const versionSchema = z.looseObject({
  version: z.string().regex(/^v\d+$/, "version is not like v1"),
  created: z.string(),
});

// Only the fields we read; license, doi, journal-ref and the rest pass through.
const snapshotLineSchema = z.looseObject({
  id: requiredString("id"),
  title: requiredString("title"),
  abstract: z.string().nullish(),
  authors: z.string().nullish(),
  /** [last, first, suffix, ...affiliations] per author. */
  authors_parsed: z.array(z.array(z.string())).nullish(),
  comments: z.string().nullish(),
  categories: z.string().nullish(),
  versions: z.array(versionSchema, { error: "missing versions" }).min(1, "no versions"),
});
type SnapshotLine = z.infer<typeof snapshotLineSchema>;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// The versions' dates, RFC 2822 in GMT: "Mon, 2 Apr 2007 19:18:42 GMT".
const RFC_2822_GMT = /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/** Strict where Date.parse is lenient: "Mon, 31 Feb 2007 ..." is an error, not March. */
function parseRfc2822(text: string): Date | null {
  const match = RFC_2822_GMT.exec(text.trim());
  if (!match) return null;
  const month = MONTHS.indexOf(match[2]!);
  const [day, year, hours, minutes, seconds] = [match[1], match[3], match[4], match[5], match[6]].map(Number) as [
    number, number, number, number, number,
  ];
  if (month < 0 || hours > 23 || minutes > 59 || seconds > 60) return null;
  const date = new Date(Date.UTC(year, month, day, hours, minutes, seconds));
  // Date.UTC rolls 31 Feb over into March; a changed day means the date did not exist.
  return date.getUTCDate() === day ? date : null;
}

/** "First Last Jr." from ["Last", "First", "Jr."]; affiliations (4th element on) are dropped. */
function nameFromParsed([last = "", first = "", suffix = ""]: string[]): string {
  return [first, last, suffix].map((part) => decodeTexAccents(part).trim()).filter(Boolean).join(" ");
}

/** "A. Smith (MIT), B. Jones and C. Wu" -> ["A. Smith", "B. Jones", "C. Wu"]. */
function namesFromAuthorString(authors: string): string[] {
  let text = decodeTexAccents(authors);
  // Affiliations in parentheses may contain commas; drop them before splitting.
  for (let previous = ""; previous !== text; ) [previous, text] = [text, text.replace(/\([^()]*\)/g, " ")];
  return text
    .split(/,|\s+and\s+/)
    .map((name) => name.trim())
    .filter(Boolean);
}

function authorNames(line: SnapshotLine): string[] {
  const parsed = (line.authors_parsed ?? []).map(nameFromParsed).filter(Boolean);
  return parsed.length > 0 ? parsed : namesFromAuthorString(line.authors ?? "");
}

function toRecordInput(line: SnapshotLine): IngestRecordInput | string {
  const arxiv = parseArxivId(line.id);
  if (arxiv === null) return `id: not an arXiv id: ${JSON.stringify(line.id)}`;

  // Versions are listed oldest first; sorting by number guards against a shuffled list.
  const versions = line.versions
    .map((entry, index) => ({ index, number: Number(entry.version.slice(1)), created: parseRfc2822(entry.created) }))
    .sort((a, b) => a.number - b.number);
  const undated = versions.find((entry) => entry.created === null);
  if (undated) return `versions.${undated.index}.created: invalid date ${JSON.stringify(line.versions[undated.index]!.created)}`;
  const first = versions[0]!;
  const latest = versions.at(-1)!;

  return {
    arxivId: arxiv.id,
    arxivVersion: latest.number,
    title: decodeTexAccents(line.title),
    abstract: line.abstract ?? "",
    authors: authorNames(line),
    publishedAt: first.created!,
    // The latest version's date; update_date also moves when only metadata (a DOI,
    // a journal reference) changed, which is not an update of the paper.
    sourceUpdatedAt: latest.created!,
    categories: (line.categories ?? "").split(/\s+/).filter(Boolean),
    comment: line.comments ?? null,
    links: extractLinks(line.comments ?? ""),
    observation: null,
  };
}

/** "missing title" names its field already; other messages get the field path in front. */
function describeSnapshotIssue(error: z.ZodError): string {
  const first = error.issues[0]!;
  return first.message.startsWith("missing ") ? first.message : describeFirstIssue(error);
}

/** One snapshot line -> a record, an issue ("line N"), or null for a blank line. */
export function parseSnapshotLine(line: string, lineNumber: number): IngestRecord | RecordIssue | null {
  const parsed = parseJsonLine(line, lineNumber, snapshotLineSchema, describeSnapshotIssue);
  if (parsed === null || isRecordIssue(parsed)) return parsed;
  const { position } = parsed;
  const input = toRecordInput(parsed.value);
  if (typeof input === "string") return { position, reason: input };
  return validateRecord(input, position);
}
