import { jsonError, withDatabaseErrors } from "@/lib/http/json-error";
import { queryParams } from "@/app/api/search/schema";
import { withAbstracts } from "@/lib/papers/abstracts";
import { trendingPaperJson } from "@/lib/papers/paper-json";
import { firstIssue } from "@/lib/search/schema";
import { siteUrl } from "@/lib/site-url";
import { getCachedTrendingPapers } from "@/lib/trending/cached-trending";
import { trendingApiSchema } from "./schema";

/** GET /api/papers/trending?period=day|week|month&limit=1..100&category=cs.LG */
export const GET = withDatabaseErrors(async function GET(request: Request) {
  const parsed = trendingApiSchema.safeParse(queryParams(request));
  if (!parsed.success) return jsonError(400, firstIssue(parsed.error));
  const { period, limit, category } = parsed.data;

  const papers = await withAbstracts(await getCachedTrendingPapers({ period, limit, category }));
  const baseUrl = siteUrl(request);
  return Response.json({ period, ...(category ? { category } : {}), papers: papers.map((paper) => trendingPaperJson(paper, baseUrl)) });
});
