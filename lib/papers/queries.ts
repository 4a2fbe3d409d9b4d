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
