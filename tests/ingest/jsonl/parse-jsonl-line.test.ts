import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJsonlLine } from "@/lib/ingest/jsonl/parse-jsonl-line";

const NOW = new Date("2026-11-20T12:00:00Z");
const lines = readFileSync(join(import.meta.dirname, "../../fixtures/jsonl/sample.jsonl"), "utf8").split("\n");
const parseFixtureLine = (lineNumber: number) => parseJsonlLine(lines[lineNumber - 1]!, lineNumber, NOW);

describe("parseJsonlLine on the sample file", () => {
  it("maps a complete line", () => {
    expect(parseFixtureLine(1)).toEqual({
      arxivId: "2501.07542",
      arxivVersion: 2,
      title: "Fast Attention Everywhere",
      abstract: "We make attention fast. Code at https://github.com/example/fast-attn.",
      authors: ["Ada Lovelace", "Alan Turing"],
      publishedAt: new Date("2025-01-13T18:59:59Z"),
      sourceUpdatedAt: null,
      categories: [],
      comment: null,
      links: ["https://github.com/example/fast-attn"],
      observation: null,
    });
  });

  it("splits comma-separated authors and reads a bare date as midnight UTC", () => {
    expect(parseFixtureLine(2)).toMatchObject({
      arxivId: null,
      authors: ["Grace Hopper", "Katherine Johnson", "Dorothy Vaughan"],
      publishedAt: new Date("2025-02-01T00:00:00Z"),
    });
  });

  it("dates a line without publishedAt at `now` and trims the title", () => {
    expect(parseFixtureLine(3)).toMatchObject({
      arxivId: null,
      arxivVersion: null,
      title: "A Paper Known Only by Its Title",
      authors: [],
      publishedAt: NOW,
      links: [],
    });
  });

  it("reports bad lines with a clear reason and returns null for the blank one", () => {
    expect([4, 5, 6, 7, 8, 9, 10].map(parseFixtureLine)).toEqual([
      null,
      { position: "line 5", reason: "invalid JSON" },
      { position: "line 6", reason: "missing abstract" },
      { position: "line 7", reason: "publishedAt must be an ISO 8601 date like 2025-01-13 or 2025-01-13T18:59:59Z" },
      { position: "line 8", reason: 'arxivId is not an arXiv id: "not-an-id"' },
      { position: "line 9", reason: "authors must be a list of names or a comma-separated string" },
      { position: "line 10", reason: "expected a JSON object" },
    ]);
  });

  it("ignores extra fields and reads old-style ids and offsets", () => {
    expect(parseFixtureLine(11)).toMatchObject({
      arxivId: "hep-th/9901001",
      arxivVersion: null,
      publishedAt: new Date("1998-12-31T22:00:01Z"),
      links: ["https://www.github.com/old/style"],
    });
  });
});

describe("parseJsonlLine details", () => {
  it.each([
    ['{"abstract":"x"}', "missing title"],
    ['{"title":"   ","abstract":"x"}', "title: missing title"],
    ['{"title":7,"abstract":"x"}', "title must be a string"],
    ['{"title":"T","abstract":"x","arxivId":2501.07542}', "arxivId must be a string"],
    ['{"title":"T","abstract":"x","publishedAt":"2025-02-30"}', "publishedAt must be an ISO 8601 date like 2025-01-13 or 2025-01-13T18:59:59Z"],
    ['{"title":"T","abstract":"x","authors":["Ada", 3]}', "authors must be a list of names or a comma-separated string"],
    ["null", "expected a JSON object"],
  ])("reports %s as %s", (line, reason) => {
    expect(parseJsonlLine(line, 2, NOW)).toEqual({ position: "line 2", reason });
  });

  it("treats null and empty optional fields as absent", () => {
    expect(parseJsonlLine('{"title":"T","abstract":"A","authors":null,"arxivId":"","publishedAt":null}', 1, NOW)).toMatchObject({
      arxivId: null,
      authors: [],
      publishedAt: NOW,
    });
  });

  it("drops empty names from a comma-separated string", () => {
    expect(parseJsonlLine('{"title":"T","abstract":"A","authors":"Ada, , Alan,"}', 1, NOW)).toMatchObject({ authors: ["Ada", "Alan"] });
  });
});
