// Parser for the text dumps of a daily-papers listing page (prisma/demo/*.txt).
//
// Once page furniture is dropped a dump is a strict alternation of
//   <title line>
//   <abstract line>
// with or without blank lines in between. Alternation is the primary rule; a
// word-count check only guards it, so one stray line (a title whose abstract is
// missing, an orphan abstract) is skipped instead of shifting every later pair.

export type DumpListing = { title: string; abstract: string };

// Exact lines of page chrome copied along with the listings.
const FURNITURE = new Set([
  "new", // badge next to the page heading
  "Subscribe", // newsletter button
  "Get trending papers in your email inbox once a day!", // newsletter blurb
  "Get trending papers in your email inbox!", // shorter variant of the blurb
  "byAK and the research community", // page byline
]);

// The listing's date header, e.g. "Mar 11".
const DATE_LINE = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}$/;

// Copying without line breaks glues the "Subscribe" button onto the first
// title ("SubscribeImagine while ..."). A following lower-case letter means a
// real word such as "Subscribers", so that is left alone.
const GLUED_SUBSCRIBE = /^Subscribe(?!\p{Ll})\s*(?=\S)/u;

// Titles in the dumps have at most 22 words and abstracts at least 69; 30 sits
// between them with room on both sides.
const MIN_ABSTRACT_WORDS = 30;

const wordCount = (line: string): number => line.split(/\s+/).length;
const isAbstractLike = (line: string): boolean => wordCount(line) >= MIN_ABSTRACT_WORDS;

export function parseDump(text: string): DumpListing[] {
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim().replace(GLUED_SUBSCRIBE, ""))
    .filter((line) => line !== "" && !FURNITURE.has(line) && !DATE_LINE.test(line));

  const listings: DumpListing[] = [];
  for (let i = 0; i < lines.length; ) {
    const title = lines[i] ?? "";
    const abstract = lines[i + 1];
    if (isAbstractLike(title) || abstract === undefined || !isAbstractLike(abstract)) {
      // Orphan abstract, or a dangling title with no abstract: skip one line and
      // resynchronise on the next.
      i += 1;
      continue;
    }
    listings.push({ title, abstract });
    i += 2;
  }
  return listings;
}
