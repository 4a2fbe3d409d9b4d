import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { dayRange } from "@/lib/papers/daily";
import { AGE_OFFSET_HOURS, PERIOD_RULES } from "@/lib/trending/formula";
import { MATCH_END, MATCH_START, toSegments, type Segment } from "./highlight";
import { hasPositiveTerm, parseQuery } from "./parse-query";
import type { SearchSort } from "./schema";
import { newestMatchesSql } from "./newest-matches";
import { MAX_RESULTS } from "./schema";
import { suggestCorrection } from "./suggest";

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

  // When the vocabulary already says fewer than FEW_RESULTS papers have every word
  // (a misspelling), the correction is looked for while the search runs.
  const [result, early] = await Promise.all([
    runSearch(options, inspection.expected),
    inspection.expected < FEW_RESULTS ? suggestCorrection(options.q) : undefined,
  ]);
  if (result.total >= FEW_RESULTS) return result;

  const suggestion = early === undefined ? await suggestCorrection(options.q) : early;
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
  const { found, rows } = await searchPage(options, expected);
  return {
    query: options.q,
    total: found,
    capped: found >= MAX_RESULTS,
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

/**
 * One statement, one round trip: the newest MAX_RESULTS matches
 * (lib/search/newest-matches.ts), ranked by the requested sort, and the requested
 * page of them described: highlighted title and snippet, votes, authors. Only these
 * candidates are ranked: ranking every match of a common word is what makes
 * full-text search slow at scale. `found` is how many candidates there were.
 */
async function searchPage(options: SearchOptions, expected: number): Promise<{ found: number; rows: Row[] }> {
  const { q, sort, limit, offset, now } = options;
  const tsquery = Prisma.sql`websearch_to_tsquery('english', ${q})`;
  // ts_rank_cd (cover density: how close together the matched terms sit) with
  // normalization 1 (divide by 1 + log(length)) so long abstracts don't win by
  // size; title lexemes carry weight A and so outrank abstract-only matches.
  // Ranked as each match is read: carrying the ~2 KB vectors on through the sort and
  // the CTE to rank them afterwards took 5x as long ("learning": 10 ms against 2 at 1M).
  const rank = sort === "relevance" ? Prisma.sql`ts_rank_cd(p.search_vector, ${tsquery}, 1)` : Prisma.sql`0`;
  const newest = newestMatchesSql({
    tsquery,
    columns: Prisma.sql`p.id, p.published_at, ${rank} AS rank`,
    conditions: filterSql(options),
    fromDay: options.from,
    toDay: options.to,
    limit: MAX_RESULTS,
    expected,
  });
  const rows = await db.$queryRaw<({ found: number } & Partial<Row>)[]>(Prisma.sql`
    WITH query AS (SELECT ${tsquery} AS tsq),
    candidates AS MATERIALIZED (${newest}),
    ranked AS (
      SELECT c.id, c.published_at, c.rank,
             ${sort === "trending" ? Prisma.sql`(SELECT count(*) FROM votes v WHERE v.paper_id = c.id)` : Prisma.sql`0`} AS votes
      FROM candidates c
    ),
    page AS MATERIALIZED (
      SELECT id, row_number() OVER (ORDER BY ${orderBy(sort, now)}) AS position
      FROM ranked
      ORDER BY position
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT candidates.found, hit.*
    FROM (SELECT count(*)::int AS found FROM candidates) candidates
    LEFT JOIN LATERAL (
      SELECT page.id, page.position, p.published_at,
             ts_headline('english', translate(p.title, ${HEADLINE_FROM}, ${HEADLINE_TO}), query.tsq, ${HEADLINE_TITLE}) AS title_marked,
             ts_headline('english', translate(p.abstract, ${HEADLINE_FROM}, ${HEADLINE_TO}), query.tsq, ${HEADLINE_SNIPPET}) AS snippet_marked,
             (SELECT count(*)::int FROM votes v WHERE v.paper_id = page.id) AS votes,
             coalesce((SELECT array_agg(a.name ORDER BY pa.position)
                       FROM paper_authors pa JOIN authors a ON a.id = pa.author_id
                       WHERE pa.paper_id = page.id), '{}') AS authors
      FROM page JOIN papers p ON p.id = page.id, query
    ) hit ON true
    ORDER BY hit.position
  `);
  // With no hit on the page, the one row carries only the count.
  return { found: rows[0]?.found ?? 0, rows: rows.filter((row): row is { found: number } & Row => row.id != null) };
}
