import "server-only";
import { db } from "@/lib/db";
import { authorNames, authorsInOrder } from "./summary";

export type PaperDetail = {
  id: string;
  arxivId: string | null;
  title: string;
  abstract: string;
  publishedAt: Date;
  source: string;
  links: string[];
  categories: string[];
  comment: string | null;
  authors: string[];
  votes: number;
};

export async function getPaper(id: string): Promise<PaperDetail | null> {
  const paper = await db.paper.findUnique({
    where: { id },
    select: {
      id: true,
      arxivId: true,
      title: true,
      abstract: true,
      publishedAt: true,
      source: true,
      links: true,
      categories: true,
      comment: true,
      authors: authorsInOrder,
      _count: { select: { votes: true } },
    },
  });
  if (!paper) return null;
  const { authors, _count, ...rest } = paper;
  return { ...rest, authors: authorNames(authors), votes: _count.votes };
}

export async function countPapers(): Promise<number> {
  return db.paper.count();
}

/** False while only uncategorised papers exist (the demo corpus): category filters would all come up empty. */
export async function hasCategorisedPapers(): Promise<boolean> {
  // Stops at the first match, so it is cheap on a real corpus where nearly every paper has one.
  return (await db.paper.findFirst({ where: { NOT: { categories: { isEmpty: true } } }, select: { id: true } })) !== null;
}
