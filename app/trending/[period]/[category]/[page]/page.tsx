import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Pagination } from "@/components/pagination";
import { PaperCard } from "@/components/paper-card";
import { CategoryChips } from "@/components/category-chips";
import { PeriodTabs } from "@/components/period-tabs";
import { trendingFeedPath, trendingPagePath } from "@/lib/feeds/urls";
import { TrendingReason } from "@/components/trending-reason";
import { countCachedTrendingPapers, getCachedTrendingPapers } from "@/lib/trending/cached-trending";
import { cachedTrendingParamsSchema } from "@/lib/trending/cached-page-path";

// The home page, `/?period=…&category=…&page=…`, which proxy.ts rewrites to this path
// (lib/trending/cached-page-path.ts says why); plain `/` is rewritten by next.config.ts
// (lib/http/cached-page-routes.ts). Rendered on its first request, then served
// from Next's cache: a vote or an ingest expires it with the trending tag its data reads
// carry (lib/cache), and it is rendered afresh at most every 60 s whatever happens
// (CACHE_BOUND_SECONDS; route segment config must be a literal).
export const revalidate = 60;
// Rendered once for everyone: cookies and headers read as empty here (the root not-found
// boundary's connection() call included). tests/security/headers.spec.ts checks it is a cache hit.
export const dynamic = "force-static";
/** No page is rendered at build time (there is no database then); each on its first request. */
export function generateStaticParams() {
  return [];
}

const PAGE_SIZE = 30;

type Props = PageProps<"/trending/[period]/[category]/[page]">;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const parsed = cachedTrendingParamsSchema.safeParse(await params);
  const period = parsed.success ? parsed.data.period : "day";
  return {
    alternates: { types: { "application/atom+xml": [{ url: trendingFeedPath(period), title: "Trending papers (Atom)" }] } },
  };
}

export default async function HomePage({ params }: Props) {
  const parsed = cachedTrendingParamsSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { period, category, page } = parsed.data;

  // Cached lists (lib/trending/cached-trending.ts): a vote or an ingest recomputes them.
  const [papers, total] = await Promise.all([
    // One extra row tells whether a next page exists.
    getCachedTrendingPapers({ period, category, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
    countCachedTrendingPapers({ period, category }),
  ]);
  if (page > 1 && papers.length === 0) notFound();

  return (
    <>
      <div className="mb-3 flex items-baseline justify-between">
        <h1 className="text-2xl font-bold tracking-tight">Trending papers</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{total} papers</p>
      </div>
      <PeriodTabs current={period} category={category} />
      <CategoryChips current={category} href={(c) => trendingPagePath(period, c)} />
      {papers.length === 0 ? (
        <p className="py-10 text-center text-zinc-600 dark:text-zinc-400">
          {category ? `No ${category} papers in this period yet.` : "No papers in this period yet."}
        </p>
      ) : (
        <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {papers.slice(0, PAGE_SIZE).map((paper, index) => (
            <PaperCard
              key={paper.id}
              id={paper.id}
              rank={(page - 1) * PAGE_SIZE + index + 1}
              title={paper.title}
              excerpt={paper.abstractStart}
              authors={paper.authors}
              publishedAt={paper.publishedAt}
              votes={paper.votes}
            >
              <TrendingReason paper={paper} period={period} />
            </PaperCard>
          ))}
        </div>
      )}
      <Pagination
        page={page}
        hasNext={papers.length > PAGE_SIZE}
        href={(p) => {
          const path = trendingPagePath(period, category);
          return p === 1 ? path : `${path}${path.includes("?") ? "&" : "?"}page=${p}`;
        }}
      />
    </>
  );
}
