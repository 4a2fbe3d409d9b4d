// Recent searches' results, kept in this process for a minute, so that a search many
// people run (a topic in the news, the second page of it, the search feed a reader polls)
// costs PostgreSQL once. A search statement takes ~10-20 ms of database CPU at 1M papers,
// as much again as rendering its page, and on 2 cores the two share the machine.
//
// Why not Next's data cache (lib/cache/cached-query.ts), which the trending list uses:
// search terms are whatever a client sends, and there they would share one 50 MB LRU
// with the trending lists, the paper pages' data and the cached pages (next.config.ts),
// and push those out. Here the entries have a bound of their own, in count and size (an
// LRU from lru-cache, which also joins concurrent searches for the same key into one
// read), and what a restart or a second instance does not see is only a minute of
// sharing lost.
//
// Freshness: a vote or an ingest in this process empties it (lib/cache/invalidate.ts), so
// a voter sees their vote in the results at once; elsewhere (another instance, the
// scheduled ingest job) results are at most SEARCH_CACHE_TTL_MS old, as the data cache
// is at most CACHE_BOUND_SECONDS.
import "server-only";
import { LRUCache } from "lru-cache";
import { CACHE_BOUND_SECONDS } from "@/lib/cache/tags";
import { searchPapers, type SearchOptions, type SearchResult } from "./search-papers";

export const SEARCH_CACHE_TTL_MS = CACHE_BOUND_SECONDS * 1000;
/** Entries kept: a page of results is ~5-20 kB, so the size bound below is the one that binds. */
const MAX_ENTRIES = 2_000;
/** Bytes of results kept (approximated by their JSON length). */
const MAX_BYTES = 32 * 1024 * 1024;

type Search = (options: SearchOptions) => Promise<SearchResult>;

export type SearchCache = {
  search: Search;
  /** Forgets every result: the papers or their votes changed. */
  clear: () => void;
};

/**
 * `read`'s results by their options, but `now`: it only ages papers for the trending sort,
 * which a minute-old ranking may keep. A search that fails (bad input, the database away)
 * is not kept.
 */
export function createSearchCache(read: Search, { ttlMs = SEARCH_CACHE_TTL_MS, maxEntries = MAX_ENTRIES, maxBytes = MAX_BYTES } = {}): SearchCache {
  // Counts clear()s: a search that was running when one came reads again, once, as
  // lib/cache/coalesced-reads.ts does, so that nobody waiting on it gets pre-vote results.
  let clears = 0;
  const cache = new LRUCache<string, SearchResult, SearchOptions>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (result) => JSON.stringify(result).length,
    ttl: ttlMs,
    // clear() would otherwise reject the searches under way with "deleted"; their callers
    // get the second read's results (which clear() keeps out of the cache).
    ignoreFetchAbort: true,
    fetchMethod: async (_key, _stale, { context }) => {
      const clearsBefore = clears;
      const result = await read(context);
      return clears === clearsBefore ? result : read(context);
    },
  });
  return {
    async search(options) {
      // Keys in a fixed order, whatever order the caller built the options in; `now` left
      // out, and an option set to undefined the same as one not given.
      const keyed = Object.entries(options).filter(([name, value]) => name !== "now" && value !== undefined);
      const key = JSON.stringify(keyed.sort(([a], [b]) => a.localeCompare(b)));
      return (await cache.fetch(key, { context: options }))!;
    },
    clear() {
      clears += 1;
      cache.clear();
    },
  };
}

// On globalThis: the search page, the API route and the feed may be bundled as separate
// copies of this module, and a vote must empty the one they all read.
const shared = globalThis as typeof globalThis & { paperboySearchCache?: SearchCache };

/** The process's search cache: what pages, the API and the feed search through. */
export const searchCache: SearchCache = (shared.paperboySearchCache ??= createSearchCache(searchPapers));
