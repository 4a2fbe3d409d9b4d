import { jsonError, withDatabaseErrors } from "@/lib/http/json-error";
import { queryParams } from "@/app/api/search/schema";
import { atomResponse } from "@/lib/feeds/atom";
import { trendingFeed } from "@/lib/feeds/trending-feed";
import { firstIssue } from "@/lib/search/schema";
import { siteUrl } from "@/lib/site-url";
import { trendingFeedSchema } from "../schema";

/** GET /feeds/trending.xml?period=day|week|month: the top 30 as Atom 1.0. */
export const GET = withDatabaseErrors(async function GET(request: Request) {
  const parsed = trendingFeedSchema.safeParse(queryParams(request));
  // Errors are JSON like the API's: a feed reader shows the status, a person the sentence.
  if (!parsed.success) return jsonError(400, firstIssue(parsed.error));
  return atomResponse(await trendingFeed({ period: parsed.data.period, now: new Date(), baseUrl: siteUrl(request) }));
});
