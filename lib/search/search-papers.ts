import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { dayRange } from "@/lib/papers/daily";
import { AGE_OFFSET_HOURS, PERIOD_RULES } from "@/lib/trending/formula";
import { MATCH_END, MATCH_START, toSegments, type Segment } from "./highlight";
import { hasPositiveTerm, parseQuery } from "./parse-query";
import type { SearchSort } from "./schema";
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
  total: number;
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
  total: bigint;
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
  if (!(await hasSearchableTerms(options.q))) {
    throw new SearchInputError("That search has only very common words, which search ignores. Try more specific words.");
  }

  const result = await runSearch(options);
  if (result.total >= FEW_RESULTS) return result;

  const suggestion = await suggestCorrection(options.q);
  if (!suggestion) return result;
  if (result.total > 0) return { ...result, suggestion };
  const corrected = await runSearch({ ...options, q: suggestion });
  return { ...corrected, suggestion, correctedFrom: options.q };
}

/**
 * False when nothing in the query narrows the search: only stopwords, or stopwords
 * with exclusions ("the -zebra"), which would match nearly every paper.
 * querytree() is what the index can use; 'T' means "matches everything".
 */
async function hasSearchableTerms(q: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ tree: string }[]>`SELECT querytree(websearch_to_tsquery('english', ${q})) AS tree`;
  return row.tree !== "T" && row.tree !== "";
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

async function runSearch(options: SearchOptions): Promise<SearchResult> {
  const { q, sort, limit, offset, now } = options;
  const needsVotes = sort === "trending";
  // ts_rank_cd (cover density: how close together the matched terms sit) with
  // normalization 1 (divide by 1 + log(length)) so long abstracts don't win by
  // size; title lexemes carry weight A and so outrank abstract-only matches.
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH query AS (SELECT websearch_to_tsquery('english', ${q}) AS tsq),
    matches AS (
      SELECT p.id, p.published_at, ts_rank_cd(p.search_vector, query.tsq, 1) AS rank
             ${needsVotes ? Prisma.sql`, (SELECT count(*) FROM votes v WHERE v.paper_id = p.id) AS votes` : Prisma.empty}
      FROM papers p, query
      WHERE p.search_vector @@ query.tsq ${filterSql(options)}
    ),
    page AS (
      SELECT id, count(*) OVER () AS total, row_number() OVER (ORDER BY ${orderBy(sort, now)}) AS position
      FROM matches
      ORDER BY position
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT page.id, page.total, p.published_at,
           ts_headline('english', translate(p.title, ${HEADLINE_FROM}, ${HEADLINE_TO}), query.tsq, ${HEADLINE_TITLE}) AS title_marked,
           ts_headline('english', translate(p.abstract, ${HEADLINE_FROM}, ${HEADLINE_TO}), query.tsq, ${HEADLINE_SNIPPET}) AS snippet_marked,
           (SELECT count(*)::int FROM votes v WHERE v.paper_id = page.id) AS votes,
           coalesce((SELECT array_agg(a.name ORDER BY pa.position)
                     FROM paper_authors pa JOIN authors a ON a.id = pa.author_id
                     WHERE pa.paper_id = page.id), '{}') AS authors
    FROM page JOIN papers p ON p.id = page.id, query
    ORDER BY page.position
  `);
  const total = rows.length > 0 ? Number(rows[0].total) : offset > 0 ? await countMatches(q, options) : 0;
  return {
    query: q,
    total,
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

async function countMatches(q: string, filters: Filters): Promise<number> {
  const [row] = await db.$queryRaw<{ total: number }[]>(Prisma.sql`
    SELECT count(*)::int AS total FROM papers p
    WHERE p.search_vector @@ websearch_to_tsquery('english', ${q}) ${filterSql(filters)}`);
  return row.total;
}
