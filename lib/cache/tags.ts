// What cached reads depend on, named after the events that change them. Every cached read
// (lib/cache/cached-query.ts) carries one or more of these tags; the code that makes the
// change invalidates them (lib/cache/invalidate.ts).
//
//   trending     the trending lists and their counts: change with every vote and every ingest
//   papers       anything read from the corpus (paper pages, similar papers): changes with ingests
//   paper:<id>   one paper's page (its vote count): changes with a vote on it

export const TRENDING_TAG = "trending";
export const PAPERS_TAG = "papers";
export const paperTag = (paperId: string) => `paper:${paperId}`;

/**
 * How long, in seconds, a cached read is served before it is recomputed, whatever happened:
 * the bound on changes this process did not invalidate, an ingest by `npm run ingest`
 * (another process) or by the scheduled job (no request to invalidate from), or a vote on
 * another app instance (each instance has its own cache). Stale-while-revalidate: the
 * first request after the bound still gets the old data while the new is computed, so
 * after a quiet spell one reader sees it late. Short enough that nobody waits for a
 * change, long enough that a page read hundreds of times a second runs its queries once a
 * minute. It also bounds how stale trending scores get as papers age between votes.
 */
export const CACHE_BOUND_SECONDS = 60;
