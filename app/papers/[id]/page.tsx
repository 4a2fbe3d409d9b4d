import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { PaperLinks } from "@/components/paper-links";
import { formatDate, isoDay } from "@/lib/format/dates";
import { getPaper } from "@/lib/papers/queries";
import { paperIdSchema } from "./schema";

// One database read per request, shared by generateMetadata and the page.
const loadPaper = cache(async (rawId: string) => {
  const id = paperIdSchema.safeParse(rawId);
  return id.success ? getPaper(id.data) : null;
});

export async function generateMetadata({ params }: PageProps<"/papers/[id]">): Promise<Metadata> {
  const paper = await loadPaper((await params).id);
  return paper ? { title: paper.title, description: paper.abstract.slice(0, 200) } : {};
}

export default async function PaperPage({ params }: PageProps<"/papers/[id]">) {
  const paper = await loadPaper((await params).id);
  if (!paper) notFound();

  return (
    <article>
      <h1 className="text-2xl font-bold leading-tight tracking-tight">{paper.title}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {paper.authors.length > 0 ? paper.authors.join(", ") : "Authors not listed in this source"}
      </p>
      <p className="mt-1 flex gap-3 text-sm text-zinc-500">
        <time dateTime={isoDay(paper.publishedAt)}>{formatDate(paper.publishedAt)}</time>
        <span>
          <span className="font-semibold tabular-nums text-zinc-700 dark:text-zinc-300">{paper.votes}</span> votes
        </span>
        {paper.source === "demo" ? <span title="Dates and votes are generated for the demo corpus">demo data</span> : null}
      </p>
      <h2 className="mt-6 text-sm font-semibold uppercase tracking-wide text-zinc-500">Abstract</h2>
      <p className="mt-2 whitespace-pre-line leading-relaxed">{paper.abstract}</p>
      <PaperLinks arxivId={paper.arxivId} links={paper.links} />
    </article>
  );
}
