import { describe, expect, it } from "vitest";
import { parseIngestArgs, UsageError } from "@/lib/ingest/cli/args";

const now = new Date("2026-11-23T15:00:00Z");

describe("parseIngestArgs", () => {
  it("defaults arxiv and hf-daily to yesterday and today, UTC", () => {
    expect(parseIngestArgs(["arxiv"], now)).toEqual({
      source: "arxiv",
      categories: null,
      from: new Date("2026-11-22T00:00:00.000Z"),
      to: new Date("2026-11-23T23:59:59.999Z"),
    });
    expect(parseIngestArgs(["hf-daily"], now)).toEqual({ source: "hf-daily", dates: ["2026-11-22", "2026-11-23"] });
  });

  it("reads explicit categories, ranges, repeated dates, files and batch sizes", () => {
    expect(parseIngestArgs(["arxiv", "--categories", "cs.LG, math.OC", "--from", "2026-01-01", "--to", "2026-01-31"], now)).toEqual({
      source: "arxiv",
      categories: ["cs.LG", "math.OC"],
      from: new Date("2026-01-01T00:00:00.000Z"),
      to: new Date("2026-01-31T23:59:59.999Z"),
    });
    expect(parseIngestArgs(["hf-daily", "--date", "2026-11-01", "--date", "2026-11-02"], now)).toEqual({ source: "hf-daily", dates: ["2026-11-01", "2026-11-02"] });
    expect(parseIngestArgs(["arxiv-snapshot", "dump.json", "--batch-size", "5000"], now)).toEqual({ source: "arxiv-snapshot", file: "dump.json", batchSize: 5000, bulk: false });
    expect(parseIngestArgs(["arxiv-snapshot", "dump.json", "--bulk"], now)).toEqual({ source: "arxiv-snapshot", file: "dump.json", batchSize: 2000, bulk: true });
    expect(parseIngestArgs(["jsonl", "-"], now)).toEqual({ source: "jsonl", file: "-", batchSize: 2000, bulk: false });
    expect(parseIngestArgs([], now)).toEqual({ source: "help" });
    expect(parseIngestArgs(["arxiv", "--help"], now)).toEqual({ source: "help" });
  });

  it.each([
    [["rss"], /^unknown source "rss"/],
    [["jsonl"], /^jsonl needs a file/],
    [["arxiv", "file.txt"], /^arxiv takes no file/],
    [["arxiv", "--from", "2026-02-30"], /^--from is not a real date/],
    [["arxiv", "--from", "yesterday"], /^--from must be a date like 2026-11-23/],
    [["arxiv", "--from", "2026-02-02", "--to", "2026-02-01"], /^--from must not be after --to$/],
    [["arxiv", "--categories", "cs.LG;DROP"], /^--categories must be arXiv categories/],
    [["hf-daily", "--date", "2026-1-1"], /^--date must be a date like/],
    [["jsonl", "a.jsonl", "--batch-size", "0"], /^--batch-size must be a whole number from 1 to 50000/],
    [["jsonl", "a.jsonl", "extra"], /^unexpected argument "extra"$/],
    [["arxiv", "--nope"], /Unknown option '--nope'/],
    [["hf-daily", "--bulk"], /^--bulk is for the file sources/],
  ])("refuses %j with a clear message", (argv, message) => {
    expect(() => parseIngestArgs(argv, now)).toThrow(UsageError);
    expect(() => parseIngestArgs(argv, now)).toThrow(message);
  });
});
