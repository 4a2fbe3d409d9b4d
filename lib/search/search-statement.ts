// The one SQL statement behind a page of search results: a search is one round trip.
// It inspects the query (what the index can use of it, and how many papers the
// vocabulary expects it to match, which decides how its matches are read), reads the
// newest MAX_RESULTS matches (lib/search/newest-matches.ts), ranks them by the
// requested sort, and describes the requested page of them (title, abstract, votes,
// authors; lib/search/snippet.ts marks the matches in Node). Only these candidates are
// ranked: ranking every match of a common word is what makes full-text search slow at
// scale.
import { Prisma } from "@/lib/db/generated/client";
import { dayRange } from "@/lib/papers/daily";
import { AGE_OFFSET_HOURS, PERIOD_RULES } from "@/lib/trending/formula";
import { newestMatchesSql } from "./newest-matches";
import { positiveTerms } from "./parse-query";
import { MAX_RESULTS, type SearchSort } from "./schema";

export type SearchPageOptions = {
  q: string;
  sort: SearchSort;
  /** UTC days, inclusive. */
  from?: string;
  to?: string;
  /** Only papers in this arXiv category. */
  category?: string;
  limit: number;
  offset: number;
  now: Date;
};

/** A described hit. */
export type HitRow = {
  id: string;
  title: string;
  abstract: string;
  published_at: Date;
  votes: number;
  authors: string[];
};

/**
 * Every row carries the inspection's verdict, the query's lexemes and the count; with no
 * hit on the page, the one row has nothing else. `usable` is false when nothing in the
 * query narrows the search (only stopwords, or stopwords and exclusions): then nothing
 * was read. `lexemes` are the stems of the query's positive words, as Postgres makes them.
 */
export type SearchPageRow = { usable: boolean; lexemes: string[]; found: number } & (HitRow | { id: null });

export function searchPageSql(options: SearchPageOptions): Prisma.Sql {
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
    expected: Prisma.sql`(SELECT CASE WHEN usable THEN expected END FROM inspection)`,
  });
  return Prisma.sql`
    WITH inspection AS MATERIALIZED (${inspectionSql(q)}),
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
    SELECT inspection.usable, inspection.lexemes, counted.found, hit.*
    FROM inspection, (SELECT count(*)::int AS found FROM candidates) counted
    LEFT JOIN LATERAL (
      SELECT page.id, page.position, p.published_at, p.title, p.abstract,
             (SELECT count(*)::int FROM votes v WHERE v.paper_id = page.id) AS votes,
             coalesce((SELECT array_agg(a.name ORDER BY pa.position)
                       FROM paper_authors pa JOIN authors a ON a.id = pa.author_id
                       WHERE pa.paper_id = page.id), '{}') AS authors
      FROM page JOIN papers p ON p.id = page.id
    ) hit ON true
    ORDER BY hit.position`;
}

/**
 * What the index can use of the query (querytree 'T' or '': nothing narrows it), the
 * lexemes of its positive words (what a title or abstract word must stem to, to be
 * marked), and how many papers are expected to match, from the vocabulary's document
 * frequencies: all words must appear unless the query says OR, so the rarest word's
 * count bounds the matches (the sum, with OR).
 */
function inspectionSql(q: string): Prisma.Sql {
  const positive = positiveTerms(q).map((term) => term.text).join(" ");
  const alternatives = /(^|\s)or(\s|$)/i.test(q);
  return Prisma.sql`
    SELECT querytree(websearch_to_tsquery('english', ${q})) NOT IN ('T', '') AS usable,
           coalesce(array_agg(w.lexeme), '{}') AS lexemes,
           coalesce(CASE WHEN ${alternatives} THEN sum(coalesce(l.ndoc, 0)) ELSE min(coalesce(l.ndoc, 0)) END, 0)::int AS expected
    FROM unnest(tsvector_to_array(to_tsvector('english', ${positive}))) AS w(lexeme)
    LEFT JOIN search_lexemes l ON l.lexeme = w.lexeme`;
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

/** Days are UTC everywhere (lib/papers/daily.ts), whatever the database session's time zone. */
function filterSql({ from, to, category }: Pick<SearchPageOptions, "from" | "to" | "category">): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  // Containment, so the GIN index on categories can serve it.
  if (category) conditions.push(Prisma.sql`p.categories @> ARRAY[${category}]::text[]`);
  if (from) conditions.push(Prisma.sql`p.published_at >= ${dayRange(from).start}`);
  // `to` is inclusive: everything before the start of the next day.
  if (to) conditions.push(Prisma.sql`p.published_at < ${dayRange(to).end}`);
  return conditions.length ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}
