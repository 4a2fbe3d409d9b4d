import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { ABSTRACT_PREVIEW_CHARS, type PaperSummary } from "@/lib/papers/summary";
import { AGE_OFFSET_HOURS, PERIOD_RULES, STAR_WEIGHT, UPVOTE_WEIGHT, maxAgeHours, type TrendingPeriod } from "./formula";

export type TrendingPaper = PaperSummary & {
  votesInPeriod: number;
  votesLast24h: number;
  /** Growth within the period of the source's (Hugging Face) upvotes and GitHub stars. */
  upvotesGained: number;
  starsGained: number;
  ageHours: number;
  score: number;
};

const HOUR_MS = 3_600_000;

type Row = {
  id: string;
  title: string;
  abstract_start: string;
  authors: string[];
  published_at: Date;
  votes: number;
  votes_in_period: number;
  votes_24h: number;
  upvotes_gained: number;
  stars_gained: number;
  age_hours: number;
  score: number;
};

/**
 * Papers ordered by the trending formula (lib/trending/formula.ts) as of `now`.
 * Only papers young enough for the period are scored, so the cost of a page is
 * bounded by how many papers appear in a month, not by the size of the table.
 */
export async function getTrendingPapers(options: {
  period: TrendingPeriod;
  now: Date;
  limit: number;
  offset?: number;
  maxAgeDays?: number;
  /** Only papers in this arXiv category. */
  category?: string;
}): Promise<TrendingPaper[]> {
  const { period, now, limit, offset = 0, category } = options;
  const rule = PERIOD_RULES[period];
  const oldest = new Date(now.getTime() - maxAgeHours(period, options.maxAgeDays ?? env.TRENDING_MAX_AGE_DAYS) * HOUR_MS);
  const windowStart = new Date(now.getTime() - rule.windowHours * HOUR_MS);
  const dayStart = new Date(now.getTime() - 24 * HOUR_MS);

  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH candidates AS (
      SELECT p.id, p.title, p.abstract, p.published_at,
             -- float8: extract() returns numeric, and numeric power() below is ~10x slower.
             extract(epoch FROM (${now}::timestamptz - p.published_at))::float8 / 3600 AS age_hours
      FROM papers p
      WHERE p.published_at > ${oldest} AND p.published_at <= ${now}
        ${category ? Prisma.sql`AND p.categories @> ARRAY[${category}]::text[]` : Prisma.empty}
    ),
    scored AS (
      SELECT c.*,
             count(v.id)::int AS votes,
             (count(v.id) FILTER (WHERE v.created_at > ${windowStart} AND v.created_at <= ${now}))::int AS votes_in_period,
             (count(v.id) FILTER (WHERE v.created_at > ${dayStart} AND v.created_at <= ${now}))::int AS votes_24h
      FROM candidates c
      LEFT JOIN votes v ON v.paper_id = c.id
      GROUP BY c.id, c.title, c.abstract, c.published_at, c.age_hours
    ),
    -- Source signals: growth within the period (formula.ts), from the observation
    -- just before the period began (upvotes: 0 if none; stars: the first one inside).
    gained AS (
      SELECT s.*,
             greatest(coalesce(o.up_now, 0) - coalesce(o.up_before, 0), 0)::int AS upvotes_gained,
             greatest(coalesce(o.stars_now, 0) - coalesce(o.stars_before, o.stars_first, o.stars_now, 0), 0)::int AS stars_gained
      FROM scored s
      LEFT JOIN LATERAL (
        SELECT
          (SELECT upvotes FROM paper_observations WHERE paper_id = s.id AND upvotes IS NOT NULL AND observed_at <= ${now}
            ORDER BY observed_at DESC LIMIT 1) AS up_now,
          (SELECT upvotes FROM paper_observations WHERE paper_id = s.id AND upvotes IS NOT NULL AND observed_at <= ${windowStart}
            ORDER BY observed_at DESC LIMIT 1) AS up_before,
          (SELECT github_stars FROM paper_observations WHERE paper_id = s.id AND github_stars IS NOT NULL AND observed_at <= ${now}
            ORDER BY observed_at DESC LIMIT 1) AS stars_now,
          (SELECT github_stars FROM paper_observations WHERE paper_id = s.id AND github_stars IS NOT NULL AND observed_at <= ${windowStart}
            ORDER BY observed_at DESC LIMIT 1) AS stars_before,
          (SELECT github_stars FROM paper_observations WHERE paper_id = s.id AND github_stars IS NOT NULL
             AND observed_at > ${windowStart} AND observed_at <= ${now}
            ORDER BY observed_at LIMIT 1) AS stars_first
      ) o ON true
    )
    SELECT s.id, s.title, left(s.abstract, ${ABSTRACT_PREVIEW_CHARS}) AS abstract_start, s.published_at,
           s.votes, s.votes_in_period, s.votes_24h, s.upvotes_gained, s.stars_gained, s.age_hours,
           ((s.votes_in_period + ${UPVOTE_WEIGHT}::float8 * s.upvotes_gained + ${STAR_WEIGHT}::float8 * s.stars_gained)
             / power(greatest(s.age_hours, 0) + ${AGE_OFFSET_HOURS}, ${rule.gravity}::float8)) AS score,
           coalesce((SELECT array_agg(a.name ORDER BY pa.position)
                     FROM paper_authors pa JOIN authors a ON a.id = pa.author_id
                     WHERE pa.paper_id = s.id), '{}') AS authors
    FROM gained s
    ORDER BY score DESC, s.published_at DESC, s.id
    LIMIT ${limit} OFFSET ${offset}
  `);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    abstractStart: row.abstract_start,
    authors: row.authors,
    publishedAt: row.published_at,
    votes: row.votes,
    votesInPeriod: row.votes_in_period,
    votesLast24h: row.votes_24h,
    upvotesGained: row.upvotes_gained,
    starsGained: row.stars_gained,
    ageHours: row.age_hours,
    score: row.score,
  }));
}

/** How many papers the period's list holds (for "N papers" and paging). */
export async function countTrendingPapers(options: { period: TrendingPeriod; now: Date; maxAgeDays?: number; category?: string }): Promise<number> {
  const oldest = new Date(
    options.now.getTime() - maxAgeHours(options.period, options.maxAgeDays ?? env.TRENDING_MAX_AGE_DAYS) * HOUR_MS,
  );
  return db.paper.count({
    where: { publishedAt: { gt: oldest, lte: options.now }, ...(options.category ? { categories: { has: options.category } } : {}) },
  });
}
