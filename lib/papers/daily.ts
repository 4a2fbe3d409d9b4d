import "server-only";
import { db } from "@/lib/db";
import { ABSTRACT_PREVIEW_CHARS, authorNames, authorsInOrder, type PaperSummary } from "./summary";

const DAY_MS = 86_400_000;

export type DailyPaper = PaperSummary;

/** "2026-11-23" → the UTC day [start, end). */
export function dayRange(day: string): { start: Date; end: Date } {
  const start = new Date(`${day}T00:00:00.000Z`);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The papers published on a UTC day (in one arXiv category if given), most voted first. */
export async function getPapersOfDay(day: string, category?: string): Promise<DailyPaper[]> {
  const { start, end } = dayRange(day);
  const papers = await db.paper.findMany({
    where: { publishedAt: { gte: start, lt: end }, ...(category ? { categories: { has: category } } : {}) },
    select: {
      id: true,
      title: true,
      abstract: true,
      publishedAt: true,
      authors: authorsInOrder,
      _count: { select: { votes: true } },
    },
  });
  return papers
    .map((paper) => ({
      id: paper.id,
      title: paper.title,
      abstractStart: paper.abstract.slice(0, ABSTRACT_PREVIEW_CHARS),
      authors: authorNames(paper.authors),
      publishedAt: paper.publishedAt,
      votes: paper._count.votes,
    }))
    .sort((a, b) => b.votes - a.votes || b.publishedAt.getTime() - a.publishedAt.getTime() || a.id.localeCompare(b.id));
}

/**
 * The nearest earlier and later days that have papers, skipping empty days.
 * Each is one index probe on published_at, however large the table.
 */
export async function getAdjacentDays(day: string): Promise<{ previous: string | null; next: string | null }> {
  const { start, end } = dayRange(day);
  const [before, after] = await Promise.all([
    db.paper.findFirst({ where: { publishedAt: { lt: start } }, orderBy: { publishedAt: "desc" }, select: { publishedAt: true } }),
    db.paper.findFirst({ where: { publishedAt: { gte: end } }, orderBy: { publishedAt: "asc" }, select: { publishedAt: true } }),
  ]);
  return { previous: before ? isoDay(before.publishedAt) : null, next: after ? isoDay(after.publishedAt) : null };
}

/** The most recent day with papers (as of `now`), for the "Daily" link. */
export async function getLatestDay(now: Date): Promise<string | null> {
  const latest = await db.paper.findFirst({
    where: { publishedAt: { lte: now } },
    orderBy: { publishedAt: "desc" },
    select: { publishedAt: true },
  });
  return latest ? isoDay(latest.publishedAt) : null;
}
