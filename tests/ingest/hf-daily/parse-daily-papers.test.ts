import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDailyPapers } from "@/lib/ingest/hf-daily/parse-daily-papers";

const fixture = (): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/hf-daily/daily_papers-2026-11-20.json"), "utf8"));

const observedAt = new Date("2026-11-20T12:00:00Z");

describe("parseDailyPapers on a recorded day", () => {
  const batch = parseDailyPapers(fixture(), observedAt);

  it("reads the good items in order and reports the bad ones by position", () => {
    expect(batch.records.map((record) => record.arxivId)).toEqual(["2611.14501", "2611.13377", "2611.09876", "2611.05050"]);
    expect(batch.issues).toEqual([
      { position: "item 4", reason: "title: missing title" },
      { position: "item 5", reason: 'paper.publishedAt: not an ISO 8601 date-time: "2026-13-45T00:00:00.000Z"' },
    ]);
  });

  it("maps a complete item, hidden authors included", () => {
    expect(batch.records[0]).toEqual({
      arxivId: "2611.14501",
      arxivVersion: null,
      title: "Sparse Mixture Routers Learn to Schedule Themselves",
      abstract:
        "We show that the router of a sparse mixture-of-experts model can learn its own load-balancing schedule. " +
        "Code is available at https://github.com/example-lab/self-scheduling-moe.",
      authors: ["Ada Lovelace", "Charles Babbage", "Grace Hopper"],
      publishedAt: new Date("2026-11-18T17:59:41.000Z"),
      sourceUpdatedAt: null,
      categories: [],
      comment: null,
      links: ["https://github.com/example-lab/self-scheduling-moe", "https://example-lab.github.io/self-scheduling-moe/"],
      observation: { observedAt, upvotes: 87, githubStars: 1234, comments: 3, featuredAt: new Date("2026-11-20T01:14:22.512Z") },
    });
  });

  it("keeps unicode names, skips a nameless author and leaves markup in the text as text", () => {
    const record = batch.records[1]!;
    expect(record.authors).toEqual(["Zoë Müller-Łukasiewicz", "李明", "José Ñúñez"]);
    expect(record.title).toBe("When <b>Bold</b> Tokens Attract Attention");
    expect(record.abstract).toBe("Markup such as <b>bold</b> &amp; <i>italics</i> changes attention when x < y.");
  });

  it("leaves counts Hugging Face did not show as null rather than zero", () => {
    expect(batch.records[1]!.links).toEqual([]);
    expect(batch.records[1]!.observation).toEqual({ observedAt, upvotes: 12, githubStars: null, comments: null, featuredAt: new Date("2026-11-20T04:40:10.001Z") });
    expect(batch.records[2]!.observation).toEqual({ observedAt, upvotes: 0, githubStars: 0, comments: 0, featuredAt: new Date("2026-11-20T06:02:59.870Z") });
  });

  it("splits a version suffix off the id and falls back to the item's title", () => {
    const record = batch.records[2]!;
    expect([record.arxivId, record.arxivVersion]).toEqual(["2611.09876", 2]);
    expect(record.title).toBe("Versioned Papers Keep Their Identity");
    // githubRepo and projectPage are the same URL.
    expect(record.links).toEqual(["https://github.com/turing/versioned"]);
  });

  it("keeps only http(s) links", () => {
    expect(batch.records[3]!.links).toEqual(["https://noether.example.org/symmetries"]);
  });
});

describe("parseDailyPapers on malformed input", () => {
  const paper = { id: "2611.00001", title: "T", summary: "S", publishedAt: "2026-11-19T00:00:00.000Z", upvotes: 1 };

  it("throws on a body that is not an array", () => {
    expect(() => parseDailyPapers({ error: "Invalid date" }, observedAt)).toThrow(
      "unexpected response: expected a JSON array of daily papers, got object",
    );
    expect(() => parseDailyPapers(null, observedAt)).toThrow("got null");
  });

  it("reports non-object items and unusable fields, and still reads the rest", () => {
    const batch = parseDailyPapers(
      [
        "not an item",
        { paper: { ...paper, id: "not-an-arxiv-id" } },
        { paper: { ...paper, upvotes: -1 } },
        { paper: { ...paper, authors: [{ name: "Ada" }, { hidden: true }] } },
        { title: "no paper" },
      ],
      observedAt,
    );
    expect(batch.records.map((record) => record.authors)).toEqual([["Ada"]]);
    expect(batch.issues).toEqual([
      { position: "item 1", reason: "Invalid input: expected object, received string" },
      { position: "item 2", reason: 'paper.id: not an arXiv id: "not-an-arxiv-id"' },
      { position: "item 3", reason: "paper.upvotes: Too small: expected number to be >=0" },
      { position: "item 5", reason: "paper: Invalid input: expected object, received undefined" },
    ]);
  });

  it("accepts an empty day", () => {
    expect(parseDailyPapers([], observedAt)).toEqual({ records: [], issues: [] });
  });
});
