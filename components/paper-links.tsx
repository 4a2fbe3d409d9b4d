import { isCodeLink, isHttpUrl } from "@/lib/papers/links";

type PaperLinksProps = { arxivId: string | null; links: string[] };

type LabelledLink = { label: string; href: string };

function labelled(arxivId: string | null, links: string[]): LabelledLink[] {
  const arxiv = arxivId
    ? [
        { label: "arXiv abstract", href: `https://arxiv.org/abs/${arxivId}` },
        { label: "PDF", href: `https://arxiv.org/pdf/${arxivId}` },
      ]
    : [];
  // Ingest stores http(s) links only (lib/ingest/record.ts); a row written any other way
  // must still never put a javascript: or data: link on the page.
  const shown = links.filter(isHttpUrl);
  const code = shown.filter(isCodeLink).map((href) => ({ label: `Code: ${href.replace(/^https?:\/\//, "")}`, href }));
  const other = shown.filter((href) => !isCodeLink(href)).map((href) => ({ label: href.replace(/^https?:\/\//, ""), href }));
  return [...arxiv, ...code, ...other];
}

export function PaperLinks({ arxivId, links }: PaperLinksProps) {
  const items = labelled(arxivId, links);
  if (items.length === 0) return null;
  return (
    <section className="mt-6">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Links</h2>
      <ul className="mt-2 space-y-1">
        {items.map((item) => (
          <li key={item.href + item.label}>
            <a href={item.href} className="break-all text-blue-700 hover:underline dark:text-blue-400" rel="noopener noreferrer">
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
