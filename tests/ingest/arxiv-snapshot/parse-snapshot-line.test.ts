import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSnapshotLine } from "@/lib/ingest/arxiv-snapshot/parse-snapshot-line";

const lines = readFileSync(join(import.meta.dirname, "../../fixtures/arxiv-snapshot/sample.jsonl"), "utf8").split("\n");
const parseFixtureLine = (lineNumber: number) => parseSnapshotLine(lines[lineNumber - 1]!, lineNumber);

// A valid line to vary in the tests below, in the snapshot's own field order.
const base = {
  id: "2402.05555",
  submitter: "Test Submitter",
  authors: "A. One, B. Two",
  title: "A Title",
  comments: null,
  "journal-ref": null,
  doi: null,
  "report-no": null,
  categories: "cs.LG",
  license: null,
  abstract: "  An abstract.\n",
  versions: [{ version: "v1", created: "Mon, 5 Feb 2024 10:00:00 GMT" }],
  update_date: "2024-02-06",
  authors_parsed: [["One", "A.", ""], ["Two", "B.", ""]],
};
const lineWith = (changes: Record<string, unknown>) => JSON.stringify({ ...base, ...changes });

describe("parseSnapshotLine on the sample snapshot", () => {
  it("maps a new-style record with a code link in its comments", () => {
    expect(parseFixtureLine(1)).toEqual({
      arxivId: "2401.01234",
      arxivVersion: 1,
      title: "Self-Scheduling Routers for Sparse Mixture-of-Experts Language Models",
      abstract: "We show that the router of a sparse mixture-of-experts model can learn its own load-balancing schedule.",
      authors: ["Ada Lovelace", "Charles Babbage", "Grace Hopper"],
      publishedAt: new Date("2024-01-02T18:59:59Z"),
      sourceUpdatedAt: new Date("2024-01-02T18:59:59Z"),
      categories: ["cs.LG", "cs.AI", "stat.ML"],
      comment: "12 pages, 4 figures. Code: https://github.com/example-lab/fast-moe.",
      links: ["https://github.com/example-lab/fast-moe"],
      observation: null,
    });
  });

  it("maps the snapshot's first record: wrapped title, two versions, authors_parsed", () => {
    expect(parseFixtureLine(2)).toMatchObject({
      arxivId: "0704.0001",
      arxivVersion: 2,
      title: "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies",
      authors: ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"],
      publishedAt: new Date("2007-04-02T19:18:42Z"),
      sourceUpdatedAt: new Date("2007-07-24T20:10:27Z"),
      categories: ["hep-ph"],
      comment: "37 pages, 15 figures; published version",
      links: [],
    });
  });

  it("maps an old-style id with a suffix, TeX accents, math and three versions", () => {
    expect(parseFixtureLine(3)).toMatchObject({
      arxivId: "hep-th/9901001",
      arxivVersion: 3,
      title: String.raw`Remarks on the Schrödinger equation on $S^2$ and $\hat{H}\"{o}$`,
      // Abstracts keep their TeX: they are rendered, not searched by name.
      abstract: String.raw`We revisit the Schr\"odinger equation on the two-sphere.`,
      authors: ["Robert Smith Jr.", "Kurt Gödel"],
      publishedAt: new Date("1999-01-01T00:00:01Z"),
      sourceUpdatedAt: new Date("1999-06-09T08:05:07Z"),
      categories: ["hep-th", "math-ph", "math.MP"],
      comment: null,
      links: [],
    });
  });

  it("decodes carons, acutes and \\ss in names and braced accents in titles", () => {
    expect(parseFixtureLine(4)).toMatchObject({
      arxivId: "math/0309136",
      arxivVersion: 1,
      title: "Knots in Örsted's lens spaces and the Étale çohomology",
      authors: ["Pavel Šedivý", "Ingrid Kißling"],
      categories: ["math.GT", "math.AG"],
      links: ["http://www.example.org/knots/"],
    });
  });

  it("dates a three-version record by its first and last versions", () => {
    expect(parseFixtureLine(5)).toMatchObject({
      arxivId: "2310.06825",
      arxivVersion: 3,
      authors: ["Marie Curie", "Pierre Curie", "Irène Joliot-Curie"],
      publishedAt: new Date("2023-10-10T17:54:12Z"),
      sourceUpdatedAt: new Date("2024-02-01T21:15:30Z"),
      links: ["https://curie.example.org/radiant"],
    });
  });

  it("reads a record without comments", () => {
    expect(parseFixtureLine(6)).toMatchObject({ arxivId: "2501.07542", comment: null, links: [] });
  });

  it("reports broken lines by line number and returns null for the blank one", () => {
    expect(lines.slice(6, 11).map((line, index) => parseSnapshotLine(line, index + 7))).toEqual([
      { position: "line 7", reason: "invalid JSON" },
      null,
      { position: "line 9", reason: "missing title" },
      { position: "line 10", reason: 'versions.0.created: invalid date "Fri, 30 Feb 2024 10:00:00 GMT"' },
      { position: "line 11", reason: "versions: no versions" },
    ]);
  });
});

describe("parseSnapshotLine details", () => {
  it("returns null for whitespace-only lines", () => {
    expect(parseSnapshotLine("   \r", 3)).toBeNull();
  });

  it("falls back to the authors string when authors_parsed is empty", () => {
    const record = parseSnapshotLine(
      lineWith({ authors: "J. M\\\"uller (ETH Z\\\"urich, Switzerland), K. Lee\nand L. Chen", authors_parsed: [] }),
      1,
    );
    expect(record).toMatchObject({ authors: ["J. Müller", "K. Lee", "L. Chen"] });
  });

  it("takes the highest version even when versions are out of order", () => {
    const record = parseSnapshotLine(
      lineWith({
        versions: [
          { version: "v2", created: "Tue, 6 Feb 2024 10:00:00 GMT" },
          { version: "v1", created: "Mon, 5 Feb 2024 10:00:00 GMT" },
        ],
      }),
      1,
    );
    expect(record).toMatchObject({
      arxivVersion: 2,
      publishedAt: new Date("2024-02-05T10:00:00Z"),
      sourceUpdatedAt: new Date("2024-02-06T10:00:00Z"),
    });
  });

  it.each([
    [{ id: "not an id" }, 'id: not an arXiv id: "not an id"'],
    [{ id: undefined }, "missing id"],
    [{ title: 42 }, "title: not a string"],
    [{ title: "  \n " }, "title: missing title"],
    [{ versions: undefined }, "missing versions"],
    [{ versions: [{ version: "1", created: "Mon, 5 Feb 2024 10:00:00 GMT" }] }, "versions.0.version: version is not like v1"],
    [{ versions: [{ version: "v1", created: "2024-02-05" }] }, 'versions.0.created: invalid date "2024-02-05"'],
    [{ categories: "cs.LG Not_A_Category" }, "categories.1: not an arXiv category"],
  ])("reports %o as %s", (changes, reason) => {
    expect(parseSnapshotLine(lineWith(changes), 12)).toEqual({ position: "line 12", reason });
  });

  it("reports a JSON value that is not an object", () => {
    expect(parseSnapshotLine("[1, 2]", 5)).toEqual({ position: "line 5", reason: "Invalid input: expected object, received array" });
  });
});
