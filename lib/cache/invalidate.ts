// The events that change cached reads, and the tags (lib/cache/tags.ts) each one expires,
// in Next's cache and for this process's reads under way (coalesced-reads.ts). Next only
// accepts these calls inside a request: a server action or a route handler (also in its
// after() callbacks). Code that runs outside one (the pg-boss ingest job started by
// instrumentation.ts, `npm run ingest`) cannot invalidate, and CACHE_BOUND_SECONDS is the
// bound on what it leaves stale.
import "server-only";
import { revalidatePath, revalidateTag } from "next/cache";
import { CACHED_SEARCH_ROUTE } from "@/lib/search/cached-page-path";
import { searchCache } from "@/lib/search/cached-search";
import { noteInvalidated } from "./coalesced-reads";
import { PAPERS_TAG, TRENDING_TAG, paperTag } from "./tags";

/**
 * After a vote, in the vote's route handler (POST /papers/<id>/vote). Expired at once
 * (`expire: 0`, the route-handler form of updateTag): the next read waits for fresh data
 * instead of being served the old list once, so the voter sees the vote at once on the
 * paper page and on the trending list (read-your-own-writes).
 */
export function invalidateAfterVote(paperId: string): void {
  const tags = [TRENDING_TAG, paperTag(paperId)];
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
  noteInvalidated(tags);
  forgetSearches();
}

/**
 * After an ingest run that wrote papers or observations, in the cron route's after().
 * updateTag is for server actions only; revalidateTag with `expire: 0` is its route-handler
 * equivalent, so the next page shows the new papers rather than the old list once more.
 */
export function invalidateAfterIngest(): void {
  const tags = [TRENDING_TAG, PAPERS_TAG];
  for (const tag of tags) revalidateTag(tag, { expire: 0 });
  noteInvalidated(tags);
  forgetSearches();
}

/**
 * Search results show papers and their votes: every cached search page expires at once (a
 * path with its route's type names them all; no type is the immediate expiry updateTag
 * gives), and so do this process's recent searches (lib/search/cached-search.ts).
 */
function forgetSearches(): void {
  revalidatePath(CACHED_SEARCH_ROUTE, "page");
  searchCache.clear();
}
