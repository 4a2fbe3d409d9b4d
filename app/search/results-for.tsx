// The body of a search page for a valid search, shared by the route that serves it from
// Next's cache (results/[key], where proxy.ts rewrites a search asked again) and by
// /search itself, which renders a search's first request.
import { SearchNotice, SearchResults } from "@/components/search-results";
import { env } from "@/lib/env";
import type { SearchPageParams } from "@/lib/search/cached-page-path";
import { searchForPage } from "@/lib/search/search-page";
import { MAX_SEARCH_PAGE, SEARCH_PAGE_SIZE } from "./schema";

export async function ResultsFor({ params }: { params: SearchPageParams }) {
  const outcome = await searchForPage(params, SEARCH_PAGE_SIZE);
  if ("message" in outcome) return <SearchNotice>{outcome.message}</SearchNotice>;
  const hasNext = params.page < MAX_SEARCH_PAGE && params.page * SEARCH_PAGE_SIZE < outcome.result.total;
  return <SearchResults params={params} result={outcome.result} hasNext={hasNext} categories={env.ARXIV_CATEGORIES} />;
}
