import "server-only";
import { db } from "@/lib/db";

/**
 * Adds each paper's whole abstract, fetched in one query. List queries carry only
 * the start of an abstract (enough for a card); the JSON API and the feeds give
 * the whole text. A paper deleted in between keeps the start it was listed with.
 */
export async function withAbstracts<T extends { id: string; abstractStart: string }>(
  papers: T[],
): Promise<(T & { abstract: string })[]> {
  if (papers.length === 0) return [];
  const rows = await db.paper.findMany({
    where: { id: { in: papers.map((paper) => paper.id) } },
    select: { id: true, abstract: true },
  });
  const abstracts = new Map(rows.map((row) => [row.id, row.abstract]));
  return papers.map((paper) => ({ ...paper, abstract: abstracts.get(paper.id) ?? paper.abstractStart }));
}
