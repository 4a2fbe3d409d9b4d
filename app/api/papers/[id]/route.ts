import { paperIdSchema } from "@/app/papers/[id]/schema";
import { getPaper } from "@/lib/papers/queries";
import { getSimilarPapers } from "@/lib/papers/similar";

const NO_STORE = { "Cache-Control": "no-store" };

function paperNotFound(): Response {
  return Response.json({ error: "paper not found" }, { status: 404, headers: NO_STORE });
}

/** A paper as JSON, with its similar papers; the same data as /papers/<id>. */
export async function GET(_request: Request, { params }: RouteContext<"/api/papers/[id]">) {
  const id = paperIdSchema.safeParse((await params).id);
  if (!id.success) return paperNotFound();

  const [paper, similar] = await Promise.all([getPaper(id.data), getSimilarPapers(id.data)]);
  if (!paper) return paperNotFound();

  return Response.json(
    {
      id: paper.id,
      arxivId: paper.arxivId,
      title: paper.title,
      abstract: paper.abstract,
      authors: paper.authors,
      publishedAt: paper.publishedAt.toISOString(),
      links: paper.links,
      votes: paper.votes,
      url: `/papers/${paper.id}`,
      similar: similar.map((s) => ({
        id: s.id,
        title: s.title,
        publishedAt: s.publishedAt.toISOString(),
        votes: s.votes,
        url: `/papers/${s.id}`,
      })),
    },
    { headers: NO_STORE },
  );
}
