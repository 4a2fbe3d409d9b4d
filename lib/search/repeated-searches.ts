// Which searches are served from Next's page cache: those asked again within a minute.
//
// Caching a page costs more than rendering it for one request (the render also stores its
// HTML and RSC payload), and every entry shares Next's in-memory LRU with the trending
// lists and the paper pages' data. A search asked once, as most distinct searches are,
// gained nothing from the cache and pushed those out: with every search cached, a new
// search at each request ran at 0.61x and the paper page after it at 0.70x
// (`npm run bench -- pages`, search-distinct). So, as caches in front of origins do
// ("cache on second hit"), a search's first request renders per request, as any page
// does, and only one asked again while it is remembered goes to its cached page.
//
// Per process, in memory: another instance or a restart only means one more render.
import { LRUCache } from "lru-cache";
import { CACHE_BOUND_SECONDS } from "@/lib/cache/tags";

/** Searches remembered at once (a key is ~50-400 bytes): bounds the memory a flood of distinct searches can take. */
const MAX_REMEMBERED = 10_000;

export type RepeatedSearches = {
  /** Notes that `key` was asked for; true when it had been asked already within the window. */
  askedAgain: (key: string) => boolean;
};

export function createRepeatedSearches({ windowMs = CACHE_BOUND_SECONDS * 1000, max = MAX_REMEMBERED, now = () => performance.now() } = {}): RepeatedSearches {
  // updateAgeOnGet: a search asked steadily stays remembered, so its readers keep getting the
  // cached page. ttlResolution 0: read the clock at each check rather than once per
  // millisecond through a timer, which a clock given in a test would not move.
  const seen = new LRUCache<string, true>({ max, ttl: windowMs, updateAgeOnGet: true, ttlResolution: 0, perf: { now } });
  return {
    askedAgain(key) {
      if (seen.get(key)) return true;
      seen.set(key, true);
      return false;
    },
  };
}

/** The process's record, which proxy.ts consults for every valid search. */
export const repeatedSearches: RepeatedSearches = createRepeatedSearches();
