// A search page is the same for everyone who asks the same search, until a vote or an
// ingest changes it, so, like the trending list (lib/trending/cached-page-path.ts), Next
// renders it once and serves the HTML from its cache. Rendering is what a repeated search
// costs: its results come from the in-process cache (cached-search.ts), but the page took
// ~8.5 ms of CPU per request to render, which held /search at ~140 req/s on 2 cores.
//
// Next caches pages by path, never by query string, so the proxy rewrites a valid
// `/search?q=…&sort=…&page=…`, once it is asked again (repeated-searches.ts says why not
// at its first request), to `/search/results/<key>`, the key being the canonical query
// string in base64url: one segment, whatever the query holds ("/", "%", quotes), and one
// spelling per search, so that `?q=a&sort=relevance` and `?q=a` share their entry.
// An invalid search is not rewritten: /search itself renders its message, per request.
// The cache is Next's in-memory LRU (next.config.ts), so clients' searches cannot fill a disk.
//
// The page gets the policy without a nonce (lib/security/csp.ts), on a page that echoes
// its query: React escapes it, which tests/security/stored-xss.spec.ts checks with the
// policy bypassed.
import type { z } from "zod";
import { searchPageQuery } from "@/lib/feeds/urls";
import type { SearchFilters } from "./schema";

/** The internal paths' prefix: proxy.ts gives them the cached pages' policy and counts them as searches. */
export const CACHED_SEARCH_PREFIX = "/search/results/";

/** The route, as revalidatePath names it to expire every cached search page at once. */
export const CACHED_SEARCH_ROUTE = "/search/results/[key]";

export type SearchPageParams = SearchFilters & { page: number };

/** The canonical query string of a search page (searchPageQuery's), in base64url. */
export function cachedSearchKey({ page, ...filters }: SearchPageParams): string {
  return Buffer.from(searchPageQuery(filters, page), "utf8").toString("base64url");
}

export function cachedSearchPath(params: SearchPageParams): string {
  return `${CACHED_SEARCH_PREFIX}${cachedSearchKey(params)}`;
}

/**
 * The search a key names, as `schema` (the page's) parses its query; null for anything but
 * the canonical key of a valid search, since each other spelling would be another entry.
 */
export function searchOfKey(key: string, schema: z.ZodType<SearchPageParams>): SearchPageParams | null {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return null;
  const query = Object.fromEntries(new URLSearchParams(Buffer.from(key, "base64url").toString("utf8")));
  const parsed = schema.safeParse(query);
  return parsed.success && cachedSearchKey(parsed.data) === key ? parsed.data : null;
}
