import "server-only";
import { db } from "@/lib/db";

/**
 * Votes for a paper, or takes the vote back. One vote per person per paper is the
 * database's rule (unique paper_id, voter_id), so a double submit cannot count twice.
 * Returns whether the person now votes for it, and the paper's count.
 */
export async function toggleVote(voterId: string, paperId: string, now: Date): Promise<{ voted: boolean; votes: number } | null> {
  const paper = await db.paper.findUnique({ where: { id: paperId }, select: { id: true } });
  if (!paper) return null;
  const removed = await db.vote.deleteMany({ where: { paperId, voterId } });
  if (removed.count === 0) {
    await db.vote.createMany({ data: [{ paperId, voterId, createdAt: now }], skipDuplicates: true });
  }
  const votes = await db.vote.count({ where: { paperId } });
  return { voted: removed.count === 0, votes };
}

export async function hasVoted(voterId: string, paperId: string): Promise<boolean> {
  return (await db.vote.count({ where: { paperId, voterId } })) > 0;
}

/** The papers a person voted for, newest vote first. */
export async function votedPapers(voterId: string, limit = 50) {
  const votes = await db.vote.findMany({
    where: { voterId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { createdAt: true, paper: { select: { id: true, title: true } } },
  });
  return votes.map((vote) => ({ ...vote.paper, votedAt: vote.createdAt }));
}
