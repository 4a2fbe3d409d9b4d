import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { dayRange } from "@/lib/papers/daily";
import { AGE_OFFSET_HOURS, PERIOD_RULES } from "@/lib/trending/formula";
import { MATCH_END, MATCH_START, toSegments, type Segment } from "./highlight";
import { hasPositiveTerm, parseQuery } from "./parse-query";
import type { SearchSort } from "./schema";
import { getCorpusTimeline } from "./corpus-timeline";
import { MAX_RESULTS } from "./schema";
import { suggestCorrection } from "./suggest";
import { firstWindow, widerWindow, type CandidateWindow } from "./windows";

export type SearchHit = {
  id: string;
  title: Segment[];
  snippet: Segment[];
  authors: string[];
  publishedAt: Date;
  votes: number;
};

export type SearchResult = {
  /** The query that produced `hits`: the corrected one when the original found nothing. */
  query: string;
  /** Matches found; a lower bound when `capped`. */
  total: number;
  /** More papers match than search ranks (MAX_RESULTS, the newest matches): show "1,000+". */
  capped: boolean;
  hits: SearchHit[];
  /** A corrected query when the original found little or nothing. */
  suggestion?: string;
  /** Set when `hits` are for the suggestion because the original found nothing. */
  correctedFrom?: string;
};

export type SearchOptions = {
  q: string;
  sort: SearchSort;
  from?: string;
  to?: string;
  /** Only papers in this arXiv category. */
  category?: string;
  limit: number;
  offset: number;
  now: Date;
};

/** A search that cannot run as typed; the message is written for the person who typed it. */
export class SearchInputError extends Error {
  override name = "SearchInputError";
}

/** Fewer results than this and we look for a spelling correction. */
const FEW_RESULTS = 3;

// ts_headline drops anything shaped like an HTML tag ("<think>") from snippets, so
// < and > go in as private-use stand-ins and come back out in restoreAngles().
const LT = "\uE000";
const GT = "\uE001";
/** translate() source/target: < and > become stand-ins; sentinels and stray stand-ins are removed. */
const HEADLINE_FROM = `<>${MATCH_START}${MATCH_END}${LT}${GT}`;
const HEADLINE_TO = `${LT}${GT}`;
const restoreAngles = (text: string) => text.replaceAll(LT, "<").replaceAll(GT, ">");

