import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segmentsToText, type Segment } from "@/lib/search/highlight";
import { markMatches } from "@/lib/search/mark-matches";
import { PASSAGE_SEPARATOR, PASSAGE_WORDS, TWO_PASSAGE_WORDS, snippetOf } from "@/lib/search/snippet";
import { stemOf } from "@/lib/search/stem";

const marked = (segments: Segment[]) => segments.filter((segment) => segment.match).map((segment) => segment.text);
const wordCount = (text: string) => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
const filler = (count: number, word = "filler") => Array.from({ length: count }, (_, index) => `${word}${index}`).join(" ");

describe("snippetOf", () => {
  it("shows a short abstract whole, its punctuation included", () => {
    const segments = snippetOf("Knowledge distillation into small networks.", ["distil"], 1);
    expect(segmentsToText(segments)).toBe("Knowledge distillation into small networks.");
    expect(marked(segments)).toEqual(["distillation"]);
  });

  it("shows one passage of PASSAGE_WORDS words around the first match, starting a few words before it", () => {
    const text = `${filler(60)} the gazelle ran ${filler(60, "after")}.`;
    const snippet = segmentsToText(snippetOf(text, ["gazell"], 1));
    expect(wordCount(snippet)).toBe(PASSAGE_WORDS);
    expect(snippet).toMatch(/^filler57 filler58 filler59 the gazelle ran after0 /);
    expect(snippet).not.toContain(PASSAGE_SEPARATOR);
  });

  it("prefers the passage holding more of the query's words, then more matches", () => {
    const text = `ibex ${filler(40)} ibex lynx ibex ${filler(40)} lynx`;
    const segments = snippetOf(text, ["ibex", "lynx"], 1);
    expect(marked(segments)).toEqual(["ibex", "lynx", "ibex"]);
  });

  it("shows two passages when the query's words are far apart, each around its words", () => {
    const text = `Ibex ${filler(80)} and a lynx ${filler(80)} ibex.`;
    const snippet = snippetOf(text, ["ibex", "lynx"], 2);
    const [first, second] = segmentsToText(snippet).split(PASSAGE_SEPARATOR);
    expect(wordCount(first)).toBe(TWO_PASSAGE_WORDS);
    expect(first.startsWith("Ibex filler0")).toBe(true);
    expect(second.startsWith("filler78 filler79 and a lynx")).toBe(true);
    expect(new Set(marked(snippet))).toEqual(new Set(["Ibex", "lynx"]));
  });

  it("shows one passage of several words when it holds them all, and one for a one-word search", () => {
    const text = `${filler(50)} ibex and lynx ${filler(50)} ibex`;
    expect(segmentsToText(snippetOf(text, ["ibex", "lynx"], 2))).not.toContain(PASSAGE_SEPARATOR);
    expect(segmentsToText(snippetOf(`ibex ${filler(80)} ibex`, ["ibex"], 1))).not.toContain(PASSAGE_SEPARATOR);
  });

  it("joins windows that meet into one passage", () => {
    // The second window (around "lynx") starts inside the first: one passage, no separator.
    const text = `ibex ${filler(20)} lynx ${filler(80)}`;
    const snippet = segmentsToText(snippetOf(text, ["ibex", "lynx"], 2));
    expect(snippet).not.toContain(PASSAGE_SEPARATOR);
    expect(snippet.startsWith("ibex filler0")).toBe(true);
  });

  it("shows the abstract's start when only the title matched", () => {
    const text = `${filler(60)}.`;
    const segments = snippetOf(text, ["zebra"], 1);
    expect(marked(segments)).toEqual([]);
    expect(segmentsToText(segments).startsWith("filler0 filler1")).toBe(true);
    expect(wordCount(segmentsToText(segments))).toBe(PASSAGE_WORDS);
  });
});

describe("snippetOf and markMatches, for any text", () => {
  // Words that stem alike ("model", "models", "modelling"), words that only start alike,
  // markup, sentinel-like characters and non-ASCII letters.
  const pieces = fc.constantFrom("model", "Models", "modelling", "mode", "ibex", "lynx", "the", "<b>", "&", "\u27E6", "é", "İstanbul", "-", ".", " ", " ", " ");
  const text = fc.array(pieces, { maxLength: 300 }).map((parts) => parts.join(""));
  const lexemes = fc.subarray(["model", "ibex", "lynx", "istanbul"]);

  it("keeps the text as written: markMatches gives it back whole, snippetOf gives back pieces of it", () => {
    fc.assert(
      fc.property(text, lexemes, fc.constantFrom<1 | 2>(1, 2), (text, lexemes, passages) => {
        expect(segmentsToText(markMatches(text, lexemes))).toBe(text);
        for (const passage of segmentsToText(snippetOf(text, lexemes, passages)).split(PASSAGE_SEPARATOR)) {
          expect(text).toContain(passage);
        }
      }),
    );
  });

  it("marks whole words whose stem is one of the lexemes, and nothing else", () => {
    fc.assert(
      fc.property(text, lexemes, (text, lexemes) => {
        for (const segment of markMatches(text, lexemes)) {
          if (segment.match) expect(lexemes).toContain(stemOf(segment.text.toLowerCase()));
          else for (const [word] of segment.text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) expect(lexemes).not.toContain(stemOf(word.toLowerCase()));
        }
      }),
    );
  });
});
