// Atom 1.0 through the `feed` package, with its two escaping quirks handled here
// so callers pass plain text:
// - titles and summaries are written as type="html" (in CDATA), so a reader
//   renders them as HTML: plain text must be HTML-escaped first, or a title like
//   "<b>&" would turn bold instead of showing those characters;
// - other text (feed title, author names) goes through xml-js, which turns a
//   literal "&amp;" back into "&" before escaping; doubling every "&" first
//   cancels that, so the text survives exactly.
import { Feed } from "feed";
import { paperUrl } from "@/lib/papers/paper-json";
import { escapeHtml } from "@/lib/search/highlight";

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

export type FeedEntry = {
  /** Absolute URL of the paper's page: the entry's link and its stable id. */
  url: string;
  title: string;
  /** Plain text. */
  summary: string;
  authors: string[];
  published: Date;
};

export type AtomFeedOptions = {
  title: string;
  subtitle?: string;
  /** Absolute URL of this feed; also its id. */
  selfUrl: string;
  /** Absolute URL of the page the feed mirrors. */
  pageUrl: string;
  entries: FeedEntry[];
  /** When no entry says otherwise. */
  now: Date;
};

// Characters XML 1.0 cannot carry at all, even escaped (Postgres text can hold them).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const xmlText = (text: string) => text.replace(NOT_XML, "").replace(/&/g, "&amp;");
const htmlText = (text: string) => escapeHtml(text.replace(NOT_XML, ""));

export function renderAtom(options: AtomFeedOptions): string {
  const newest = Math.max(...options.entries.map((entry) => entry.published.getTime()));
  const feed = new Feed({
    id: options.selfUrl,
    title: xmlText(options.title),
    description: options.subtitle === undefined ? undefined : xmlText(options.subtitle),
    link: options.pageUrl,
    feed: options.selfUrl,
    // Atom requires an author for the feed unless every entry has one; demo papers have none.
    author: { name: "Paperboy" },
    updated: Number.isFinite(newest) ? new Date(newest) : options.now,
    generator: "Paperboy",
  });
  for (const entry of options.entries) {
    feed.addItem({
      id: entry.url,
      link: entry.url,
      title: htmlText(entry.title),
      description: htmlText(entry.summary),
      // Paper records are not revised after import: published doubles as updated.
      date: entry.published,
      published: entry.published,
      author: entry.authors.length > 0 ? entry.authors.map((name) => ({ name: xmlText(name) })) : undefined,
    });
  }
  return feed.atom1();
}

export function atomResponse(xml: string): Response {
  return new Response(xml, {
    headers: {
      "Content-Type": ATOM_CONTENT_TYPE,
      // Readers poll; a few minutes of caching spares the database without going stale.
      "Cache-Control": "public, max-age=300",
    },
  });
}

/** One paper as an entry linking to its page on this site. */
export function paperEntry(
  paper: { id: string; title: string; authors: string[]; publishedAt: Date },
  summary: string,
  baseUrl: string,
): FeedEntry {
  return { url: paperUrl(baseUrl, paper.id), title: paper.title, summary, authors: paper.authors, published: paper.publishedAt };
}
