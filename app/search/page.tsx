import type { Metadata } from "next";
import Link from "next/link";
import { HighlightedText } from "@/components/highlighted-text";
import { Pagination } from "@/components/pagination";
import { PaperCard } from "@/components/paper-card";
import { SearchFilters } from "@/components/search-filters";
import { env } from "@/lib/env";
import { searchFeedPath, searchPagePath } from "@/lib/feeds/urls";
import { firstIssue } from "@/lib/search/schema";
import { searchCache } from "@/lib/search/cached-search";
import { isSearchInputError } from "@/lib/search/search-papers";
import { MAX_SEARCH_PAGE, SEARCH_PAGE_SIZE, firstValues, searchPageSchema } from "./schema";

export async function generateMetadata({ searchParams }: PageProps<"/search">): Promise<Metadata> {
  const parsed = searchPageSchema.safeParse(firstValues(await searchParams));
  if (!parsed.success) return { title: "Search" };
  const { q, from, to, category } = parsed.data;
  // The feed lists new matches first, whatever order the page shows.
  const feed = searchFeedPath({ q, from, to, category, sort: "newest" });
  return {
    title: `${q} — search`,
    alternates: { types: { "application/atom+xml": [{ url: feed, title: `Papers matching “${q}” (Atom)` }] } },
  };
}

function Message({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="rounded-md border border-zinc-200 p-4 text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
      {children}
    </p>
  );
}

export default async function SearchPage({ searchParams }: PageProps<"/search">) {
  const raw = firstValues(await searchParams);
  if (raw.q === undefined) {
    return (
      <>
        <h1 className="mb-4 text-2xl font-bold tracking-tight">Search papers</h1>
        <Message>Search titles and abstracts: words, &quot;exact phrases&quot;, OR, and -word to exclude. Press / to jump to the search box.</Message>
      </>
    );
  }

  const parsed = searchPageSchema.safeParse(raw);
  if (!parsed.success) {
    return (
      <>
        <h1 className="mb-4 text-2xl font-bold tracking-tight">Search papers</h1>
        <Message>{firstIssue(parsed.error)}</Message>
      </>
    );
  }

  const { q, sort, from, to, category, page } = parsed.data;
  let result;
  try {
    result = await searchCache.search({ q, sort, from, to, category, limit: SEARCH_PAGE_SIZE, offset: (page - 1) * SEARCH_PAGE_SIZE, now: new Date() });
  } catch (error) {
    if (!isSearchInputError(error)) throw error;
    return (
      <>
        <h1 className="mb-4 text-2xl font-bold tracking-tight">Search papers</h1>
        <Message>{error.message}</Message>
      </>
    );
  }

  const linkTo = (query: string, p = 1) => `${searchPagePath({ q: query, sort, from, to, category })}${p > 1 ? `&page=${p}` : ""}`;

  return (
    <>
      <h1 className="mb-1 text-2xl font-bold tracking-tight">
        {result.total.toLocaleString("en")}
        {result.capped ? "+" : ""} {result.total === 1 ? "result" : "results"} for “{result.query}”
      </h1>
      {result.correctedFrom ? (
        <p className="mb-2 text-sm text-zinc-700 dark:text-zinc-300">
          No results for “{result.correctedFrom}”. Showing results for <em>{result.query}</em>.
        </p>
      ) : result.suggestion ? (
        <p className="mb-2 text-sm text-zinc-700 dark:text-zinc-300">
          Did you mean:{" "}
          <Link href={linkTo(result.suggestion)} className="font-medium italic text-blue-700 hover:underline dark:text-blue-400">
            {result.suggestion}
          </Link>
          ?
        </p>
      ) : null}
      <SearchFilters q={q} sort={sort} from={from} to={to} category={category} categories={env.ARXIV_CATEGORIES} />
      {result.hits.length === 0 ? (
        <Message>No papers match. Try fewer or different words.</Message>
      ) : (
        <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {result.hits.map((hit) => (
            <PaperCard
              key={hit.id}
              id={hit.id}
              title={<HighlightedText segments={hit.title} />}
              excerpt={<HighlightedText segments={hit.snippet} />}
              authors={hit.authors}
              publishedAt={hit.publishedAt}
              votes={hit.votes}
            />
          ))}
        </div>
      )}
      <Pagination page={page} hasNext={page < MAX_SEARCH_PAGE && page * SEARCH_PAGE_SIZE < result.total} href={(p) => linkTo(result.query, p)} />
    </>
  );
}
