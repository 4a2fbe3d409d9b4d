// The trending formula, in one place (the SQL in get-trending-papers.ts binds these
// same constants). Hacker-News-style gravity:
//
//   score = votes / (ageHours + AGE_OFFSET_HOURS) ^ GRAVITY
//
// Votes lift a paper; age pulls it down ever faster, so a fresh paper with a few
// votes overtakes an old one with many. Ties go to the newer paper.

export const GRAVITY = 1.8;
/** Keeps brand-new papers from dividing by ~0 and leaping to the top on one vote. */
export const AGE_OFFSET_HOURS = 2;

export function trendingScore(votes: number, ageHours: number): number {
  return votes / Math.pow(Math.max(ageHours, 0) + AGE_OFFSET_HOURS, GRAVITY);
}
