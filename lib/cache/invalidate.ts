// The events that change cached reads, and the tags (lib/cache/tags.ts) each one expires,
// in Next's cache and for this process's reads under way (coalesced-reads.ts). Next only
// accepts these calls inside a request: a server action or a route handler (also in its
// after() callbacks). Code that runs outside one (the pg-boss ingest job started by
// instrumentation.ts, `npm run ingest`) cannot invalidate, and CACHE_BOUND_SECONDS is the
// bound on what it leaves stale.
import "server-only";
import { revalidateTag } from "next/cache";
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
  // Results show votes; this process's recent searches go (lib/search/cached-search.ts).
  searchCache.clear();
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
  searchCache.clear();
}
