import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { segmentsToHtml, segmentsToText } from "@/lib/search/highlight";
import { SearchInputError, searchPapers, type SearchOptions } from "@/lib/search/search-papers";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

const now = new Date("2026-11-23T12:00:00Z");

type TestPaper = { id: string; title: string; abstract: string; publishedAt: string; authors?: string[]; votes?: number };

// Each group of papers shares a word no other group uses, so every test reads its own results.
const papers: TestPaper[] = [
  // Ranking: the same words in a title, and only in an abstract.
  { id: "a00000000001", title: "Contrastive loss for retrieval", abstract: "We study embeddings of documents for search.", publishedAt: "2026-11-10T12:00:00Z", authors: ["Ada Lovelace", "Alan Turing"], votes: 3 },
  { id: "a00000000002", title: "Embeddings for retrieval", abstract: "We study a contrastive loss for documents.", publishedAt: "2026-11-11T12:00:00Z" },
  // Phrases: the same three words, in and out of order.
  { id: "b00000000001", title: "Scaling study", abstract: "We scale large language models to new heights.", publishedAt: "2026-11-12T12:00:00Z" },
  { id: "b00000000002", title: "Another scaling study", abstract: "Models of language that are large need care.", publishedAt: "2026-11-12T13:00:00Z" },
  // Exclusion.
  { id: "c00000000001", title: "Diffusion for images", abstract: "Image diffusion with pixels.", publishedAt: "2026-11-13T12:00:00Z" },
  { id: "c00000000002", title: "Diffusion for text", abstract: "Text diffusion with tokens.", publishedAt: "2026-11-13T13:00:00Z" },
  // OR.
  { id: "d00000000001", title: "Kangaroo locomotion", abstract: "Hopping gaits.", publishedAt: "2026-11-14T12:00:00Z" },
  { id: "d00000000002", title: "Platypus genomics", abstract: "Egg laying mammals.", publishedAt: "2026-11-14T13:00:00Z" },
  { id: "d00000000003", title: "Wombat burrows", abstract: "Digging behaviour.", publishedAt: "2026-11-14T14:00:00Z" },
  // Stemming.
  { id: "e00000000001", title: "Compact students", abstract: "Knowledge distillation into small networks.", publishedAt: "2026-11-15T12:00:00Z" },
  // Date filters: the edges of 2026-11-01 in UTC.
  { id: "f00000000001", title: "Zebra stripes one", abstract: "Zebra patterns.", publishedAt: "2026-10-31T23:59:59.999Z" },
  { id: "f00000000002", title: "Zebra stripes two", abstract: "Zebra patterns.", publishedAt: "2026-11-01T00:00:00.000Z" },
  { id: "f00000000003", title: "Zebra stripes three", abstract: "Zebra patterns.", publishedAt: "2026-11-01T23:59:59.999Z" },
  { id: "f00000000004", title: "Zebra stripes four", abstract: "Zebra patterns.", publishedAt: "2026-11-02T00:00:00.000Z" },
  // HTML in the text: the title keeps it whole, the snippet must never pass it on as markup.
  { id: "g00000000001", title: `Robust <script>alert(1)</script> "models" & more`, abstract: `We study <script>alert(1)</script> & robustness under "attack".`, publishedAt: "2026-11-16T12:00:00Z" },
  // Snippets: two words far apart in a long abstract, one of them said three times.
  { id: "i00000000001", title: "Field notes", abstract: `Ibex, and ibex again. ${"Filler words about nothing in particular here. ".repeat(12)}A lynx ${"more filler text that says nothing. ".repeat(12)}ibex.`, publishedAt: "2026-11-18T12:00:00Z" },
  // Text shaped like the marks ts_headline once used, and like HTML marks.
  { id: "h00000000001", title: "Gazelle herds", abstract: `\u27E6forged\u27E7 <mark>marks</mark> near gazelle sightings.`, publishedAt: "2026-11-17T12:00:00Z" },
];

const search = (options: Partial<SearchOptions> & { q: string }) =>
  searchPapers({ sort: "relevance", limit: 20, offset: 0, now, ...options });
const ids = async (options: Partial<SearchOptions> & { q: string }) => (await search(options)).hits.map((hit) => hit.id);

