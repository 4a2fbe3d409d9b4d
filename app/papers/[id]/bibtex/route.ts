import { citationKey, toBibtex } from "@/lib/papers/bibtex";
import { getPaper } from "@/lib/papers/queries";
import { paperIdSchema } from "../schema";

/** The paper's BibTeX entry as a .bib download (the page's "Cite" box shows the same text). */
export async function GET(_request: Request, { params }: RouteContext<"/papers/[id]/bibtex">) {
  const id = paperIdSchema.safeParse((await params).id);
  const paper = id.success ? await getPaper(id.data) : null;
  if (!paper) {
    return new Response("paper not found\n", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return new Response(toBibtex(paper), {
    headers: {
      "Content-Type": "application/x-bibtex; charset=utf-8",
      // The key is lower-case ASCII letters and digits only: safe in a quoted file name.
      "Content-Disposition": `attachment; filename="${citationKey(paper)}.bib"`,
    },
  });
}
