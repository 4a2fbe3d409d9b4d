import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";

export type SimilarPaper = { id: string; title: string; publishedAt: Date; votes: number };

/** How many of a paper's most distinctive lexemes make up its "more like this" query. */
const QUERY_TERMS = 12;
const MAX_LIMIT = 20;

type Row = { id: string; title: string; published_at: Date; votes: number };

/**
 * "More like this" over the full-text index, in one statement:
 *
 * 1. terms: the paper's own lexemes (unnest of its stored search_vector), each weighted
 *    tf-idf-style: idf = ln(papers / papers with the lexeme) from the search_lexemes
 *    view, times 1 + ln(occurrences), doubled when the lexeme is in the title (weight
 *    A). Lexemes no other paper has cannot find a neighbour, one-letter lexemes and
 *    bare numbers ("2", "0.5") are noise: all left out. The top QUERY_TERMS remain.
 * 2. candidates: papers matching any of those terms, an OR tsquery, found through the
 *    GIN index on search_vector. The query is an uncorrelated sub-select, so Postgres
 *    evaluates it once (an InitPlan) and hands it to the index scan.
 * 3. score: for each candidate, the sum over the terms it shares of the term's weight
 *    times ts_rank(candidate, term). ts_rank weighs a title hit (A, 1.0) above an
 *    abstract hit (B, 0.4) and saturates with repetition, so papers sharing the
 *    source's rarest title words rank first; plain ts_rank over the OR query would
 *    count a shared "learn" as much as a shared "contrast".
 *
 * Lexemes are quoted for tsquery input by hand ('…' with ' and \ doubled):
 * quote_literal would write E'…' for a backslash, which tsquery does not read.
 */
export function similarPapersQuery(paperId: string, limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH terms AS MATERIALIZED (
      -- chr(92) is the backslash.
      SELECT lexeme, weight,
             format('''%s''', replace(replace(lexeme, chr(92), chr(92) || chr(92)), '''', ''''''))::tsquery AS query
      FROM (
        SELECT t.lexeme,
               ln((SELECT count(*) FROM papers)::float8 / l.ndoc)
                 * (1 + ln(cardinality(t.weights)))
                 * CASE WHEN 'A' = ANY (t.weights) THEN 2 ELSE 1 END AS weight
        FROM papers source
        CROSS JOIN LATERAL unnest(source.search_vector) AS t(lexeme, positions, weights)
        JOIN search_lexemes l ON l.lexeme = t.lexeme
        WHERE source.id = ${paperId}
          AND l.ndoc > 1
          AND length(t.lexeme) > 1
          AND t.lexeme ~ '[[:alpha:]]'
      ) weighted
      -- A lexeme in every paper (weight 0) says nothing; a stale vocabulary can even make it negative.
      WHERE weight > 0
      ORDER BY weight DESC, lexeme
      LIMIT ${QUERY_TERMS}
    ),
    candidates AS MATERIALIZED (
      -- "|| ''::tsvector" hands on a detoasted copy of each vector: the scoring below
      -- reads it once per term, and decompressing the stored value each time doubled
      -- the query's run time.
      SELECT p.id, p.title, p.published_at, p.search_vector || ''::tsvector AS search_vector
      FROM papers p
      WHERE p.search_vector @@ (SELECT string_agg(query::text, ' | ')::tsquery FROM terms)
        AND p.id <> ${paperId}
    ),
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
 * an unknown paper or one that shares no distinctive word with any other.
 */
export async function getSimilarPapers(paperId: string, limit = 5): Promise<SimilarPaper[]> {
  const bounded = Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 0), MAX_LIMIT) : 0;
  if (bounded === 0) return [];
  const rows = await db.$queryRaw<Row[]>(similarPapersQuery(paperId, bounded));
  return rows.map((row) => ({ id: row.id, title: row.title, publishedAt: row.published_at, votes: row.votes }));
}
