import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { dayParamsSchema } from "@/app/schema";
import { CategoryChips } from "@/components/category-chips";
import { DayNav } from "@/components/day-nav";
import { dayPagePath } from "@/lib/feeds/urls";
import { RankedPaperList } from "@/components/ranked-paper-list";
import { formatDate } from "@/lib/format/dates";
import { getAdjacentDays, getPapersOfDay } from "@/lib/papers/daily";
import { daySchema } from "@/lib/papers/day-schema";

async function parseDay(params: PageProps<"/date/[day]">["params"]): Promise<string | null> {
  const parsed = daySchema(new Date()).safeParse((await params).day);
  return parsed.success ? parsed.data : null;
}

export async function generateMetadata({ params }: PageProps<"/date/[day]">): Promise<Metadata> {
  const day = await parseDay(params);
  return day ? { title: `Papers of ${formatDate(new Date(`${day}T00:00:00Z`))}` } : {};
}

export default async function DayPage({ params, searchParams }: PageProps<"/date/[day]">) {
  // A malformed, impossible or future date has no list: the date segment's not-found page says why.
  const day = await parseDay(params);
  const query = dayParamsSchema.safeParse(await searchParams);
  if (!day || !query.success) notFound();
  const { category } = query.data;

  // Adjacent days ignore the category: one index probe each, at any table size.
  const [papers, adjacent] = await Promise.all([getPapersOfDay(day, category), getAdjacentDays(day)]);

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Papers of {formatDate(new Date(`${day}T00:00:00Z`))}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {papers.length} {papers.length === 1 ? "paper" : "papers"}, most voted first
      </p>
      <DayNav previous={adjacent.previous} next={adjacent.next} category={category} />
      <CategoryChips current={category} href={(c) => dayPagePath(day, c)} />
      {papers.length === 0 ? (
        <p className="py-10 text-center text-zinc-600 dark:text-zinc-400">
          {category ? `No ${category} papers were published on this day.` : "No papers were published on this day."}
        </p>
      ) : (
        <RankedPaperList papers={papers} />
      )}
      {papers.length > 10 ? <DayNav previous={adjacent.previous} next={adjacent.next} category={category} /> : null}
    </>
  );
}
