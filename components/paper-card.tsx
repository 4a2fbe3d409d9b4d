import Link from "next/link";
import type { ReactNode } from "react";
import { formatDate, isoDay } from "@/lib/format/dates";

type PaperCardProps = {
  id: string;
  rank?: number;
  /** Plain text, or highlighted search matches. */
  title: ReactNode;
  excerpt: ReactNode;
  authors: string[];
  publishedAt: Date;
  votes: number;
  /** Extra lines under the date, e.g. why a paper is trending. */
  children?: ReactNode;
};

export function PaperCard({ id, rank, title, excerpt, authors, publishedAt, votes, children }: PaperCardProps) {
  return (
    <article className="flex gap-4 py-4" data-testid="paper-card">
      <div
        className="flex w-12 shrink-0 flex-col items-center self-start rounded-lg border border-zinc-200 py-1 text-center dark:border-zinc-800"
        aria-label={`${votes} votes`}
      >
        <span className="text-base font-semibold tabular-nums">{votes}</span>
        <span className="text-[10px] uppercase tracking-wide text-zinc-600 dark:text-zinc-400">votes</span>
      </div>
      <div className="min-w-0">
        <h2 className="font-semibold leading-snug">
          {rank !== undefined ? <span className="mr-1 tabular-nums text-zinc-500 dark:text-zinc-400">{rank}.</span> : null}
          <Link href={`/papers/${id}`} className="hover:underline">
            {title}
          </Link>
        </h2>
        {authors.length > 0 ? (
          <p className="mt-0.5 truncate text-xs text-zinc-600 dark:text-zinc-400">{authors.join(", ")}</p>
        ) : null}
        <p className="mt-1 line-clamp-3 text-sm text-zinc-700 dark:text-zinc-300">{excerpt}</p>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
          <time dateTime={isoDay(publishedAt)}>{formatDate(publishedAt)}</time>
        </p>
        {children}
      </div>
    </article>
  );
}
