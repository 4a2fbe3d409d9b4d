import Link from "next/link";
import { HighlightedText } from "@/components/highlighted-text";
import { Pagination } from "@/components/pagination";
import { PaperCard } from "@/components/paper-card";
import { SearchFilters } from "@/components/search-filters";
import { searchPagePath } from "@/lib/feeds/urls";
import type { SearchPageParams } from "@/lib/search/cached-page-path";
import type { SearchResult } from "@/lib/search/search-papers";

export function SearchMessage({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" className="rounded-md border border-zinc-200 p-4 text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
      {children}
    </p>
  );
}

/** A heading and a message: no search given, an invalid one, or one that cannot run. */
export function SearchNotice({ children }: { children: React.ReactNode }) {
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold tracking-tight">Search papers</h1>
      <SearchMessage>{children}</SearchMessage>
    </>
  );
}

type SearchResultsProps = {
  params: SearchPageParams;
  result: SearchResult;
  /** Whether a page after this one exists (the page size and the deepest page are the route's). */
  hasNext: boolean;
  /** The category filters offered. */
  categories: string[];
};

export function SearchResults({ params: { q, sort, from, to, category, page }, result, hasNext, categories }: SearchResultsProps) {
  const linkTo = (query: string, p = 1) => searchPagePath({ q: query, sort, from, to, category }, p);
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
      <SearchFilters q={q} sort={sort} from={from} to={to} category={category} categories={categories} />
      {result.hits.length === 0 ? (
        <SearchMessage>No papers match. Try fewer or different words.</SearchMessage>
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
      <Pagination page={page} hasNext={hasNext} href={(p) => linkTo(result.query, p)} />
    </>
  );
}
