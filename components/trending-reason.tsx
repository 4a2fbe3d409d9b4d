import Link from "next/link";
import type { TrendingPaper } from "@/lib/trending/get-trending-papers";
import { PERIOD_RULES, type TrendingPeriod } from "@/lib/trending/formula";

function formatAge(hours: number): string {
  if (hours < 1) return "under an hour old";
  if (hours < 48) return `${Math.floor(hours)} h old`;
  return `${Math.floor(hours / 24)} days old`;
}

/** Why a paper is on the list: the numbers the score is made of (users asked for this). */
export function TrendingReason({ paper, period }: { paper: TrendingPaper; period: TrendingPeriod }) {
  const periodVotes = period === "day" ? null : `${paper.votesInPeriod} votes ${PERIOD_RULES[period].label.toLowerCase()}`;
  const sourceGains = [
    paper.upvotesGained > 0 ? `+${paper.upvotesGained} Hugging Face upvotes` : null,
    paper.starsGained > 0 ? `+${paper.starsGained} GitHub stars` : null,
  ];
  return (
    <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid="trending-reason">
      {[periodVotes, `${paper.votesLast24h} in the last 24 h`, ...sourceGains, formatAge(paper.ageHours), `score ${paper.score.toFixed(3)}`]
        .filter(Boolean)
        .join(" · ")}{" "}
      <Link href="/about#trending" className="underline decoration-dotted hover:text-zinc-900 dark:hover:text-zinc-100">
        why?
      </Link>
    </p>
  );
}
