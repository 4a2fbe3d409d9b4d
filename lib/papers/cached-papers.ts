// A paper's page data, shared by every request for up to CACHE_BOUND_SECONDS: the paper
// (recomputed at once after a vote on it or an ingest) and its similar papers (after an
// ingest; their vote counts may lag a vote by up to the bound, since a vote cannot know
// which similar lists show its paper).
import "server-only";
import { cachedQuery } from "@/lib/cache/cached-query";
import { PAPERS_TAG, paperTag } from "@/lib/cache/tags";
import { getPaper } from "./queries";
import { getSimilarPapers } from "./similar";

export const getCachedPaper = cachedQuery("paper", (id: string) => getPaper(id), (id) => [PAPERS_TAG, paperTag(id)]);

export const getCachedSimilarPapers = cachedQuery("similar-papers", (id: string) => getSimilarPapers(id), () => [PAPERS_TAG]);