const HEADLINE_SNIPPET = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxFragments=2, MaxWords=28, MinWords=12, ShortWord=2, FragmentDelimiter=" … "`;
const HEADLINE_TITLE = `StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`;

type Row = {
  id: string;
  title_marked: string;
  snippet_marked: string;
  published_at: Date;
  votes: number;
  authors: string[];
};

export async function searchPapers(options: SearchOptions): Promise<SearchResult> {
  if (!hasPositiveTerm(parseQuery(options.q))) {
    throw new SearchInputError("Add at least one word to search for: exclusions (-word) alone match nothing.");
  }
  const inspection = await inspectQuery(options.q);
  if (inspection.tree === "T" || inspection.tree === "") {
    throw new SearchInputError("That search has only very common words, which search ignores. Try more specific words.");
  }

  const result = await runSearch(options, inspection.expected);
  if (result.total >= FEW_RESULTS) return result;

  const suggestion = await suggestCorrection(options.q);
  if (!suggestion) return result;
  if (result.total > 0) return { ...result, suggestion };
  const corrected = await runSearch({ ...options, q: suggestion }, (await inspectQuery(suggestion)).expected);
  return { ...corrected, suggestion, correctedFrom: options.q };
}

function orderBy(sort: SearchSort, now: Date): Prisma.Sql {
  switch (sort) {
    case "newest":
      return Prisma.sql`published_at DESC, id`;
    case "trending":
      // The Today gravity over all-time votes: search spans every age.
      // float8 throughout: extract() returns numeric, and numeric power() was 90% of this sort's time.
      return Prisma.sql`(votes / power(greatest(extract(epoch FROM (${now}::timestamptz - published_at))::float8 / 3600, 0) + ${AGE_OFFSET_HOURS}, ${PERIOD_RULES.day.gravity}::float8)) DESC, published_at DESC, id`;
    case "relevance":
      return Prisma.sql`rank DESC, published_at DESC, id`;
  }
}

type Filters = Pick<SearchOptions, "from" | "to" | "category">;

/** Days are UTC everywhere (lib/papers/daily.ts), whatever the database session's time zone. */
function filterSql({ from, to, category }: Filters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  // Containment, so the GIN index on categories can serve it.
  if (category) conditions.push(Prisma.sql`p.categories @> ARRAY[${category}]::text[]`);
  if (from) conditions.push(Prisma.sql`p.published_at >= ${dayRange(from).start}`);
  // `to` is inclusive: everything before the start of the next day.
  if (to) conditions.push(Prisma.sql`p.published_at < ${dayRange(to).end}`);
  return conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

type Inspection = { tree: string; expected: number };

/**
 * What the index can use of the query ('T' or '' = nothing narrows it: only stopwords,
 * or stopwords with exclusions), and how many papers are expected to match, from the
 * vocabulary's document frequencies: all words must appear unless the query says OR,
 * so the rarest word's count bounds the matches (the sum, with OR).
 */
async function inspectQuery(q: string): Promise<Inspection> {
  const positive = parseQuery(q)
    .filter((term) => !term.negated)
    .map((term) => term.text)
    .join(" ");
  const alternatives = /(^|\s)or(\s|$)/i.test(q);
  const [row] = await db.$queryRaw<Inspection[]>`
    SELECT querytree(websearch_to_tsquery('english', ${q})) AS tree,
           (SELECT coalesce(CASE WHEN ${alternatives} THEN sum(coalesce(l.ndoc, 0)) ELSE min(coalesce(l.ndoc, 0)) END, 0)::int
            FROM unnest(tsvector_to_array(to_tsvector('english', ${positive}))) AS w(lexeme)
            LEFT JOIN search_lexemes l ON l.lexeme = w.lexeme) AS expected`;
  return row;
}

async function runSearch(options: SearchOptions, expected: number): Promise<SearchResult> {
  const { q } = options;
  const timeline = await getCorpusTimeline();
  const before = options.to ? dayRange(options.to).end : undefined;
  const fewMatches = expected <= FEW_MATCHES;
  // With few matches, all of them are read at once: a date window would only add work.
  let window: CandidateWindow | null = fewMatches ? { after: null, share: 1 } : firstWindow(timeline, expected, MAX_RESULTS, before);
  let page: CandidatePage = { found: 0, ids: [] };
  while (window) {
    page = await rankNewestMatches(options, window.after, fewMatches);
    if (page.found >= MAX_RESULTS) break;
    window = widerWindow(timeline, window, page.found, MAX_RESULTS, before);
  }
  const rows = page.ids.length > 0 ? await describeHits(q, page.ids) : [];
  return {
    query: q,
    total: page.found,
    capped: page.found >= MAX_RESULTS,
    hits: rows.map((row) => ({
      id: row.id,
      title: toSegments(restoreAngles(row.title_marked)),
      snippet: toSegments(restoreAngles(row.snippet_marked)),
      authors: row.authors,
      publishedAt: row.published_at,
      votes: row.votes,
    })),
  };
}

type CandidatePage = { found: number; ids: string[] };

/**
 * At most this many papers expected to match in the whole corpus (the vocabulary's count):
 * the matches are read through the full-text index first, then sorted by date. Left to
 * itself, PostgreSQL guesses a word it has no statistics for (a misspelling, a rare term)
 * to be common, walks the date index backwards for the newest matches and reads the whole
 * table finding few or none: 4.1 s for "transfomer" at 3M papers, 1 ms this way. Not more:
 * each match read costs a random heap read (25-90 µs at 3M papers, 14 GB), so 5,414
 * matches of "spectrogram" took 130-490 ms this way against 131 ms through a date window.
 */
const FEW_MATCHES = 4 * MAX_RESULTS;

/**
 * The newest MAX_RESULTS matches published at or after `after` (null: any time),
 * ranked by the requested sort; returns how many there were and the page's ids.
 * Only these candidates are ranked: see lib/search/windows.ts.
 */
async function rankNewestMatches(options: SearchOptions, after: Date | null, fewMatches: boolean): Promise<CandidatePage> {
  const { q, sort, limit, offset, now } = options;
  // ts_rank_cd (cover density: how close together the matched terms sit) with
  // normalization 1 (divide by 1 + log(length)) so long abstracts don't win by
  // size; title lexemes carry weight A and so outrank abstract-only matches.
  // Computed outside `candidates`, so only the candidates are ranked.
  // The tsquery written out (not the CTE's): the planner then estimates how many rows
  // match and walks the date index or uses the GIN index accordingly.
  const matching = (columns: Prisma.Sql) => Prisma.sql`
      SELECT ${columns}
      FROM papers p
      WHERE p.search_vector @@ websearch_to_tsquery('english', ${q}) ${filterSql(options)}
        ${after ? Prisma.sql`AND p.published_at >= ${after}` : Prisma.empty}`;
  // With few matches, every one is read (a materialized CTE has no ORDER BY ... LIMIT to
  // tempt the planner into the date index), then sorted: see FEW_MATCHES. Only the newest
  // MAX_RESULTS have their search_vector read (from TOAST: the costly part of a row).
  const newest = fewMatches
    ? Prisma.sql`matches AS MATERIALIZED (${matching(Prisma.sql`p.id, p.published_at`)}),
    candidates AS MATERIALIZED (
      SELECT p.id, p.published_at, p.search_vector
      FROM (SELECT id FROM matches ORDER BY published_at DESC, id LIMIT ${MAX_RESULTS}) newest JOIN papers p USING (id)
    )`
    : Prisma.sql`candidates AS MATERIALIZED (${matching(Prisma.sql`p.id, p.published_at, p.search_vector`)} ORDER BY p.published_at DESC, p.id LIMIT ${MAX_RESULTS})`;
  const [row] = await db.$queryRaw<{ found: number; ids: string[] }[]>(Prisma.sql`
    WITH query AS (SELECT websearch_to_tsquery('english', ${q}) AS tsq),
    ${newest},
    ranked AS (
      SELECT c.id, c.published_at,
             ${sort === "relevance" ? Prisma.sql`ts_rank_cd(c.search_vector, query.tsq, 1)` : Prisma.sql`0`} AS rank,
             ${sort === "trending" ? Prisma.sql`(SELECT count(*) FROM votes v WHERE v.paper_id = c.id)` : Prisma.sql`0`} AS votes
      FROM candidates c, query
    )
    SELECT (SELECT count(*)::int FROM candidates) AS found,
           ARRAY(SELECT id FROM ranked ORDER BY ${orderBy(sort, now)} LIMIT ${limit} OFFSET ${offset}) AS ids
  `);
  return row;
}

/** Highlighted title and snippet, votes and authors of the page's papers, in the page's order. */
async function describeHits(q: string, ids: string[]): Promise<Row[]> {
  return db.$queryRaw<Row[]>(Prisma.sql`
    WITH query AS (SELECT websearch_to_tsquery('english', ${q}) AS tsq),
    page AS (SELECT id, position FROM unnest(${ids}::text[]) WITH ORDINALITY AS t(id, position))
    SELECT page.id, p.published_at,
           ts_headline('english', translate(p.title, ${HEADLINE_FROM}, ${HEADLINE_TO}), query.tsq, ${HEADLINE_TITLE}) AS title_marked,
           ts_headline('english', translate(p.abstract, ${HEADLINE_FROM}, ${HEADLINE_TO}), query.tsq, ${HEADLINE_SNIPPET}) AS snippet_marked,
           (SELECT count(*)::int FROM votes v WHERE v.paper_id = page.id) AS votes,
           coalesce((SELECT array_agg(a.name ORDER BY pa.position)
                     FROM paper_authors pa JOIN authors a ON a.id = pa.author_id
                     WHERE pa.paper_id = page.id), '{}') AS authors
    FROM page JOIN papers p ON p.id = page.id, query
    ORDER BY page.position
  `);
}
