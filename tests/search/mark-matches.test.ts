import { describe, expect, it } from "vitest";
import { segmentsToText } from "@/lib/search/highlight";
import { markMatches, wordsOf } from "@/lib/search/mark-matches";

describe("markMatches", () => {
  it("marks every word whose English stem is one of the lexemes, whatever its form or case", () => {
    // "distil", "models": the lexemes Postgres makes of "distilling models".
    expect(markMatches("We distilled Large MODELS into a model.", ["distil", "model"])).toEqual([
      { text: "We ", match: false },
      { text: "distilled", match: true },
      { text: " Large ", match: false },
      { text: "MODELS", match: true },
      { text: " into a ", match: false },
      { text: "model", match: true },
      { text: ".", match: false },
    ]);
  });

  it("marks the parts of hyphenated words and leaves words that only start alike", () => {
    expect(markMatches("Self-supervised selfish modelling", ["self", "supervis"])).toEqual([
      { text: "Self", match: true },
      { text: "-", match: false },
      { text: "supervised", match: true },
      { text: " selfish modelling", match: false },
    ]);
  });

  it("keeps the text exactly as written, markup and sentinel-like characters included", () => {
    const text = `\u27E6forged\u27E7 <b>gazelle</b> & "x"`;
    const segments = markMatches(text, ["gazell"]);
    expect(segmentsToText(segments)).toBe(text);
    expect(segments.filter((segment) => segment.match).map((segment) => segment.text)).toEqual(["gazelle"]);
  });

  it("returns the text unmarked when nothing matches, and nothing for no text", () => {
    expect(markMatches("no matches", ["zebra"])).toEqual([{ text: "no matches", match: false }]);
    expect(markMatches("", ["zebra"])).toEqual([]);
  });
});

describe("wordsOf", () => {
  it("splits at everything but letters and digits, as Postgres' parser does", () => {
    const text = "GPT-4's ünïcode, x2";
    expect(wordsOf(text, []).map(({ start, end }) => text.slice(start, end))).toEqual(["GPT", "4", "s", "ünïcode", "x2"]);
  });
});
