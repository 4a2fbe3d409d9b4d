// The English stem of a word, as Postgres' 'english' text search configuration makes it.
// Postgres stems with Snowball's English stemmer (Porter2); snowball-stemmers is the
// same algorithm generated from the same Snowball source, and agreed with
// ts_lexize('english_stem', word) on all 77,172 words of the 1M-paper bench corpus.
// Search marks a word of a title or abstract as a match when its stem is one of the
// query's lexemes (lib/search/mark-matches.ts), so the marks follow Postgres' matching.
import { newStemmer } from "snowball-stemmers";

const english = newStemmer("english");

// A stem costs ~5 µs; the words of abstracts recur, so stems are remembered. Bounded:
// when full it starts over, which is cheaper than tracking recency for a cache this hot.
const MAX_REMEMBERED = 50_000;
const remembered = new Map<string, string>();

/** The stem of a lower-case word. */
export function stemOf(word: string): string {
  let stem = remembered.get(word);
  if (stem === undefined) {
    stem = english.stem(word);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(word, stem);
  }
  return stem;
}

/**
 * Snowball's English stemmer rewrites a word's ending, never its first letter (its
 * exceptions included: "dying" -> "die" changes the second). So a word can only stem
 * to one of some lexemes if it starts like one of them, and most words of an abstract
 * are ruled out without being stemmed.
 */
export const STEM_KEEPS = 1;
