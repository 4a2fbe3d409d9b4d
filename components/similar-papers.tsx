import Link from "next/link";
import { formatDate, isoDay } from "@/lib/format/dates";
import type { SimilarPaper } from "@/lib/papers/similar";

/** "Similar papers" on a paper's page; renders nothing when there are none. */
export function SimilarPapers({ papers }: { papers: SimilarPaper[] }) {
  if (papers.length === 0) return null;
  return (
    <section className="mt-8" aria-labelledby="similar-papers">
      <h2 id="similar-papers" className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Similar papers
      </h2>
      <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="similar-papers">
        {papers.map((paper) => (
          <li key={paper.id} className="py-2">
            <Link href={`/papers/${paper.id}`} className="font-medium leading-snug hover:underline">
              {paper.title}
            </Link>
            <p className="mt-0.5 flex gap-3 text-xs text-zinc-600 dark:text-zinc-400">
              <time dateTime={isoDay(paper.publishedAt)}>{formatDate(paper.publishedAt)}</time>
              <span>
                <span className="tabular-nums">{paper.votes}</span> {paper.votes === 1 ? "vote" : "votes"}
              </span>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
