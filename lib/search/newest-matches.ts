// The newest papers matching a full-text query, without reading the older ones.
//
// Search and "similar papers" rank only the newest few hundred matches: ranking every
// match of a common word reads every matching row (~10 µs each), seconds at 1M papers.
// Finding those newest matches is itself the costly part at scale, and which way is
// cheap depends on how many papers match:
//
// - few (the vocabulary expects at most FEW_MATCHES): read them all through the
//   full-text index, then sort by date. Reading a match is a heap read (~3 µs from
//   memory, 25-90 µs from disk).
// - more: walk the UTC days from the newest back, each day one lookup in the
//   full-text index keyed by (lexeme, day) (papers_search_idx), and stop at the day
//   that completes the set. A day's lookup skips the posting lists' other days, so it
//   costs about the same for "learning" (in most papers) and for "spectrogram" (in
//   0.2%): ~20 µs plus the day's matches. A whole-corpus intersection of common words'
//   posting lists ("large language models": ~80 ms at 1M papers) or a date-range scan
//   (~0.3 µs a paper in the range) is never needed.
import { Prisma } from "@/lib/db/generated/client";

/**
 * The day walk costs ~20 µs a day it visits (5 years: ~1,800 days); reading a match
 * costs ~3 µs from memory, 25-90 µs from disk. Up to this many expected matches, all
 * are read: "spectrogram", 1,816 matches in 1M papers, took 5.2 ms that way against
 * 7.7 ms walking the 370 days back to its 500th newest match.
 */
export const FEW_MATCHES = 2_000;

/** The UTC day of a paper, as papers_search_idx indexes it. */
const PUBLISHED_DAY = Prisma.sql`(p.published_at AT TIME ZONE 'UTC')::date`;

export type NewestMatchesQuery = {
  /** A tsquery expression, e.g. websearch_to_tsquery('english', $1). */
  tsquery: Prisma.Sql;
  /** Columns of `papers p` to return; must include p.published_at and p.id. */
  columns: Prisma.Sql;
  /** More conditions on `p` ("AND …"), or Prisma.empty. */
  conditions: Prisma.Sql;
  /** Only papers published on or after this UTC day (inclusive), if given. */
  fromDay?: string;
  /** Only papers published on or before this UTC day (inclusive), if given. */
  toDay?: string;
  /** How many of the newest matches. */
  limit: number;
  /**
   * How many papers the vocabulary expects to match in all (an upper bound): a number,
   * or an SQL expression of the same statement (NULL: read nothing).
   */
  expected: number | Prisma.Sql;
};

/**
 * A SELECT of the newest `limit` matches, newest first (published_at DESC, id),
 * for use as a CTE. See the top of this file for the two ways it reads them.
 */
export function newestMatchesSql(query: NewestMatchesQuery): Prisma.Sql {
  const { expected } = query;
  if (typeof expected === "number") return expected <= FEW_MATCHES ? allMatchesSql(query) : dayWalkSql(query);
  // Chosen by the database: a condition that refers to no row is checked once, before
  // its branch runs, and the branch it rules out never runs. Both branches are planned,
  // and the unused one's cost can pass PostgreSQL's JIT threshold: lib/db turns JIT off.
  return Prisma.sql`
    SELECT * FROM (${allMatchesSql(query)}) few WHERE ${expected} <= ${FEW_MATCHES}
    UNION ALL
    SELECT * FROM (${dayWalkSql(query)}) walked WHERE ${expected} > ${FEW_MATCHES}`;
}

const matchingSql = ({ tsquery, conditions }: NewestMatchesQuery) => Prisma.sql`p.search_vector @@ ${tsquery} ${conditions}`;

/** Every match through the full-text index, then the newest. */
function allMatchesSql(query: NewestMatchesQuery): Prisma.Sql {
  // OFFSET 0 keeps the planner from pulling the sort into the scan: left to itself it
  // guesses a word it has no statistics for (a misspelling) to be common and walks the
  // date index for the newest matches, reading the whole table to find none.
  return Prisma.sql`
    SELECT * FROM (SELECT ${query.columns} FROM papers p WHERE ${matchingSql(query)} OFFSET 0) matches
    ORDER BY published_at DESC, id
    LIMIT ${query.limit}`;
}

/** The matches day by day, newest day first, until `limit` are found. */
function dayWalkSql(query: NewestMatchesQuery): Prisma.Sql {
  const newestDay = query.toDay ? Prisma.sql`least(span.newest, ${query.toDay}::date)` : Prisma.sql`span.newest`;
  const oldestDay = query.fromDay ? Prisma.sql`greatest(span.oldest, ${query.fromDay}::date)` : Prisma.sql`span.oldest`;
  // A nested loop hands on its rows in the order of its outer side: here the days,
  // newest first, each day's matches sorted. So the rows arrive newest first, and
  // LIMIT stops the walk at the day that completes the set: older days are never read.
  return Prisma.sql`
    SELECT m.*
    FROM (SELECT (min(published_at) AT TIME ZONE 'UTC')::date AS oldest,
                 (max(published_at) AT TIME ZONE 'UTC')::date AS newest
          FROM papers) span
    CROSS JOIN LATERAL generate_series(${newestDay}, ${oldestDay}, interval '-1 day') AS walk(day)
    CROSS JOIN LATERAL (
      SELECT ${query.columns} FROM papers p
      WHERE ${matchingSql(query)} AND ${PUBLISHED_DAY} = walk.day::date
      ORDER BY p.published_at DESC, p.id
    ) m
    LIMIT ${query.limit}`;
}
