// Parser for one page of the arXiv API's Atom feed
// (https://info.arxiv.org/help/api/user-manual.html).
//
// Each <entry> is validated and parsed on its own, so one malformed entry becomes
// a RecordIssue while the rest of the page still comes out. Only a document
// without a readable header (a truncated or non-Atom body) or arXiv's own error
// feed fails the whole page.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import {
  ingestRecordSchema,
  isRecordIssue,
  parseArxivId,
  validateRecord,
  type IngestRecord,
  type IngestRecordInput,
  type ParsedBatch,
  type RecordIssue,
} from "@/lib/ingest/record";
import { extractLinks } from "@/lib/papers/links";

export type ArxivFeedPage = ParsedBatch & { totalResults: number; startIndex: number; itemsPerPage: number };

/** arXiv answered with its error feed (e.g. a malformed query); retrying will not help. */
export class ArxivApiError extends Error {
  constructor(
    readonly errorId: string,
    readonly detail: string,
  ) {
    super(`arXiv API error: ${detail} (${errorId})`);
    this.name = "ArxivApiError";
  }
}

/** The body is not a readable arXiv feed (truncated download, HTML error page, ...). */
export class ArxivFeedError extends Error {
  constructor(detail: string) {
    super(`unreadable arXiv feed: ${detail}`);
    this.name = "ArxivFeedError";
  }
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Element names without "arxiv:" / "opensearch:", whatever prefix a feed binds.
  removeNSPrefix: true,
  // Titles such as "1984" or ids must stay strings.
  parseTagValue: false,
  // The only switch in fast-xml-parser v5 that also decodes numeric character
  // references (&#233;), which are plain XML and common in arXiv abstracts.
  htmlEntities: true,
  isArray: (name) => name === "author" || name === "link" || name === "category",
});

// An entry starts at its start tag and runs to the next entry or the end of the
// feed, so an entry missing its </entry> cannot swallow the one after it.
const ENTRY_START = /<entry[\s>]/g;
const FEED_END = "</feed>";
const ERROR_ID = /^https?:\/\/arxiv\.org\/api\/errors/i;

export function parseArxivFeed(xml: string): ArxivFeedPage {
  const { header, entries } = splitFeed(xml.replace(/^\uFEFF/, ""));
  const page = parseHeader(header);
  const records: IngestRecord[] = [];
  const issues: RecordIssue[] = [];
  entries.forEach((chunk, index) => {
    const result = parseEntry(chunk, `entry ${index + 1}`);
    if (isRecordIssue(result)) issues.push(result);
    else records.push(result);
  });
  return { ...page, records, issues };
}

function splitFeed(xml: string): { header: string; entries: string[] } {
  const feedEnd = xml.lastIndexOf(FEED_END);
  if (feedEnd === -1) throw new ArxivFeedError("no closing </feed> (truncated body?)");
  const body = xml.slice(0, feedEnd);
  const starts = [...body.matchAll(ENTRY_START)].map((match) => match.index);
  const entries = starts.map((start, i) => body.slice(start, starts[i + 1] ?? feedEnd));
  const header = starts.length === 0 ? xml : xml.slice(0, starts[0]) + xml.slice(feedEnd);
  return { header, entries };
}

function parseHeader(header: string): Omit<ArxivFeedPage, "records" | "issues"> {
  const validation = XMLValidator.validate(header);
  if (validation !== true) throw new ArxivFeedError(validation.err.msg);
  const feed = asNode(parser.parse(header).feed);
  if (feed === null) throw new ArxivFeedError("no <feed> element");
  return {
    totalResults: count(feed, "totalResults"),
    startIndex: count(feed, "startIndex"),
    itemsPerPage: count(feed, "itemsPerPage"),
  };
}

function count(feed: XmlNode, name: string): number {
  const text = textOf(feed[name]);
  const value = text === null ? Number.NaN : Number(text);
  if (!Number.isInteger(value) || value < 0) throw new ArxivFeedError(`missing or bad opensearch:${name}`);
  return value;
}

