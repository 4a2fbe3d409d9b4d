// The trending formula, in one place: the SQL in get-trending-papers.ts binds these
// same constants, and /about explains them to readers.
//
//   score = votes cast within the period / (age in hours + AGE_OFFSET_HOURS) ^ gravity
//
// Votes lift a paper, age pulls it down ever faster (Hacker-News-style gravity), so a
// fresh paper with a few votes overtakes an old one with many. Longer periods use a
// gentler gravity, so "This month" favours what gathered the most votes over the month.
// Ties go to the newer paper. Papers published more than `maxAgeDays` ago (or, for
// the month, more than 30 days ago) leave the list.

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

export function trendingScore(votesInPeriod: number, ageHours: number, period: TrendingPeriod): number {
  return votesInPeriod / Math.pow(Math.max(ageHours, 0) + AGE_OFFSET_HOURS, PERIOD_RULES[period].gravity);
}

/** Oldest publication age, in hours, that still trends in this period. */
export function maxAgeHours(period: TrendingPeriod, maxAgeDays: number): number {
  return Math.max(maxAgeDays * 24, PERIOD_RULES[period].windowHours);
}
