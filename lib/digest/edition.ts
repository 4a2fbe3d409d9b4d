import "server-only";
import { db } from "@/lib/db";
import { authorNames, authorsInOrder } from "@/lib/papers/summary";
import { getTrendingPapers } from "@/lib/trending/get-trending-papers";

export type EditionPaper = { id: string; title: string; authors: string[]; abstract: string; publishedAt: Date; votes: number };

const asDate = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * The day's edition: the top `size` of Today's trending list, chosen once and
 * stored, so every recipient, every retry, a resumed run and the "View in
 * browser" page all show the same papers. Concurrent callers agree through the
 * primary key (the first insert wins).
 */
export async function getOrCreateEdition(date: string, now: Date, size: number): Promise<EditionPaper[]> {
  const existing = await getEdition(date);
  if (existing) return existing;
  const top = await getTrendingPapers({ period: "day", now, limit: size });
  await db.digestEdition.createMany({ data: [{ date: asDate(date), paperIds: top.map((p) => p.id) }], skipDuplicates: true });
  return (await getEdition(date)) ?? [];
}

/** A stored edition's papers in their order, or null when that day had no edition. */
export async function getEdition(date: string): Promise<EditionPaper[] | null> {
  const edition = await db.digestEdition.findUnique({ where: { date: asDate(date) }, select: { paperIds: true } });
  if (!edition) return null;
  return loadPapers(edition.paperIds);
}

/** Papers by id, in the order given, with what a digest shows of them. */
export async function loadPapers(ids: string[]): Promise<EditionPaper[]> {
  const papers = await db.paper.findMany({
    where: { id: { in: ids } },
    select: { id: true, title: true, abstract: true, publishedAt: true, authors: authorsInOrder, _count: { select: { votes: true } } },
  });
  const byId = new Map(
    papers.map((p) => [
      p.id,
      { id: p.id, title: p.title, abstract: p.abstract, publishedAt: p.publishedAt, authors: authorNames(p.authors), votes: p._count.votes },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
