// A search result's snippet: the passage of its abstract around the query's words.
// Chosen here from the words' matches (lib/search/mark-matches.ts), as ts_headline did in
// the database with MaxWords=28 and, for several words, MaxFragments=2.
import type { Segment } from "./highlight";
import { markWords, wordsOf, type Word } from "./mark-matches";

/** Words in a passage when one is shown. */
export const PASSAGE_WORDS = 28;
/** Words in each passage when two are shown. */
export const TWO_PASSAGE_WORDS = 18;
/** Words kept before a passage's first match, so that it reads as part of a sentence. */
const LEAD_WORDS = 4;
export const PASSAGE_SEPARATOR = " … ";

/** Words [from, to) of a text. */
type Window = { from: number; to: number };

/**
 * One passage for a one-word search. For several words, up to two, so that words far
 * apart in the abstract each show: the second is the best window for the words the
 * first one lacks. A short abstract is shown whole.
 */
export function snippetOf(text: string, lexemes: readonly string[], passages: 1 | 2): Segment[] {
  const words = wordsOf(text, lexemes);
  if (words.length <= PASSAGE_WORDS) return markWords(text, words);
  const present = lexemesIn(words, { from: 0, to: words.length });

  const one = bestWindow(words, PASSAGE_WORDS, present);
  if (passages === 1 || lexemesIn(words, one).size === present.size) return passageOf(text, words, one);

  const first = bestWindow(words, TWO_PASSAGE_WORDS, present);
  const found = lexemesIn(words, first);
  const missing = new Set([...present].filter((lexeme) => !found.has(lexeme)));
  const second = bestWindow(words, TWO_PASSAGE_WORDS, missing);
  const [earlier, later] = first.from <= second.from ? [first, second] : [second, first];
  // Windows that meet are one passage.
  if (later.from <= earlier.to) return passageOf(text, words, { from: earlier.from, to: Math.max(earlier.to, later.to) });
  return joinPassages(passageOf(text, words, earlier), passageOf(text, words, later));
}

/**
 * The window of `size` words holding most of the `wanted` lexemes, then most matches,
 * the earliest of equals. Windows start LEAD_WORDS before a match of a wanted lexeme
 * (or at the start, when none matches).
 */
function bestWindow(words: readonly Word[], size: number, wanted: ReadonlySet<string>): Window {
  let best: Window = { from: 0, to: Math.min(size, words.length) };
  let bestScore = [-1, -1];
  for (const [index, word] of words.entries()) {
    if (!word.lexeme || !wanted.has(word.lexeme)) continue;
    const from = Math.max(0, Math.min(index - LEAD_WORDS, words.length - size));
    const window = { from, to: from + size };
    const lexemes = lexemesIn(words, window);
    const score = [[...wanted].filter((lexeme) => lexemes.has(lexeme)).length, countMatches(words, window)];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      best = window;
      bestScore = score;
    }
  }
  return best;
}

function lexemesIn(words: readonly Word[], { from, to }: Window): Set<string> {
  return new Set(words.slice(from, to).flatMap((word) => (word.lexeme ? [word.lexeme] : [])));
}

function countMatches(words: readonly Word[], { from, to }: Window): number {
  return words.slice(from, to).filter((word) => word.lexeme).length;
}

/** The text of a window, from its first word to its last (to the text's ends when it reaches them). */
function passageOf(text: string, words: readonly Word[], { from, to }: Window): Segment[] {
  const start = from === 0 ? 0 : words[from].start;
  const end = to >= words.length ? text.length : words[to - 1].end;
  return markWords(text, words, start, end);
}

function joinPassages(earlier: Segment[], later: Segment[]): Segment[] {
  return [...earlier, { text: PASSAGE_SEPARATOR, match: false }, ...later].reduce<Segment[]>((joined, segment) => {
    const last = joined.at(-1);
    if (last && !last.match && !segment.match) joined[joined.length - 1] = { text: last.text + segment.text, match: false };
    else joined.push(segment);
    return joined;
  }, []);
}
