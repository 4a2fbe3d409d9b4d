import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PaperCard } from "@/components/paper-card";
import { getEdition } from "@/lib/digest/edition";
import { formatDate } from "@/lib/format/dates";
import { daySchema } from "@/lib/papers/day-schema";

export const metadata: Metadata = { title: "Daily digest" };

/** "View in browser": the papers of one day's digest, as the email listed them. */
export default async function DigestPage({ params }: PageProps<"/digest/[date]">) {
  const date = daySchema(new Date()).safeParse((await params).date);
  const papers = date.success ? await getEdition(date.data) : null;
  if (!date.success || !papers) notFound();

  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">Paperboy digest of {formatDate(new Date(`${date.data}T00:00:00Z`))}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">The trending papers sent that day.</p>
      <div className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800">
        {papers.map((paper, index) => (
          <PaperCard
            key={paper.id}
            id={paper.id}
            rank={index + 1}
            title={paper.title}
            excerpt={paper.abstract.slice(0, 400)}
            authors={paper.authors}
            publishedAt={paper.publishedAt}
            votes={paper.votes}
          />
        ))}
      </div>
    </>
  );
}
