import { jsonError, withDatabaseErrors } from "@/lib/http/json-error";
import { searchHitJson } from "@/lib/papers/paper-json";
import { searchCache } from "@/lib/search/cached-search";
import { isSearchInputError, type SearchResult } from "@/lib/search/search-papers";
import { firstIssue } from "@/lib/search/schema";
import { siteUrl } from "@/lib/site-url";
import { queryParams, searchApiSchema } from "./schema";

/** GET /api/search?q=&limit=&offset=&sort=&from=&to= */
export const GET = withDatabaseErrors(async function GET(request: Request) {
  const parsed = searchApiSchema.safeParse(queryParams(request));
  if (!parsed.success) return jsonError(400, firstIssue(parsed.error));

  let result: SearchResult;
  try {
    result = await searchCache.search({ ...parsed.data, now: new Date() });
  } catch (error) {
    if (isSearchInputError(error)) return jsonError(400, error.message);
    throw error;
  }

  const baseUrl = siteUrl(request);
  return Response.json({
    query: result.query,
    total: result.total,
    // True when more papers match than search ranks: total is then a lower bound.
    capped: result.capped,
    results: result.hits.map((hit) => searchHitJson(hit, baseUrl)),
    ...(result.suggestion !== undefined && { suggestion: result.suggestion }),
    ...(result.correctedFrom !== undefined && { correctedFrom: result.correctedFrom }),
  });
});
