// Site-relative paths of the feeds and the pages they mirror. Pages use them for
// <link rel="alternate" type="application/atom+xml"> (metadata alternates.types);
// the feeds prefix the site URL for their absolute self and page links.
import type { SearchFilters, SearchSort } from "@/lib/search/schema";
import type { TrendingPeriod } from "@/lib/trending/formula";

/** Feeds list newest first unless asked otherwise: new matches are what a subscriber wants. */
export const SEARCH_FEED_DEFAULT_SORT: SearchSort = "newest";
/** The /search page's default order. */
const SEARCH_PAGE_DEFAULT_SORT: SearchSort = "relevance";

export function trendingFeedPath(period: TrendingPeriod): string {
  return `/feeds/trending.xml?period=${period}`;
}

export function trendingPagePath(period: TrendingPeriod, category?: string): string {
  const params = new URLSearchParams();
  if (period !== "day") params.set("period", period);
  if (category) params.set("category", category);
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

export function dayPagePath(day: string, category?: string): string {
  return category ? `/date/${day}?category=${encodeURIComponent(category)}` : `/date/${day}`;
}

export function searchFeedPath(filters: SearchFilters): string {
  return `/feeds/search.xml?${searchQueryString(filters, SEARCH_FEED_DEFAULT_SORT)}`;
}

export function searchPagePath(filters: SearchFilters, page = 1): string {
  return `/search?${searchPageQuery(filters, page)}`;
}

/**
 * The /search page's query string: the filters, then the page after the first. One
 * spelling per page of results, which lib/search/cached-page-path.ts keys the cache by.
 */
export function searchPageQuery(filters: SearchFilters, page = 1): string {
  const query = searchQueryString(filters, SEARCH_PAGE_DEFAULT_SORT);
  return page > 1 ? `${query}&page=${page}` : query;
}

/** The filters as a query string, leaving out the sort its target uses by default. */
function searchQueryString({ q, sort, from, to, category }: SearchFilters, defaultSort: SearchSort): string {
  const params = new URLSearchParams({ q });
  if (sort !== defaultSort) params.set("sort", sort);
  if (from) params.set("from", from);
  if (to) params.set("to", to);
  if (category) params.set("category", category);
  return params.toString();
}