function parseEntry(chunk: string, position: string): IngestRecord | RecordIssue {
  // Read before any validation so even a malformed entry's issue says which paper it was.
  const rawId = /<id>\s*([^<]*?)\s*<\/id>/.exec(chunk)?.[1] || null;
  const label = rawId === null ? null : idLabel(rawId);
  const issue = (reason: string): RecordIssue => ({ position, reason: label ? `${reason} (${label})` : reason });

  const validation = XMLValidator.validate(chunk);
  if (validation !== true) return issue(`malformed XML: ${validation.err.msg}`);
  const entry = asNode(parser.parse(chunk).entry);
  if (entry === null) return issue("empty entry");

  const id = textOf(entry.id);
  if (id !== null && ERROR_ID.test(id)) throw new ArxivApiError(id, textOf(entry.summary) ?? "unknown error");
  if (id === null) return issue("missing id");
  const parsedId = parseArxivId(id);
  if (parsedId === null) return issue("not an arXiv id");

  const published = textOf(entry.published);
  if (published === null) return issue("missing published date");
  const publishedAt = parseAtomDate(published);
  if (publishedAt === null) return issue(`bad date in <published>: ${JSON.stringify(published)}`);
  const updated = textOf(entry.updated);
  const sourceUpdatedAt = updated === null ? null : parseAtomDate(updated);
  if (updated !== null && sourceUpdatedAt === null) return issue(`bad date in <updated>: ${JSON.stringify(updated)}`);

  const comment = textOf(entry.comment);
  const input: IngestRecordInput = {
    arxivId: parsedId.id,
    // Old-style ids sometimes come without a version; the abstract link has it.
    arxivVersion: parsedId.version ?? versionFromAlternateLink(entry),
    title: textOf(entry.title) ?? "",
    abstract: textOf(entry.summary) ?? "",
    authors: authorsOf(entry),
    publishedAt,
    sourceUpdatedAt,
    categories: categoriesOf(entry),
    comment,
    links: comment === null ? [] : linksIn(comment),
    observation: null,
  };
  const result = validateRecord(input, position);
  return isRecordIssue(result) ? issue(result.reason) : result;
}

/** "http://arxiv.org/abs/2501.07542v2" -> "2501.07542v2"; anything else as it was written. */
function idLabel(rawId: string): string {
  const parsed = parseArxivId(rawId);
  if (parsed === null) return rawId;
  return parsed.version === null ? parsed.id : `${parsed.id}v${parsed.version}`;
}

function authorsOf(entry: XmlNode): string[] {
  // Atom requires a name; a nameless <author> carries nothing worth failing the paper over.
  return asNodes(entry.author)
    .map((author) => textOf(author.name))
    .filter((name): name is string => name !== null);
}

// Taxonomy terms ("cs.LG", "hep-th", "math.AG"). arXiv also lists ACM and MSC
// classes as <category> ("I.2.7", "68T07"); they are not arXiv categories.
const ARXIV_CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

function categoriesOf(entry: XmlNode): string[] {
  const primary = asNode(entry.primary_category)?.["@_term"];
  const terms = [primary, ...asNodes(entry.category).map((category) => category["@_term"])];
  const categories = terms.filter((term): term is string => typeof term === "string" && ARXIV_CATEGORY.test(term));
  return [...new Set(categories)];
}

const LINK_LIMIT = 50;
const linkSchema = ingestRecordSchema.shape.links.element;

// A link the record schema would reject is dropped, not allowed to fail the paper.
function linksIn(comment: string): string[] {
  return extractLinks(comment)
    .filter((url) => linkSchema.safeParse(url).success)
    .slice(0, LINK_LIMIT);
}

function versionFromAlternateLink(entry: XmlNode): number | null {
  const alternate = asNodes(entry.link).find((link) => link["@_rel"] === "alternate");
  const href = alternate?.["@_href"];
  return typeof href === "string" ? (parseArxivId(href)?.version ?? null) : null;
}

// RFC 3339 as arXiv writes it ("2025-01-13T18:59:59Z", older feeds "-05:00").
const ATOM_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Strict: Date.parse alone accepts "2025" and rolls "2025-02-30" over into March. */
export function parseAtomDate(raw: string): Date | null {
  const match = ATOM_DATE.exec(raw.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return new Date(Date.parse(raw.trim()));
}

function asNode(value: unknown): XmlNode | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "object" && first !== null ? (first as XmlNode) : null;
}

function asNodes(value: unknown): XmlNode[] {
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.filter((item): item is XmlNode => typeof item === "object" && item !== null);
}

/** Text of an element (with or without attributes); null when absent or blank. */
function textOf(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  const text = typeof first === "object" && first !== null ? (first as XmlNode)["#text"] : first;
  if (typeof text !== "string" && typeof text !== "number") return null;
  const trimmed = String(text).trim();
  return trimmed === "" ? null : trimmed;
}
