import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db";
import { AGE_OFFSET_HOURS, GRAVITY } from "./formula";

export type TrendingPaper = {
  id: string;
  title: string;
  /** The first few hundred characters: enough for a card, never the whole text. */
  abstractStart: string;
  publishedAt: Date;
  votes: number;
  score: number;
};

const ABSTRACT_PREVIEW_CHARS = 400;

/** Papers ordered by the trending formula (lib/trending/formula.ts) as of `now`. */
export async function getTrendingPapers(options: { now: Date; limit: number; offset: number }): Promise<TrendingPaper[]> {
  const rows = await db.$queryRaw<
    { id: string; title: string; abstract_start: string; published_at: Date; votes: number; score: number }[]
  >(Prisma.sql`
    WITH vote_counts AS (
      SELECT paper_id, count(*)::int AS votes FROM votes GROUP BY paper_id
    )
    SELECT p.id, p.title, left(p.abstract, ${ABSTRACT_PREVIEW_CHARS}) AS abstract_start, p.published_at,
           coalesce(vc.votes, 0) AS votes,
           (coalesce(vc.votes, 0) / power(
              greatest(extract(epoch FROM (${options.now}::timestamptz - p.published_at)) / 3600, 0) + ${AGE_OFFSET_HOURS},
              ${GRAVITY}))::float8 AS score
    FROM papers p
    LEFT JOIN vote_counts vc ON vc.paper_id = p.id
    ORDER BY score DESC, p.published_at DESC, p.id
    LIMIT ${options.limit} OFFSET ${options.offset}
  `);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    abstractStart: row.abstract_start,
    publishedAt: row.published_at,
    votes: row.votes,
    score: row.score,
  }));
}
