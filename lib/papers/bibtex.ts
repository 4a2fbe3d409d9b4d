// BibTeX for a paper: what the "Cite" box shows and /papers/<id>/bibtex downloads.
//
// The entry is @misc, as arXiv's own export is: with an arXiv id it carries
// eprint/archivePrefix/url, which BibTeX and biblatex styles both understand.
import { isCodeLink } from "./links";
import { mathSource, splitMath } from "./math";

export type CitablePaper = {
  id: string;
  arxivId: string | null;
  /** arXiv categories, primary first: the primary one becomes primaryClass. */
  categories?: string[];
  title: string;
  authors: string[];
  publishedAt: Date;
  links?: string[];
};

// Words that never make a citation key: articles, prepositions, conjunctions and the
// usual title openers ("Towards", "On the ...").
const STOP_WORDS = new Set([
  "a", "an", "the", "on", "of", "for", "in", "to", "and", "or", "with", "without", "at", "by",
  "from", "into", "via", "is", "are", "be", "do", "does", "can", "how", "what", "when", "why",
  "which", "towards", "toward", "beyond", "not", "all", "your", "our", "we", "it", "its", "this",
  "that", "as", "vs", "versus", "through", "under", "over", "between", "about", "using",
]);

// Name suffixes that are not the surname: "Martin Luther King Jr." is King.
const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv"]);

// Latin letters that NFKD does not decompose into an ASCII base and a mark.
const ASCII_FOLD: Record<string, string> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i",
};

/** Lower-case ASCII letters and digits only: "Müller-Łącki" → "mullerlacki". */
function asciiWord(word: string): string {
  return word
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[ßæœøđðłþı]/g, (ch) => ASCII_FOLD[ch] ?? "")
    .replace(/[^a-z0-9]/g, "");
}

function surname(name: string): string {
  const [before, after] = name.split(",", 2);
  // "Last, First" is BibTeX's own order ("van der Berg, Jan" → "vanderberg"),
  // but in "First Last, Jr." the part after the comma is only a suffix.
  if (after !== undefined && !SUFFIXES.has(asciiWord(after))) return asciiWord(before);
  const words = before.trim().split(/\s+/).filter((w) => !SUFFIXES.has(asciiWord(w)));
  return asciiWord(words.at(-1) ?? "");
}

function firstSignificantWord(title: string): string {
  const words = title.split(/[^\p{L}\p{N}]+/u).map(asciiWord);
  return words.find((w) => w.length > 1 && !STOP_WORDS.has(w) && !/^\d+$/.test(w)) ?? "";
}

/**
 * A stable key: first author's surname, year, first significant title word, in ASCII
 * ("chen2024scaling"). Without an author name that folds to ASCII the key is
 * "paperboy" + the paper id, which is unique and never changes.
 */
export function citationKey(paper: Pick<CitablePaper, "id" | "title" | "authors" | "publishedAt">): string {
  const author = paper.authors.length > 0 ? surname(paper.authors[0]) : "";
  if (!author) return `paperboy${paper.id}`;
  return `${author}${paper.publishedAt.getUTCFullYear()}${firstSignificantWord(paper.title)}`;
}

const SPECIAL: Record<string, string> = {
  "\\": "\\textbackslash{}",
  "{": "\\{",
  "}": "\\}",
  "%": "\\%",
  "&": "\\&",
  $: "\\$",
  "#": "\\#",
  _: "\\_",
  "~": "\\textasciitilde{}",
  "^": "\\textasciicircum{}",
};

function escapeSpecials(text: string): string {
  return text.replace(/[\\{}%&$#_~^]/g, (ch) => SPECIAL[ch]);
}

/** Text made literal for a BibTeX field: LaTeX specials escaped, whitespace collapsed. */
export function escapeBibtex(text: string): string {
  return escapeSpecials(text.replace(/\s+/g, " ").trim());
}

/** Balanced braces and no bare `%` (a comment) or `#` (a macro parameter). */
function isSafeTex(tex: string): boolean {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === "\\") i++;
    else if (ch === "%" || ch === "#") return false;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * A title keeps its `$…$` formulas as LaTeX (they are LaTeX already) and has the rest
 * escaped. A formula that would break the entry or the document (unbalanced braces,
 * a bare % or #) is escaped like text instead.
 */
function escapeTitle(title: string): string {
  return splitMath(title.replace(/\s+/g, " ").trim())
    .map((segment) => {
      if (segment.kind === "text") return escapeSpecials(segment.text);
      const source = mathSource(segment);
      return isSafeTex(segment.tex) ? source : escapeSpecials(source);
    })
    .join("");
}

/** A URL as a field value: braces and backslashes percent-encoded so the entry stays balanced. */
function bibtexUrl(url: string): string {
  return url.replace(/[{}\\\s]/g, (ch) => encodeURIComponent(ch));
}

function authorField(authors: string[]): string {
  // A name containing " and " (an organisation) would be split into two people: brace it.
  return authors
    .map((name) => escapeBibtex(name))
    .filter(Boolean)
    .map((name) => (/\sand\s/i.test(name) ? `{${name}}` : name))
    .join(" and ");
}

export function toBibtex(paper: CitablePaper): string {
  const url = paper.arxivId
    ? `https://arxiv.org/abs/${paper.arxivId}`
    : ((paper.links ?? []).find(isCodeLink) ?? paper.links?.[0]);
  const fields: [string, string][] = [
    // Double braces keep the title's capitals (acronyms, names) as written.
    ["title", `{${escapeTitle(paper.title)}}`],
    ["author", authorField(paper.authors)],
    ["year", String(paper.publishedAt.getUTCFullYear())],
    ["eprint", paper.arxivId ? escapeBibtex(paper.arxivId) : ""],
    ["archivePrefix", paper.arxivId ? "arXiv" : ""],
    ["primaryClass", paper.arxivId && paper.categories?.[0] ? escapeBibtex(paper.categories[0]) : ""],
    ["url", url ? bibtexUrl(url) : ""],
  ];
  const body = fields
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `  ${name} = {${value}},`)
    .join("\n");
  return `@misc{${citationKey(paper)},\n${body}\n}\n`;
}
