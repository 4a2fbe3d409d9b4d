import { describe, expect, it } from "vitest";
import { correctableWords, hasPositiveTerm, parseQuery, replaceWords } from "@/lib/search/parse-query";

describe("parseQuery", () => {
  it("reads bare words", () => {
    expect(parseQuery("contrastive  loss")).toEqual([
      { kind: "word", text: "contrastive", negated: false },
      { kind: "word", text: "loss", negated: false },
    ]);
  });

  it('reads "exact phrases", trimmed, and an unbalanced quote as a phrase to the end', () => {
    expect(parseQuery('"  diffusion models " survey')).toEqual([
      { kind: "phrase", text: "diffusion models", negated: false },
      { kind: "word", text: "survey", negated: false },
    ]);
    expect(parseQuery('survey "diffusion models')).toEqual([
      { kind: "word", text: "survey", negated: false },
      { kind: "phrase", text: "diffusion models", negated: false },
    ]);
    expect(parseQuery('""')).toEqual([]);
  });

  it("skips OR in any case: an operator, not a term", () => {
    expect(parseQuery("vision OR language or speech").map((term) => term.text)).toEqual(["vision", "language", "speech"]);
  });

  it('reads -word and -"phrase" as exclusions', () => {
    expect(parseQuery('transformers -vision -"image classification"')).toEqual([
      { kind: "word", text: "transformers", negated: false },
      { kind: "word", text: "vision", negated: true },
      { kind: "phrase", text: "image classification", negated: true },
    ]);
    expect(hasPositiveTerm(parseQuery("-vision"))).toBe(false);
    expect(hasPositiveTerm(parseQuery('-"image classification" -vision'))).toBe(false);
    expect(hasPositiveTerm(parseQuery("cats -vision"))).toBe(true);
  });

  it("drops junk with no letter or digit", () => {
    expect(parseQuery("!!! --- ??? -")).toEqual([]);
    expect(hasPositiveTerm(parseQuery("!!! ---"))).toBe(false);
    expect(parseQuery("gpt-4 !!!")).toEqual([{ kind: "word", text: "gpt-4", negated: false }]);
  });
});

describe("correctableWords", () => {
  it("lists lower-case words from words and phrases, once each, never excluded ones", () => {
    expect(correctableWords(parseQuery('Contrastiv "contrastiv LOSS" -trasnformer OR gpt-4'))).toEqual(["contrastiv", "loss", "gpt-4"]);
  });

  it("leaves out words too short or not starting with a letter", () => {
    expect(correctableWords(parseQuery("an 3d x2 ab abc"))).toEqual(["abc"]);
  });
});

describe("replaceWords", () => {
  it("replaces whole words only, case-insensitively, keeping quotes, OR and minus signs", () => {
    const replacements = new Map([
      ["contrastiv", "contrastive"],
      ["los", "loss"],
    ]);
    expect(replaceWords('"Contrastiv los" OR contrastiving -foo', replacements)).toBe('"contrastive loss" OR contrastiving -foo');
  });

  it("returns the query unchanged when nothing matches", () => {
    expect(replaceWords('a "b c" -d', new Map([["x", "y"]]))).toBe('a "b c" -d');
  });
});
