import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ArxivApiError, ArxivFeedError, parseArxivFeed, parseAtomDate } from "@/lib/ingest/arxiv/parse-feed";

const fixture = (name: string): string =>
  readFileSync(path.resolve(import.meta.dirname, "../../fixtures/arxiv", name), "utf8");

// A minimal feed in arXiv's envelope around hand-written entries.
const feed = (entries: string, totalResults = 1): string => `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: test</title>
  <opensearch:totalResults>${totalResults}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
${entries}
</feed>`;

const entry = (id: string, extra = "", published = "2026-11-22T09:00:00Z"): string => `  <entry>
    <id>${id}</id>
    <updated>2026-11-22T09:00:00Z</updated>
    <published>${published}</published>
    <title>Title of ${id}</title>
    <summary>Summary.</summary>
    <author><name>Someone</name></author>
    ${extra}
  </entry>`;

describe("parseArxivFeed on page1.atom", () => {
  const page = parseArxivFeed(fixture("page1.atom"));

  it("reads the opensearch counts", () => {
    expect(page).toMatchObject({ totalResults: 5, startIndex: 0, itemsPerPage: 3, issues: [] });
    expect(page.records.map((r) => [r.arxivId, r.arxivVersion])).toEqual([
      ["2611.01234", 1],
      ["hep-th/9901001", 1],
      ["2611.01300", 2],
    ]);
  });

  it("maps a full entry: wrapped title, entities, math, unicode authors, primary category first, comment links", () => {
    expect(page.records[0]).toEqual({
      arxivId: "2611.01234",
      arxivVersion: 1,
      title: "Fast Attention & Friends: Sub-quadratic Transformers for Long Contexts",
      abstract:
        "We show that attention can be computed in $O(n \\log n)$ time when $x_i < x_j$ for all $i < j$. " +
        "Our café experiments & ablations confirm it on sequences of up to $10^6$ tokens.",
      authors: ["Łukasz Kaiser", "José Gómez-Rodríguez", "王小明"],
      publishedAt: new Date("2026-11-22T09:15:00Z"),
      sourceUpdatedAt: new Date("2026-11-22T09:15:00Z"),
      categories: ["cs.LG", "cs.CL", "stat.ML"],
      comment:
        "12 pages, 4 figures. Code: https://github.com/paperboy-test/fast-attention; project page https://fast-attention.github.io/.",
      links: ["https://github.com/paperboy-test/fast-attention", "https://fast-attention.github.io/"],
      observation: null,
    });
  });

  it("reads an old-style id, a UTC offset date, no comment and no primary category", () => {
    expect(page.records[1]).toEqual({
      arxivId: "hep-th/9901001",
      arxivVersion: 1,
      title: "Strings on a Lattice",
      abstract: "A short note on lattice strings.",
      authors: ["A. N. Other"],
      publishedAt: new Date("1999-01-04T17:00:00Z"),
      sourceUpdatedAt: new Date("1999-01-04T17:00:00Z"),
      categories: ["hep-th", "gr-qc"],
      comment: null,
      links: [],
      observation: null,
    });
  });

  it("keeps an entry without authors, drops ACM/MSC classes and non-http links", () => {
    expect(page.records[2]).toMatchObject({
      arxivId: "2611.01300",
      arxivVersion: 2,
      authors: [],
      publishedAt: new Date("2026-11-22T10:00:00Z"),
      sourceUpdatedAt: new Date("2026-11-23T08:30:00Z"),
      categories: ["cs.AI"],
      comment: "Accepted at NeurIPS 2026 <oral>. Project: http://example.org/proj?a=1&b=2 and ftp://files.example.org/x",
      links: ["http://example.org/proj?a=1&b=2"],
    });
  });
});

describe("parseArxivFeed on page2.atom", () => {
  it("reads the second version of a paper seen in version 1 on page 1", () => {
    const page = parseArxivFeed(fixture("page2.atom"));
    expect(page).toMatchObject({ totalResults: 5, startIndex: 3, itemsPerPage: 3, issues: [] });
    expect(page.records[0]).toMatchObject({
      arxivId: "2611.01234",
      arxivVersion: 2,
      publishedAt: new Date("2026-11-22T09:15:00Z"),
      sourceUpdatedAt: new Date("2026-11-23T11:00:00Z"),
      authors: ["Łukasz Kaiser", "José Gómez-Rodríguez", "王小明", "Ada Lovelace"],
      categories: ["cs.LG", "cs.CL"],
    });
    expect(page.records[1]).toMatchObject({
      arxivId: "2611.01500",
      title: "Graph Networks for Medium-Range Weather",
      categories: ["cs.LG", "physics.ao-ph"],
    });
  });
});

describe("parseArxivFeed on broken.atom", () => {
  it("reports each bad entry with its position and id and still parses the good ones", () => {
    const page = parseArxivFeed(fixture("broken.atom"));
    expect(page.records.map((r) => `${r.arxivId}v${r.arxivVersion} ${r.title}`)).toEqual([
      "2611.02001v1 A Good Entry Before the Broken One",
      "2611.02005v3 A Good Entry After the Broken Ones",
    ]);
    expect(page.issues).toEqual([
      { position: "entry 2", reason: expect.stringMatching(/^malformed XML: .*'title'.*\(2611\.02002v1\)$/) },
      { position: "entry 3", reason: 'bad date in <published>: "2026-11-31T03:00:00Z" (2611.02003v1)' },
      { position: "entry 4", reason: "title: missing title (2611.02004v1)" },
    ]);
  });
});

