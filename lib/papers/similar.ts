import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { newestMatchesSql } from "@/lib/search/newest-matches";

export type SimilarPaper = { id: string; title: string; publishedAt: Date; votes: number };

/** How many of a paper's most distinctive lexemes make up its "more like this" query. */
const QUERY_TERMS = 12;
const MAX_LIMIT = 20;
/** Only the newest papers sharing a term are scored: scoring every one took 10–50 s at 1M papers. */
export const SIMILAR_CANDIDATES = 500;

type Row = { id: string; title: string; published_at: Date; votes: number };
export type SimilarityTerm = { lexeme: string; weight: number; ndoc: number };

/**
 * The paper's most distinctive lexemes: its own (unnest of its stored search_vector),
 * each weighted tf-idf-style: idf = ln(papers / papers with the lexeme) from
 * search_lexemes, times 1 + ln(occurrences), doubled when the lexeme is in the title
 * (weight A). Lexemes no other paper has cannot find a neighbour, one-letter lexemes
 * and bare numbers ("2", "0.5") are noise: all left out. The paper count is the
 * planner's estimate (reltuples): count(*) read the whole table on every page view.
 */
export function similarityTermsQuery(paperId: string): Prisma.Sql {
  return Prisma.sql`
    WITH corpus AS (
      SELECT CASE WHEN reltuples > 0 THEN reltuples::float8 ELSE (SELECT count(*) FROM papers)::float8 END AS papers
      FROM pg_class WHERE oid = 'papers'::regclass
    )
    SELECT lexeme, weight, ndoc FROM (
      SELECT t.lexeme, l.ndoc,
             ln(corpus.papers / l.ndoc)
               * (1 + ln(cardinality(t.weights)))
               * CASE WHEN 'A' = ANY (t.weights) THEN 2 ELSE 1 END AS weight
      FROM papers source
      CROSS JOIN LATERAL unnest(source.search_vector) AS t(lexeme, positions, weights)
      JOIN search_lexemes l ON l.lexeme = t.lexeme
      CROSS JOIN corpus
      WHERE source.id = ${paperId}
        AND l.ndoc > 1
        AND length(t.lexeme) > 1
        AND t.lexeme ~ '[[:alpha:]]'
    ) weighted
    -- A lexeme in every paper (weight 0) says nothing; a stale vocabulary can even make it negative.
    WHERE weight > 0
    ORDER BY weight DESC, lexeme
    LIMIT ${QUERY_TERMS}`;
}

/**
 * Lexemes quoted for tsquery input by hand ('…' with ' and \ doubled): quote_literal
 * would write E'…' for a backslash, which tsquery does not read.
 */
export const tsqueryTerm = (lexeme: string) => `'${lexeme.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;

/**
 * "More like this" among the newest SIMILAR_CANDIDATES papers sharing any of the
 * terms (lib/search/newest-matches.ts; `expected`: how many papers the vocabulary
 * says share one):
 *
 * 1. candidates: the newest papers matching any term, an OR tsquery.
 * 2. score: for each candidate, the sum over the terms it shares of the term's weight
 *    times ts_rank(candidate, term). ts_rank weighs a title hit (A, 1.0) above an
 *    abstract hit (B, 0.4) and saturates with repetition, so papers sharing the
 *    source's rarest title words rank first; plain ts_rank over the OR query would
 *    count a shared "learn" as much as a shared "contrast".
 */
export function similarPapersQuery(paperId: string, terms: SimilarityTerm[], limit: number, expected: number): Prisma.Sql {
  const queries = terms.map((term) => tsqueryTerm(term.lexeme));
  const newest = newestMatchesSql({
    tsquery: Prisma.sql`${queries.join(" | ")}::tsquery`,
    // "|| ''::tsvector" hands on a detoasted copy of each vector: the scoring below
    // reads it once per term, and decompressing the stored value each time doubled
    // the query's run time.
    columns: Prisma.sql`p.id, p.title, p.published_at, p.search_vector || ''::tsvector AS search_vector`,
    conditions: Prisma.sql`AND p.id <> ${paperId}`,
    limit: SIMILAR_CANDIDATES,
    expected,
  });
  return Prisma.sql`
    WITH terms AS (
      SELECT weight, query::tsquery AS query
      FROM unnest(${terms.map((term) => term.weight)}::float8[], ${queries}::text[]) AS t(weight, query)
    ),
    candidates AS MATERIALIZED (${newest}),
    scored AS (
      SELECT c.id, c.title, c.published_at, sum(t.weight * ts_rank(c.search_vector, t.query)) AS score
      FROM candidates c
      JOIN terms t ON c.search_vector @@ t.query
      GROUP BY c.id, c.title, c.published_at
      ORDER BY score DESC, c.published_at DESC, c.id
      LIMIT ${limit}
    )
    SELECT s.id, s.title, s.published_at,
           (SELECT count(*) FROM votes v WHERE v.paper_id = s.id)::int AS votes
    FROM scored s
    ORDER BY s.score DESC, s.published_at DESC, s.id`;
}

/**
 * Up to `limit` papers about the same things as `paperId`, most similar first; [] for
 * an unknown paper or one that shares no distinctive word with any other. Only the
 * newest SIMILAR_CANDIDATES papers sharing a term are read and scored.
 */
export async function getSimilarPapers(paperId: string, limit = 5): Promise<SimilarPaper[]> {
  const bounded = Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 0), MAX_LIMIT) : 0;
  if (bounded === 0) return [];
  const terms = await db.$queryRaw<SimilarityTerm[]>(similarityTermsQuery(paperId));
  if (terms.length === 0) return [];
  // Any one term matching is enough, so the counts add up (an upper bound).
  const expected = terms.reduce((sum, term) => sum + Number(term.ndoc), 0);
  const rows = await db.$queryRaw<Row[]>(similarPapersQuery(paperId, terms, bounded, expected));
  return rows.map((row) => ({ id: row.id, title: row.title, publishedAt: row.published_at, votes: row.votes }));
}
