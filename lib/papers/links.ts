// Link extraction from abstracts.
//
// Shapes seen in the demo abstracts (prisma/demo):
//   "... available at https://github.com/owner/repo."         sentence punctuation
//   "(https://github.com/owner/repo)"                          parentheses
//   "https://github.com/a/b.git{https://github.com/a/b}."      LaTeX \href remnant
//   "{Code available at http://www.bhchen.cn/}."               LaTeX group remnant
//   "... at github.com/stanfordmlgroup/ngboost."               no scheme
//   "https://tum-pbs.github.io/ConFIG", "https://git.io/fjsvE" project pages, shortener

// Characters that cannot be part of a URL in running text. Braces and the
// backslash end a URL because LaTeX remnants glue text straight onto it.
const URL_CHARS = String.raw`[^\s<>"'\x60{}|\\^]+`;

// An http(s) URL, or a bare "github.com/..." that is not part of a longer host
// name ("evilgithub.com/..."), an e-mail-like "git@github.com" or a path.
const LINK_RE = new RegExp(
  String.raw`https?://${URL_CHARS}|(?<![\w.@/-])(?:www\.)?github\.com/${URL_CHARS}`,
  "giu",
);

// Punctuation that ends a sentence rather than the URL.
const TRAILING = new Set([".", ",", ";", ":", "!", "?", "*", "'", '"']);

const count = (s: string, ch: string): number => s.split(ch).length - 1;

function trimTrailing(url: string): string {
  for (;;) {
    const last = url.at(-1);
    if (last === undefined) return url;
    const unbalanced =
      (last === ")" && count(url, "(") < count(url, ")")) ||
      (last === "]" && count(url, "[") < count(url, "]"));
    if (!TRAILING.has(last) && !unbalanced) return url;
    url = url.slice(0, -1);
  }
}

function normalise(raw: string): string | null {
  let url = trimTrailing(raw);
  if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
  // "github.com/owner/repo.git" is the clone URL of "github.com/owner/repo".
  url = url.replace(/^(https?:\/\/(?:www\.)?github\.com\/[^/]+\/[^/]+?)\.git\/?$/i, "$1");
  return URL.canParse(url) ? url : null;
}

/** http(s) URLs in `text`, in order of appearance, without duplicates. */
export function extractLinks(text: string): string[] {
  const links = new Set<string>();
  for (const match of text.matchAll(LINK_RE)) {
    const url = normalise(match[0]);
    if (url !== null) links.add(url);
  }
  return [...links];
}

// First path segments on github.com that are site pages, not repository owners.
const GITHUB_NON_OWNERS = new Set([
  "about", "collections", "enterprise", "explore", "features", "login", "marketplace",
  "orgs", "pricing", "search", "settings", "sponsors", "topics", "trending",
]);

/** True for an absolute http(s) URL: the only links a page or mail may render from stored data. */
export function isHttpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === "http:" || protocol === "https:";
}

/** True for a github.com repository, a *.github.io page, or a git.io short link. */
export function isCodeLink(url: string): boolean {
  if (!isHttpUrl(url)) return false;
  const { hostname, pathname } = new URL(url);
  const segments = pathname.split("/").filter(Boolean);
  if (hostname === "github.com" || hostname === "www.github.com") {
    const [owner, repo] = segments;
    return owner !== undefined && repo !== undefined && !GITHUB_NON_OWNERS.has(owner.toLowerCase());
  }
  // GitHub Pages: a project or user site, e.g. "tum-pbs.github.io".
  if (hostname.endsWith(".github.io")) return true;
  // GitHub's own URL shortener only ever pointed at GitHub hosts.
  if (hostname === "git.io") return segments.length >= 1;
  return false;
}

/** Code links (see isCodeLink) found in `text`, in order, without duplicates. */
export function codeLinks(text: string): string[] {
  return extractLinks(text).filter(isCodeLink);
}