describe("parseArxivFeed on error and empty feeds", () => {
  it("throws arXiv's error feed as an ArxivApiError", () => {
    const parse = () => parseArxivFeed(fixture("error.atom"));
    expect(parse).toThrow(ArxivApiError);
    expect(parse).toThrow("incorrect id format for 1234.12345");
  });

  it("returns no records for an empty page, with the counts it announced", () => {
    expect(parseArxivFeed(fixture("empty.atom"))).toEqual({
      totalResults: 5,
      startIndex: 3,
      itemsPerPage: 3,
      records: [],
      issues: [],
    });
  });
});

describe("parseArxivFeed robustness", () => {
  it("does not let an entry without </entry> swallow the next one", () => {
    const unterminated = entry("http://arxiv.org/abs/2611.00001v1").replace("</entry>", "");
    const page = parseArxivFeed(feed(unterminated + "\n" + entry("http://arxiv.org/abs/2611.00002v1"), 2));
    expect(page.issues).toEqual([
      { position: "entry 1", reason: expect.stringMatching(/^malformed XML: .*\(2611\.00001v1\)$/) },
    ]);
    expect(page.records.map((r) => r.arxivId)).toEqual(["2611.00002"]);
  });

  it("reports a missing id, a foreign id, a missing and a bad updated date", () => {
    const entries = [
      entry("").replace("<id></id>", ""),
      entry("http://example.org/paper/1"),
      entry("http://arxiv.org/abs/2611.00003v1").replace(/<published>.*<\/published>/, ""),
      entry("http://arxiv.org/abs/2611.00004v1").replace(/<updated>.*<\/updated>/, "<updated>soon</updated>"),
    ];
    expect(parseArxivFeed(feed(entries.join("\n"), 4)).issues).toEqual([
      { position: "entry 1", reason: "missing id" },
      { position: "entry 2", reason: "not an arXiv id (http://example.org/paper/1)" },
      { position: "entry 3", reason: "missing published date (2611.00003v1)" },
      { position: "entry 4", reason: 'bad date in <updated>: "soon" (2611.00004v1)' },
    ]);
  });

  it("takes the version from the abstract link when the id has none", () => {
    const link = '<link href="http://arxiv.org/abs/hep-ex/0307015v3" rel="alternate" type="text/html"/>';
    const [record] = parseArxivFeed(feed(entry("http://arxiv.org/abs/hep-ex/0307015", link))).records;
    expect(record).toMatchObject({ arxivId: "hep-ex/0307015", arxivVersion: 3, sourceUpdatedAt: expect.any(Date) });
  });

  it("reads the older layout that declares namespaces on each element", () => {
    const older = `  <entry xmlns="http://www.w3.org/2005/Atom">
    <id>http://arxiv.org/abs/2611.00007v1</id>
    <published>2026-11-22T09:00:00-05:00</published>
    <title>Older Layout</title>
    <summary>Summary.</summary>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">See https://github.com/a/b</arxiv:comment>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="math.AG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="math.AG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`;
    expect(parseArxivFeed(feed(older))).toMatchObject({
      issues: [],
      records: [{ arxivId: "2611.00007", comment: "See https://github.com/a/b", links: ["https://github.com/a/b"], categories: ["math.AG"] }],
    });
  });

  it("accepts a missing <updated> as unknown", () => {
    const noUpdated = entry("http://arxiv.org/abs/2611.00005v1").replace(/<updated>.*<\/updated>/, "");
    expect(parseArxivFeed(feed(noUpdated)).records[0]?.sourceUpdatedAt).toBeNull();
  });

  it("throws ArxivFeedError for a truncated body or a feed without counts", () => {
    const truncated = feed(entry("http://arxiv.org/abs/2611.00006v1")).replace("</feed>", "");
    expect(() => parseArxivFeed(truncated)).toThrow(ArxivFeedError);
    expect(() => parseArxivFeed(feed("").replace(/<opensearch:totalResults>.*<\/opensearch:totalResults>/, ""))).toThrow(
      /opensearch:totalResults/,
    );
    expect(() => parseArxivFeed("<html><body>Service Unavailable</body></html>")).toThrow(ArxivFeedError);
  });
});

describe("parseAtomDate", () => {
  it.each([
    ["2026-11-22T09:15:00Z", "2026-11-22T09:15:00.000Z"],
    ["1999-01-04T12:00:00-05:00", "1999-01-04T17:00:00.000Z"],
    ["2024-02-29T23:59:59.5+01:00", "2024-02-29T22:59:59.500Z"],
  ])("reads %s", (raw, iso) => {
    expect(parseAtomDate(raw)?.toISOString()).toBe(iso);
  });

  it.each(["2026-11-31T03:00:00Z", "2025-02-29T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22", "2026", "yesterday", ""])(
    "rejects %j",
    (raw) => {
      expect(parseAtomDate(raw)).toBeNull();
    },
  );
});
