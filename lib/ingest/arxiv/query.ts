// The arXiv API query for "everything submitted to these categories in this window".

export const ARXIV_API_URL = "https://export.arxiv.org/api/query";

export type ArxivQuery = { categories: string[]; from: Date; to: Date; start: number; maxResults: number };

// Category names go into a Lucene-style query; anything else (spaces, quotes,
// parentheses) would change the query rather than name a category.
const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** arXiv's submittedDate format, YYYYMMDDHHmm in UTC (minute precision, bounds inclusive). */
export function arxivDate(date: Date): string {
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes())
  );
}

export function arxivQueryUrl(baseUrl: string, q: ArxivQuery): string {
  if (q.categories.length === 0) throw new RangeError("arXiv query needs at least one category");
  const bad = q.categories.find((category) => !CATEGORY.test(category));
  if (bad !== undefined) throw new RangeError(`not an arXiv category: ${JSON.stringify(bad)}`);
  if (Number.isNaN(q.from.getTime()) || Number.isNaN(q.to.getTime())) throw new RangeError("invalid date in arXiv query");
  if (q.from > q.to) throw new RangeError("arXiv query window ends before it starts");
  if (!Number.isInteger(q.start) || q.start < 0) throw new RangeError(`bad start: ${q.start}`);
  if (!Number.isInteger(q.maxResults) || q.maxResults < 1) throw new RangeError(`bad maxResults: ${q.maxResults}`);

  const categories = q.categories.map((category) => `cat:${category}`).join(" OR ");
  const url = new URL(baseUrl);
  url.searchParams.set("search_query", `(${categories}) AND submittedDate:[${arxivDate(q.from)} TO ${arxivDate(q.to)}]`);
  url.searchParams.set("start", String(q.start));
  url.searchParams.set("max_results", String(q.maxResults));
  // A stable order is what makes start/max_results paging walk the result set once.
  url.searchParams.set("sortBy", "submittedDate");
  url.searchParams.set("sortOrder", "ascending");
  return url.toString();
}
