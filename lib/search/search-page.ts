// What the /search page shows for a valid search, whichever route renders it: the cached
// one the proxy rewrites a search to (cached-page-path.ts) or /search itself.
import "server-only";
import type { Metadata } from "next";
import { searchFeedPath } from "@/lib/feeds/urls";
import { searchCache } from "./cached-search";
import type { SearchPageParams } from "./cached-page-path";
import type { SearchFilters } from "./schema";
import { isSearchInputError, type SearchResult } from "./search-papers";

/** Results, or the sentence saying why a search that parsed still cannot run (it has no words to search for, say). */
export type SearchPageOutcome = { result: SearchResult } | { message: string };

export async function searchForPage({ page, ...filters }: SearchPageParams, pageSize: number): Promise<SearchPageOutcome> {
  try {
    return { result: await searchCache.search({ ...filters, limit: pageSize, offset: (page - 1) * pageSize, now: new Date() }) };
  } catch (error) {
    if (!isSearchInputError(error)) throw error;
    return { message: error.message };
  }
}

export function searchPageMetadata({ q, from, to, category }: SearchFilters): Metadata {
  // The feed lists new matches first, whatever order the page shows.
  const feed = searchFeedPath({ q, from, to, category, sort: "newest" });
  return {
    title: `${q} — search`,
    alternates: { types: { "application/atom+xml": [{ url: feed, title: `Papers matching “${q}” (Atom)` }] } },
  };
}
