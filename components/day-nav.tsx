import Link from "next/link";
import { formatDate } from "@/lib/format/dates";
import { dayPagePath } from "@/lib/feeds/urls";

type DayNavProps = { previous: string | null; next: string | null; category?: string };

const dayLabel = (day: string) => formatDate(new Date(`${day}T00:00:00Z`));
const linkClass = "rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";

/** Links to the nearest days that have papers (empty days are skipped). */
export function DayNav({ previous, next, category }: DayNavProps) {
  const href = (day: string) => dayPagePath(day, category);
  return (
    <nav aria-label="Other days" className="my-4 flex justify-between text-sm">
      {previous ? (
        <Link href={href(previous)} rel="prev" className={linkClass}>
          ← {dayLabel(previous)}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={href(next)} rel="next" className={linkClass}>
          {dayLabel(next)} →
        </Link>
      ) : null}
    </nav>
  );
}
