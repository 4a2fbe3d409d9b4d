// Which words of a title or abstract match a search, as segments (lib/search/highlight.ts).
// Found here, in Node, not by Postgres' ts_headline: ts_headline parses each abstract
// whole again (~130 µs each, half of a search's time in the database at 1M papers).
// A word matches when its stem is one of the query's lexemes, as Postgres stems them.
import type { Segment } from "./highlight";
import { STEM_KEEPS, stemOf } from "./stem";

/** A word of a text: where it is, and whether it matches the query. */
export type Word = { start: number; end: number; lexeme: string | null };

// Postgres' parser splits words at anything but letters and digits (hyphens and
// apostrophes too, for the parts it indexes), so a match is always one such run.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of `text`, each with the query lexeme it matches, if any. */
export function wordsOf(text: string, lexemes: readonly string[]): Word[] {
  const wanted = new Set(lexemes);
  const beginnings = new Set(lexemes.map((lexeme) => lexeme.slice(0, STEM_KEEPS)));
  const words: Word[] = [];
  for (const found of text.matchAll(WORD)) {
    const word = found[0];
    // Most words are ruled out by how they start, before being lower-cased or stemmed.
    const stem = beginnings.has(word.slice(0, STEM_KEEPS).toLowerCase()) ? stemOf(word.toLowerCase()) : null;
    words.push({ start: found.index, end: found.index + word.length, lexeme: stem !== null && wanted.has(stem) ? stem : null });
  }
  return words;
}

/** `text[from, to)` as segments, its matching words marked. */
export function markWords(text: string, words: readonly Word[], from = 0, to = text.length): Segment[] {
  const segments: Segment[] = [];
  let at = from;
  for (const word of words) {
    if (!word.lexeme || word.start < from || word.end > to) continue;
    if (word.start > at) segments.push({ text: text.slice(at, word.start), match: false });
    segments.push({ text: text.slice(word.start, word.end), match: true });
    at = word.end;
  }
  if (to > at) segments.push({ text: text.slice(at, to), match: false });
  return segments;
}

/** The whole of `text` with every word matching one of `lexemes` marked (titles). */
export function markMatches(text: string, lexemes: readonly string[]): Segment[] {
  return markWords(text, wordsOf(text, lexemes));
}
