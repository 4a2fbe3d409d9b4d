import { describe, expect, it } from "vitest";
import { firstIssue, MAX_QUERY_LENGTH, searchFiltersSchema, searchQuerySchema } from "@/lib/search/schema";

function issue(input: Record<string, unknown>): string {
  const result = searchFiltersSchema.safeParse(input);
  if (result.success) throw new Error(`expected an issue for ${JSON.stringify(input)}`);
  return firstIssue(result.error);
}

describe("searchQuerySchema", () => {
  it("asks for something when the query is missing, empty or blank", () => {
    expect(issue({})).toBe("Type something to search for.");
    expect(issue({ q: "" })).toBe("Type something to search for.");
    expect(issue({ q: " \t\n " })).toBe("Type something to search for.");
  });

  it("limits a query to 256 characters after cleaning", () => {
    expect(MAX_QUERY_LENGTH).toBe(256);
    expect(searchQuerySchema.parse("a".repeat(256))).toHaveLength(256);
    expect(issue({ q: "a".repeat(257) })).toBe("Searches are limited to 256 characters.");
    // Surrounding space is trimmed before the length is checked.
    expect(searchQuerySchema.parse(`  ${"a".repeat(256)}  `)).toHaveLength(256);
  });

  it("turns NUL and other control characters into single spaces", () => {
    expect(searchQuerySchema.parse("dis\u0000tillation\u0007 \u001f models\u007f")).toBe("dis tillation models");
    expect(issue({ q: "\u0000\u0000" })).toBe("Type something to search for.");
  });
});

describe("searchFiltersSchema", () => {
  it("defaults sort to relevance and leaves dates unset; empty values count as unset", () => {
    expect(searchFiltersSchema.parse({ q: "x", sort: "", from: "", to: "" })).toEqual({ q: "x", sort: "relevance" });
    expect(searchFiltersSchema.parse({ q: "x", sort: "newest", from: "2026-01-01", to: "2026-01-01" })).toEqual({
      q: "x",
      sort: "newest",
      from: "2026-01-01",
      to: "2026-01-01",
    });
  });

  it("names the field in sort and date messages", () => {
    expect(issue({ q: "x", sort: "oldest" })).toBe("sort must be relevance, newest or trending");
    expect(issue({ q: "x", from: "2026-1-1" })).toBe("from must be a date like 2026-11-23");
    expect(issue({ q: "x", to: "yesterday" })).toBe("to must be a date like 2026-11-23");
    expect(issue({ q: "x", from: "2026-02-30" })).toBe("from must be a real calendar date");
    expect(issue({ q: "x", to: "2026-13-01" })).toBe("to must be a real calendar date");
  });

  it("refuses from after to", () => {
    expect(issue({ q: "x", from: "2026-11-02", to: "2026-11-01" })).toBe("from must not be after to");
  });
});
