import { jsonError, withDatabaseErrors } from "@/lib/http/json-error";
import { queryParams } from "@/app/api/search/schema";
import { atomResponse } from "@/lib/feeds/atom";
import { searchFeed } from "@/lib/feeds/search-feed";
import { isSearchInputError } from "@/lib/search/search-papers";
import { firstIssue } from "@/lib/search/schema";
import { siteUrl } from "@/lib/site-url";
import { searchFeedSchema } from "../schema";

/** GET /feeds/search.xml?q=&sort=&from=&to=: the first 30 matches (newest first by default) as Atom 1.0. */
export const GET = withDatabaseErrors(async function GET(request: Request) {
  const parsed = searchFeedSchema.safeParse(queryParams(request));
  // Errors are JSON like the API's: a feed reader shows the status, a person the sentence.
  if (!parsed.success) return jsonError(400, firstIssue(parsed.error));
  try {
    return atomResponse(await searchFeed({ filters: parsed.data, now: new Date(), baseUrl: siteUrl(request) }));
  } catch (error) {
    if (isSearchInputError(error)) return jsonError(400, error.message);
    throw error;
  }
});
