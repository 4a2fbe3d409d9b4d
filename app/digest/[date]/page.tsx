import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RankedPaperList } from "@/components/ranked-paper-list";
import { ABSTRACT_PREVIEW_CHARS } from "@/lib/papers/summary";
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
      <RankedPaperList className="mt-4" papers={papers.map((paper) => ({ ...paper, abstractStart: paper.abstract.slice(0, ABSTRACT_PREVIEW_CHARS) }))} />
    </>
  );
}
