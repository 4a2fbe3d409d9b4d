// Where to look for a search's newest matches without touching the older ones.
//
// Search ranks (and sorts, and counts) only the CANDIDATE_LIMIT (MAX_RESULTS) newest papers that
// match: ranking every match of a common term reads every matching row, ~10 µs
// each, so "learning" over 1M papers would take seconds. The newest matches live
// in the newest part of the corpus, so the candidate query gets a lower bound on
// published_at ("the newest 3% of papers") that PostgreSQL combines with the
// full-text index (a BitmapAnd, or a backward walk of the date index), and only
// rows inside it are read. How far back to look follows from how many papers are
// expected to match: few matches, the whole corpus; many, a thin recent slice.
// When a window turns out to hold fewer than CANDIDATE_LIMIT matches (the
// estimate was high, or filters removed some), a wider one is tried, sized from
// the density just seen, ending with no bound at all — so the result is always
// exactly the newest CANDIDATE_LIMIT matches, however rough the estimate.

/** How papers spread over time: equal-count quantile bounds of published_at, oldest first. */
export type CorpusTimeline = { papers: number; bounds: Date[] };

/** Look in a window expected to hold this many times the candidates needed, so most searches take one query. */
const HEADROOM = 2;
/** A retry widens the window (as a share of the corpus) at most this many times. */
const MAX_GROWTH = 8;
/** Below this share of the corpus a bound saves nothing over reading the matches. */
const SMALLEST_SHARE = 1 / 2000;

/** A window: papers published at or after `after` (null: no bound), `share` of those before the end. */
export type CandidateWindow = { after: Date | null; share: number };

/**
 * The first window to look in: `expectedMatches` estimates how many papers match in the
 * whole corpus, `before` is an upper bound the search already has (a `to` date).
 */
export function firstWindow(timeline: CorpusTimeline | null, expectedMatches: number, needed: number, before?: Date): CandidateWindow {
  if (!timeline || timeline.bounds.length < 2 || timeline.papers <= 0 || expectedMatches <= needed) return { after: null, share: 1 };
  return windowOfShare(timeline, Math.max(SMALLEST_SHARE, (HEADROOM * needed) / expectedMatches), before);
}

/**
 * The next window after `window` held only `found` of the `needed` matches: sized from
 * the density just measured (the estimate was wrong by that much), with headroom, so
 * more than twice and at most MAX_GROWTH times wider. Null when the last window had no bound.
 */
export function widerWindow(timeline: CorpusTimeline | null, window: CandidateWindow, found: number, needed: number, before?: Date): CandidateWindow | null {
  if (!timeline || window.after === null) return null;
  const growth = found > 0 ? Math.min(MAX_GROWTH, (HEADROOM * needed) / found) : MAX_GROWTH;
  return windowOfShare(timeline, window.share * growth, before);
}

function windowOfShare(timeline: CorpusTimeline, share: number, before?: Date): CandidateWindow {
  const end = before ? shareBefore(timeline.bounds, before) : 1;
  return share >= end ? { after: null, share: 1 } : { after: quantile(timeline.bounds, end - share), share };
}

/** The share of papers published before `date` (0..1), interpolated between quantile bounds. */
export function shareBefore(bounds: Date[], date: Date): number {
  const t = date.getTime();
  const last = bounds.length - 1;
  if (t <= bounds[0].getTime()) return 0;
  if (t >= bounds[last].getTime()) return 1;
  let i = 0;
  while (bounds[i + 1].getTime() < t) i += 1;
  const [a, b] = [bounds[i].getTime(), bounds[i + 1].getTime()];
  return (i + (b === a ? 1 : (t - a) / (b - a))) / last;
}

/** The date before which `share` (0..1) of the papers were published, interpolated. */
export function quantile(bounds: Date[], share: number): Date {
  const last = bounds.length - 1;
  const position = Math.min(Math.max(share, 0), 1) * last;
  const i = Math.min(Math.floor(position), last - 1);
  const [a, b] = [bounds[i].getTime(), bounds[i + 1].getTime()];
  return new Date(a + (b - a) * (position - i));
}
