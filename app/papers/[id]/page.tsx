import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "next/link";
import { cache } from "react";
import { CiteBox } from "@/components/cite-box";
import { MathText } from "@/components/math-text";
import { PaperLinks } from "@/components/paper-links";
import { SimilarPapers } from "@/components/similar-papers";
import { env } from "@/lib/env";
import { trendingPagePath } from "@/lib/feeds/urls";
import { formatDate, isoDay } from "@/lib/format/dates";
import { categoryName } from "@/lib/papers/categories";
import { citationKey, toBibtex } from "@/lib/papers/bibtex";
import { getCachedPaper, getCachedSimilarPapers } from "@/lib/papers/cached-papers";
import type { PaperDetail } from "@/lib/papers/queries";
import { paperIdSchema } from "./schema";
import { VoteButton } from "@/components/vote-button";
import { currentUser } from "@/lib/auth/session";
import { hasVoted } from "@/lib/votes/toggle-vote";

const DESCRIPTION_CHARS = 200;

// One cache read per request, shared by generateMetadata and the page. The paper and its
// similar papers are cached across requests (lib/papers/cached-papers.ts); whether this
// reader voted is not, nor is the reader.
const loadPaper = cache(async (rawId: string) => {
  const id = paperIdSchema.safeParse(rawId);
  return id.success ? getCachedPaper(id.data) : null;
});

async function loadSimilar(rawId: string) {
  const id = paperIdSchema.safeParse(rawId);
  return id.success ? getCachedSimilarPapers(id.data) : [];
}

/** The abstract's start for meta descriptions: whole words, about `max` characters. */
function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s.,;:]+$/, "")}…`;
}

export async function generateMetadata({ params }: PageProps<"/papers/[id]">): Promise<Metadata> {
  const paper = await loadPaper((await params).id);
  if (!paper) return {};
  const description = excerpt(paper.abstract, DESCRIPTION_CHARS);
  const path = `/papers/${paper.id}`;
  // Absolute URLs only from the configured public address (APP_URL). Without it the
  // canonical link stays relative and og:url is left out: a metadataBase guessed from
  // the request or Next's localhost default could name the wrong host.
  const url = env.APP_URL ? `${env.APP_URL}${path}` : undefined;
  return {
    title: paper.title,
    description,
    alternates: { canonical: url ?? path },
    openGraph: {
      type: "article",
      siteName: "Paperboy",
      title: paper.title,
      description,
      ...(url ? { url } : {}),
      publishedTime: paper.publishedAt.toISOString(),
      ...(paper.authors.length > 0 ? { authors: paper.authors } : {}),
    },
    twitter: { card: "summary", title: paper.title, description },
  };
}

/** Hugging Face's numbers, as last ingested, and a link to its page of the paper. */
function HuggingFaceSignals({ signals, arxivId }: { signals: NonNullable<PaperDetail["huggingFace"]>; arxivId: string | null }) {
  const parts = [
    signals.upvotes !== null ? `${signals.upvotes} upvotes` : null,
    signals.githubStars !== null ? `${signals.githubStars.toLocaleString("en")} GitHub stars` : null,
  ].filter(Boolean);
  const label = `${parts.join(", ")} on Hugging Face${signals.featuredAt ? `, featured ${formatDate(signals.featuredAt)}` : ""}`;
  return arxivId ? (
    <a href={`https://huggingface.co/papers/${arxivId}`} rel="noopener noreferrer" className="underline decoration-dotted hover:text-zinc-900 dark:hover:text-zinc-100">
      {label}
    </a>
  ) : (
    <span>{label}</span>
  );
}

export default async function PaperPage({ params }: PageProps<"/papers/[id]">) {
  const rawId = (await params).id;
  const [paper, similar, user] = await Promise.all([loadPaper(rawId), loadSimilar(rawId), currentUser()]);
  if (!paper) notFound();
  const voted = user ? await hasVoted(user.id, paper.id) : false;

  return (
    <article>
      <h1 className="text-2xl font-bold leading-tight tracking-tight">
        <MathText text={paper.title} />
      </h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {paper.authors.length > 0 ? paper.authors.join(", ") : "Authors not listed in this source"}
      </p>
      <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
        <time dateTime={isoDay(paper.publishedAt)}>{formatDate(paper.publishedAt)}</time>
        <span>
          <span className="font-semibold tabular-nums text-zinc-700 dark:text-zinc-300">{paper.votes}</span> votes
        </span>
        {paper.huggingFace ? <HuggingFaceSignals signals={paper.huggingFace} arxivId={paper.arxivId} /> : null}
        {paper.categories.map((category) => (
          <Link key={category} href={trendingPagePath("month", category)} title={categoryName(category)} className="underline decoration-dotted hover:text-zinc-900 dark:hover:text-zinc-100">
            {category}
          </Link>
        ))}
        {paper.source === "demo" ? <span title="Dates and votes are generated for the demo corpus">demo data</span> : null}
      </p>
      <div className="mt-3">
        <VoteButton paperId={paper.id} votes={paper.votes} voted={voted} signedIn={user !== null} />
      </div>
      <h2 className="mt-6 text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Abstract</h2>
      <p className="mt-2 whitespace-pre-line leading-relaxed">
        <MathText text={paper.abstract} />
      </p>
      {paper.comment ? (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
          <span className="font-semibold">Comments:</span> {paper.comment}
        </p>
      ) : null}
      <PaperLinks arxivId={paper.arxivId} links={paper.links} />
      <SimilarPapers papers={similar} />
      <CiteBox
        bibtex={toBibtex(paper)}
        downloadHref={`/papers/${paper.id}/bibtex`}
        fileName={`${citationKey(paper)}.bib`}
      />
    </article>
  );
}
