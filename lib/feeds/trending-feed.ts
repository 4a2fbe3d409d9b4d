import "server-only";
import { withAbstracts } from "@/lib/papers/abstracts";
import { getCachedTrendingPapers } from "@/lib/trending/cached-trending";
import { PERIOD_RULES, type TrendingPeriod } from "@/lib/trending/formula";
import { paperEntry, renderAtom } from "./atom";
import { trendingFeedPath, trendingPagePath } from "./urls";

export const TRENDING_FEED_SIZE = 30;

/**
 * The top of a trending list as Atom, each entry summarised by its whole abstract. The list
 * is the cached one the home page shows (lib/trending/cached-trending.ts): at 1M papers a
 * trending query takes 1-2 s, and feed readers poll.
 */
export async function trendingFeed(options: { period: TrendingPeriod; now: Date; baseUrl: string }): Promise<string> {
  const { period, now, baseUrl } = options;
  const papers = await withAbstracts(await getCachedTrendingPapers({ period, limit: TRENDING_FEED_SIZE }));
  const label = PERIOD_RULES[period].label.toLowerCase();
  return renderAtom({
    title: `Paperboy: trending papers ${label}`,
    subtitle: `Up to ${TRENDING_FEED_SIZE} papers trending most ${label}, by votes and age.`,
    selfUrl: baseUrl + trendingFeedPath(period),
    pageUrl: baseUrl + trendingPagePath(period),
    entries: papers.map((paper) => paperEntry(paper, paper.abstract, baseUrl)),
    now,
  });
}
