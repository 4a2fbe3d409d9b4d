import "server-only";
import { segmentsToText } from "@/lib/search/highlight";
import type { SearchFilters, SearchSort } from "@/lib/search/schema";
import { searchCache } from "@/lib/search/cached-search";
import { paperEntry, renderAtom } from "./atom";
import { searchFeedPath, searchPagePath } from "./urls";

export const SEARCH_FEED_SIZE = 30;

const ORDER: Record<SearchSort, string> = {
  newest: "newest first",
  relevance: "best matches first",
  trending: "trending first",
};

/**
 * A search as Atom, entries summarised by their snippet as plain text.
 * Throws SearchInputError (lib/search) for a search that cannot run.
 */
export async function searchFeed(options: { filters: SearchFilters; now: Date; baseUrl: string }): Promise<string> {
  const { filters, now, baseUrl } = options;
  const { q, sort, from, to, category } = filters;
  const result = await searchCache.search({ ...filters, limit: SEARCH_FEED_SIZE, offset: 0, now });
  // A subscription follows the words it was made with: serving a spelling
  // correction's results would silently change what it follows.
  const hits = result.correctedFrom === undefined ? result.hits : [];
  const range = [category && `in ${category}`, from && `from ${from}`, to && `to ${to}`].filter(Boolean).join(" ");
  const hint = result.suggestion === undefined ? "" : ` Did you mean “${result.suggestion}”?`;

  return renderAtom({
    title: `Paperboy: papers matching “${q}”`,
    subtitle: `Papers matching “${q}”${range && `, published ${range}`}, ${ORDER[sort]}.${hint}`,
    selfUrl: baseUrl + searchFeedPath(filters),
    pageUrl: baseUrl + searchPagePath(filters),
    entries: hits.map((hit) =>
      paperEntry({ ...hit, title: segmentsToText(hit.title) }, segmentsToText(hit.snippet), baseUrl),
    ),
    now,
  });
}
