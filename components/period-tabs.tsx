import Link from "next/link";
import { trendingPagePath } from "@/lib/feeds/urls";
import { PERIOD_RULES, TRENDING_PERIODS, type TrendingPeriod } from "@/lib/trending/formula";

export function PeriodTabs({ current, category }: { current: TrendingPeriod; category?: string }) {
  return (
    <nav aria-label="Trending period" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TRENDING_PERIODS.map((period) => {
        const active = period === current;
        return (
          <Link
            key={period}
            href={trendingPagePath(period, category)}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              active
                ? "border-zinc-900 text-zinc-900 dark:border-zinc-100 dark:text-zinc-100"
                : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {PERIOD_RULES[period].label}
          </Link>
        );
      })}
    </nav>
  );
}
