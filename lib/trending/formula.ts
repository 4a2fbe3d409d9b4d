// The trending formula, in one place: the SQL in get-trending-papers.ts binds these
// same constants, and /about explains them to readers.
//
//   score = attention gained within the period / (age in hours + AGE_OFFSET_HOURS) ^ gravity
//   attention = local votes + UPVOTE_WEIGHT x source upvotes gained + STAR_WEIGHT x GitHub stars gained
//
// Votes lift a paper, age pulls it down ever faster (Hacker-News-style gravity), so a
// fresh paper with a few votes overtakes an old one with many. Longer periods use a
// gentler gravity, so "This month" favours what gathered the most votes over the month.
// Ties go to the newer paper. Papers published more than `maxAgeDays` ago (or, for
// the month, more than 30 days ago) leave the list.
//
// Source signals (lib/ingest/hf-daily) arrive as observations: the upvote and star
// counts a source showed at a moment. What counts is their growth within the period
// (latest observation minus the last one before the period began), never the totals,
// so a repository that had 10k stars before the paper existed lifts it by nothing.
// Hugging Face upvotes start at 0 when a paper is featured, so a paper first seen
// inside the period counts all its upvotes; stars count only from the first observation.

export const TRENDING_PERIODS = ["day", "week", "month"] as const;
export type TrendingPeriod = (typeof TRENDING_PERIODS)[number];

export type PeriodRule = { label: string; windowHours: number; gravity: number };

export const PERIOD_RULES: Record<TrendingPeriod, PeriodRule> = {
  day: { label: "Today", windowHours: 24, gravity: 1.8 },
  week: { label: "This week", windowHours: 7 * 24, gravity: 1.2 },
  month: { label: "This month", windowHours: 30 * 24, gravity: 0.8 },
};

/** Keeps brand-new papers from dividing by ~0 and leaping to the top on one vote. */
export const AGE_OFFSET_HOURS = 2;
export const DEFAULT_MAX_AGE_DAYS = 14;

/** A Hugging Face upvote is one reader's vote, like ours. */
export const UPVOTE_WEIGHT = 1;
/** Stars come cheaper and in larger numbers than votes: five stars weigh one vote. */
export const STAR_WEIGHT = 0.2;

export type Attention = { votes: number; upvotesGained?: number; starsGained?: number };

export function attentionOf({ votes, upvotesGained = 0, starsGained = 0 }: Attention): number {
  return votes + UPVOTE_WEIGHT * upvotesGained + STAR_WEIGHT * starsGained;
}

export function trendingScore(attention: Attention | number, ageHours: number, period: TrendingPeriod): number {
  const total = typeof attention === "number" ? attention : attentionOf(attention);
  return total / Math.pow(Math.max(ageHours, 0) + AGE_OFFSET_HOURS, PERIOD_RULES[period].gravity);
}

/** Oldest publication age, in hours, that still trends in this period. */
export function maxAgeHours(period: TrendingPeriod, maxAgeDays: number): number {
  return Math.max(maxAgeDays * 24, PERIOD_RULES[period].windowHours);
}
