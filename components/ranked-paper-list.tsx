import type { PaperSummary } from "@/lib/papers/summary";
import { PaperCard } from "./paper-card";

/** A numbered list of paper cards (a day's papers, a digest edition). */
export function RankedPaperList({ papers, className = "" }: { papers: PaperSummary[]; className?: string }) {
  return (
    <div className={`divide-y divide-zinc-200 dark:divide-zinc-800 ${className}`}>
      {papers.map((paper, index) => (
        <PaperCard
          key={paper.id}
          id={paper.id}
          rank={index + 1}
          title={paper.title}
          excerpt={paper.abstractStart}
          authors={paper.authors}
          publishedAt={paper.publishedAt}
          votes={paper.votes}
        />
      ))}
    </div>
  );
}