describe("searchPapers", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    for (const paper of papers) {
      await db.paper.create({
        data: {
          id: paper.id,
          title: paper.title,
          titleKey: paper.title.toLowerCase(),
          abstract: paper.abstract,
          publishedAt: new Date(paper.publishedAt),
          source: "test",
          authors: { create: (paper.authors ?? []).map((name, position) => ({ position, author: { create: { name } } })) },
          votes: { create: Array.from({ length: paper.votes ?? 0 }, (_, n) => ({ voterId: `u${n}`, createdAt: now })) },
        },
      });
    }
    await rebuildSearchVocabulary(db);
  });
  afterAll(() => db.$disconnect());

  it("ranks a title match above an abstract-only match", async () => {
    expect(await ids({ q: "contrastive loss" })).toEqual(["a00000000001", "a00000000002"]);
  });

  it("returns authors in order, vote counts, dates, and the total", async () => {
    const result = await search({ q: "contrastive loss" });
    expect(result).toMatchObject({ query: "contrastive loss", total: 2 });
    expect(result.suggestion).toBeUndefined();
    expect(result.hits[0]).toMatchObject({ authors: ["Ada Lovelace", "Alan Turing"], votes: 3, publishedAt: new Date("2026-11-10T12:00:00Z") });
    expect(result.hits[1]).toMatchObject({ authors: [], votes: 0 });
  });

  it('matches an "exact phrase" only in that order', async () => {
    expect(new Set(await ids({ q: "large language models" }))).toEqual(new Set(["b00000000001", "b00000000002"]));
    expect(await ids({ q: '"large language models"' })).toEqual(["b00000000001"]);
  });

  it("removes papers with an -excluded word", async () => {
    expect(new Set(await ids({ q: "diffusion" }))).toEqual(new Set(["c00000000001", "c00000000002"]));
    expect(await ids({ q: "diffusion -text" })).toEqual(["c00000000001"]);
    expect(await ids({ q: 'diffusion -"text diffusion"' })).toEqual(["c00000000001"]);
  });

  it("matches either word with OR", async () => {
    expect(new Set(await ids({ q: "kangaroo OR platypus" }))).toEqual(new Set(["d00000000001", "d00000000002"]));
    expect(await ids({ q: "kangaroo platypus" })).toEqual([]);
  });

  it('stems: "distilling" finds a paper saying "distillation"', async () => {
    expect(await ids({ q: "distilling" })).toEqual(["e00000000001"]);
  });

  it("filters by UTC day, from and to both inclusive", async () => {
    const zebras = (from?: string, to?: string) => ids({ q: "zebra", sort: "newest", from, to });
    expect(await zebras("2026-11-01", "2026-11-01")).toEqual(["f00000000003", "f00000000002"]);
    expect(await zebras("2026-11-01")).toEqual(["f00000000004", "f00000000003", "f00000000002"]);
    expect(await zebras(undefined, "2026-10-31")).toEqual(["f00000000001"]);
    expect(await zebras("2026-11-03")).toEqual([]);
  });

  it("sorts newest first with sort=newest, and pages with limit and offset", async () => {
    expect(await ids({ q: "zebra", sort: "newest" })).toEqual(["f00000000004", "f00000000003", "f00000000002", "f00000000001"]);
    const page = await search({ q: "zebra", sort: "newest", limit: 2, offset: 1 });
    expect(page.hits.map((hit) => hit.id)).toEqual(["f00000000003", "f00000000002"]);
    expect(page.total).toBe(4);
    // Past the last result: no hits, but still the true total.
    expect(await search({ q: "zebra", offset: 10 })).toMatchObject({ hits: [], total: 4 });
  });

  it("marks only matches in snippets and titles", async () => {
    const [hit] = (await search({ q: "distilling" })).hits;
    expect(hit.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(["distillation"]);
    // Fragments end on a word: trailing punctuation may be cut.
    expect(segmentsToHtml(hit.snippet)).toMatch(/^Knowledge <mark>distillation<\/mark> into small networks\.?$/);
    expect(hit.title).toEqual([{ text: "Compact students", match: false }]);
  });

  it("shows one passage for one word, and up to two so that words far apart each show", async () => {
    const [single] = (await search({ q: "ibex" })).hits;
    expect(segmentsToText(single.snippet)).not.toContain(" … ");
    expect(single.snippet.filter((s) => s.match).length).toBeGreaterThan(0);
    const [both] = (await search({ q: "ibex lynx" })).hits;
    expect(segmentsToText(both.snippet)).toContain(" … ");
    expect(new Set(both.snippet.filter((s) => s.match).map((s) => s.text.toLowerCase()))).toEqual(new Set(["ibex", "lynx"]));
  });

  it("keeps HTML in a title as raw text in segments, and escapes it in HTML", async () => {
    const [hit] = (await search({ q: "robustness" })).hits;
    expect(hit.id).toBe("g00000000001");
    expect(segmentsToText(hit.title)).toBe(`Robust <script>alert(1)</script> "models" & more`);
    expect(segmentsToHtml(hit.title)).toBe("<mark>Robust</mark> &lt;script&gt;alert(1)&lt;/script&gt; &quot;models&quot; &amp; more");
  });

  it("never lets HTML from an abstract through the snippet as markup", async () => {
    const [hit] = (await search({ q: "robustness" })).hits;
    const html = segmentsToHtml(hit.snippet);
    expect(hit.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(["robustness"]);
    expect(html).toContain("<mark>robustness</mark>");
    expect(html).toContain("&amp;");
    expect(html).toContain("&quot;attack");
    // The only tags in the HTML are the marks around matches.
    expect(html.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
  });

  // ts_headline, which once made snippets, dropped anything shaped like an HTML tag.
  it("keeps tag-like text of an abstract in the snippet's segments", async () => {
    const [hit] = (await search({ q: "robustness" })).hits;
    expect(segmentsToText(hit.snippet)).toContain("<script>alert(1)</script>");
  });

  it("cannot be made to mark text by marks written inside an abstract", async () => {
    const [hit] = (await search({ q: "gazelle" })).hits;
    expect(hit.id).toBe("h00000000001");
    expect(hit.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(["gazelle"]);
    expect(segmentsToText(hit.snippet)).toBe("\u27E6forged\u27E7 <mark>marks</mark> near gazelle sightings.");
    expect(segmentsToHtml(hit.snippet)).toBe("\u27E6forged\u27E7 &lt;mark&gt;marks&lt;/mark&gt; near <mark>gazelle</mark> sightings.");
  });

  it("searches the correction and says so when a misspelt query finds nothing", async () => {
    const result = await search({ q: "contrastiv loss" });
    expect(result).toMatchObject({ suggestion: "contrastive loss", correctedFrom: "contrastiv loss", query: "contrastive loss", total: 2 });
    expect(result.hits.map((hit) => hit.id)).toEqual(["a00000000001", "a00000000002"]);
  });

  it("suggests for a misspelling inside a phrase, keeping the quotes", async () => {
    const result = await search({ q: '"constrastive loss"' });
    expect(result.suggestion).toBe('"contrastive loss"');
    expect(result.correctedFrom).toBe('"constrastive loss"');
  });

  it("offers a suggestion without replacing results when the original finds a few", async () => {
    // "zebra" finds four papers (no suggestion needed); "gazelle" finds one, and "herdz" is unknown.
    const result = await search({ q: "gazelle OR herdz" });
    expect(result.hits.map((hit) => hit.id)).toEqual(["h00000000001"]);
    expect(result.suggestion).toBe("gazelle OR herds");
    expect(result.correctedFrom).toBeUndefined();
  });

  it("refuses a search of only very common words", async () => {
    await expect(search({ q: "the of and" })).rejects.toThrow(SearchInputError);
    await expect(search({ q: "the of and" })).rejects.toThrow(/only very common words/);
  });

  it("refuses exclusions alone and junk without words", async () => {
    await expect(search({ q: "-foo" })).rejects.toThrow(SearchInputError);
    await expect(search({ q: '-foo -"bar baz"' })).rejects.toThrow(/exclusions/);
    await expect(search({ q: "!!! ---" })).rejects.toThrow(SearchInputError);
  });

  // websearch_to_tsquery('the -zebra') is just !'zebra', which matches every other
  // paper: nothing narrows the search, so it is refused.
  it("refuses common words with only an exclusion", async () => {
    await expect(search({ q: "the -zebra" })).rejects.toThrow(SearchInputError);
  });
});
