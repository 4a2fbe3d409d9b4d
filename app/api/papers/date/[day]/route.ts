import { jsonError, withDatabaseErrors } from "@/lib/http/json-error";
import { isoDay } from "@/lib/format/dates";
import { withAbstracts } from "@/lib/papers/abstracts";
import { getAdjacentDays, getPapersOfDay } from "@/lib/papers/daily";
import { daySchema } from "@/lib/papers/day-schema";
import { paperJson } from "@/lib/papers/paper-json";
import { siteUrl } from "@/lib/site-url";

/** GET /api/papers/date/YYYY-MM-DD: the papers published that UTC day, most voted first. */
export const GET = withDatabaseErrors(async function GET(request: Request, context: RouteContext<"/api/papers/date/[day]">) {
  const now = new Date();
  const parsed = daySchema(now).safeParse((await context.params).day);
  if (!parsed.success) return jsonError(400, parsed.error.issues[0].message);
  const day = parsed.data;

  const [papers, { previous, next }] = await Promise.all([
    getPapersOfDay(day).then(withAbstracts),
    getAdjacentDays(day),
  ]);
  const baseUrl = siteUrl(request);
  return Response.json({
    date: day,
    papers: papers.map((paper) => paperJson(paper, baseUrl)),
    previous,
    // A paper dated ahead of now must not offer a link this route would refuse.
    next: next !== null && next <= isoDay(now) ? next : null,
  });
});
