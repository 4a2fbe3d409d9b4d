import { paperIdSchema } from "@/app/papers/[id]/schema";
import { jsonError, withDatabaseErrors } from "@/lib/http/json-error";
import { paperUrl } from "@/lib/papers/paper-json";
import { getPaper } from "@/lib/papers/queries";
import { siteUrl } from "@/lib/site-url";
import { getSimilarPapers } from "@/lib/papers/similar";

const NO_STORE = { "Cache-Control": "no-store" };

const paperNotFound = () => jsonError(404, "paper not found", NO_STORE);

/** A paper as JSON, with its similar papers; the same data as /papers/<id>. */
export const GET = withDatabaseErrors(async function GET(request: Request, { params }: RouteContext<"/api/papers/[id]">) {
  const id = paperIdSchema.safeParse((await params).id);
  if (!id.success) return paperNotFound();

  const [paper, similar] = await Promise.all([getPaper(id.data), getSimilarPapers(id.data)]);
  if (!paper) return paperNotFound();

  const baseUrl = siteUrl(request);
  return Response.json(
    {
      id: paper.id,
      arxivId: paper.arxivId,
      title: paper.title,
      abstract: paper.abstract,
      authors: paper.authors,
      publishedAt: paper.publishedAt.toISOString(),
      links: paper.links,
      categories: paper.categories,
      comment: paper.comment,
      votes: paper.votes,
      huggingFace: paper.huggingFace,
      url: paperUrl(baseUrl, paper.id),
      similar: similar.map((s) => ({
        id: s.id,
        title: s.title,
        publishedAt: s.publishedAt.toISOString(),
        votes: s.votes,
        url: paperUrl(baseUrl, s.id),
      })),
    },
    { headers: NO_STORE },
  );
});
