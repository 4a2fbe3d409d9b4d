import { describe, expect, it } from "vitest";
import { ARXIV_API_URL, arxivDate, arxivQueryUrl } from "@/lib/ingest/arxiv/query";

const window = {
  from: new Date("2026-11-22T00:00:00Z"),
  to: new Date("2026-11-23T23:59:59.999Z"),
};

describe("arxivQueryUrl", () => {
  it("builds the category/date query with paging and a stable sort", () => {
    const url = arxivQueryUrl(ARXIV_API_URL, { categories: ["cs.LG", "cs.CL"], ...window, start: 0, maxResults: 100 });
    expect(url).toBe(
      "https://export.arxiv.org/api/query?search_query=%28cat%3Acs.LG+OR+cat%3Acs.CL%29+AND+submittedDate%3A%5B202611220000+TO+202611232359%5D" +
        "&start=0&max_results=100&sortBy=submittedDate&sortOrder=ascending",
    );
    const params = new URL(url).searchParams;
    expect(params.get("search_query")).toBe("(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202611220000 TO 202611232359]");
  });

  it("passes start and max_results through", () => {
    const params = new URL(
      arxivQueryUrl("http://localhost:9999/api/query", { categories: ["hep-th"], ...window, start: 300, maxResults: 50 }),
    ).searchParams;
    expect(params.get("search_query")).toBe("(cat:hep-th) AND submittedDate:[202611220000 TO 202611232359]");
    expect(params.get("start")).toBe("300");
    expect(params.get("max_results")).toBe("50");
  });

  it("rejects what would change the query instead of naming a category", () => {
    const base = { ...window, start: 0, maxResults: 10 };
    expect(() => arxivQueryUrl(ARXIV_API_URL, { ...base, categories: [] })).toThrow(RangeError);
    expect(() => arxivQueryUrl(ARXIV_API_URL, { ...base, categories: ["cs.LG) OR (all:x"] })).toThrow(/not an arXiv category/);
    expect(() => arxivQueryUrl(ARXIV_API_URL, { ...base, categories: ["cs.LG"], from: window.to, to: window.from })).toThrow(
      RangeError,
    );
    expect(() => arxivQueryUrl(ARXIV_API_URL, { ...base, categories: ["cs.LG"], maxResults: 0 })).toThrow(RangeError);
    expect(() => arxivQueryUrl(ARXIV_API_URL, { ...base, categories: ["cs.LG"], start: -1 })).toThrow(RangeError);
  });
});

describe("arxivDate", () => {
  it("formats in UTC whatever the local offset of the Date", () => {
    expect(arxivDate(new Date("2026-11-22T23:30:00-05:00"))).toBe("202611230430");
    expect(arxivDate(new Date("2007-01-02T03:04:59Z"))).toBe("200701020304");
  });
});
