import Link from "next/link";
import { formatDate, isoDay } from "@/lib/format/dates";

type PaperCardProps = {
  id: string;
  rank: number;
  title: string;
  abstractStart: string;
  publishedAt: Date;
  votes: number;
};

export function PaperCard({ id, rank, title, abstractStart, publishedAt, votes }: PaperCardProps) {
  return (
    <article className="flex gap-4 py-4" data-testid="paper-card">
      <div className="flex w-12 shrink-0 flex-col items-center self-start rounded-lg border border-zinc-200 py-1 text-center dark:border-zinc-800">
        <span className="text-base font-semibold tabular-nums">{votes}</span>
        <span className="text-[10px] uppercase tracking-wide text-zinc-500">votes</span>
      </div>
      <div className="min-w-0">
        <h2 className="font-semibold leading-snug">
          <span className="mr-1 text-zinc-400 tabular-nums">{rank}.</span>
          <Link href={`/papers/${id}`} className="hover:underline">
            {title}
          </Link>
        </h2>
        <p className="mt-1 line-clamp-3 text-sm text-zinc-600 dark:text-zinc-400">{abstractStart}</p>
        <p className="mt-1 text-xs text-zinc-500">
          <time dateTime={isoDay(publishedAt)}>{formatDate(publishedAt)}</time>
        </p>
      </div>
    </article>
  );
}
