// Titles and abstracts that read, tokenise and stem like the demo corpus's
// (prisma/demo), for the synthetic corpora of the benchmarks:
//
//   abstracts  whole demo sentences, recombined across papers and perturbed (about
//              one content word in eight replaced by a word drawn with its observed
//              frequency), so common phrases ("large language models") survive and
//              word frequencies stay Zipf-like, as in the demo corpus;
//   titles     a demo title perturbed the same way, cut or extended to 6–14 words,
//              often led by an invented method name ("Qorvix: ..."), which grows the
//              vocabulary the way new papers do.
//
// Optionally (`rareWordShare`) a share of the swapped words comes from a long tail of
// invented terms drawn with P(rank) ∝ 1/rank: a real corpus's vocabulary keeps growing
// with its size (Heaps' law), the demo corpus's ~500 papers alone would not.
// Everything is drawn from the caller's seeded `random`, so a fixed seed gives a fixed text.
import type { DumpListing } from "@/lib/ingest/demo/parse-dump";

const TITLE_WORDS = { min: 6, max: 14 };
const ABSTRACT_WORDS = { min: 120, max: 250 };
/** Chance that a replaceable word of a reused sentence or title is swapped for a sampled one. */
const ABSTRACT_SWAP = 0.12;
const TITLE_SWAP = 0.3;
/** Distinct terms in the invented tail (ranks 1..RARE_TERMS). */
const RARE_TERMS = 1_000_000;

/** A sentence or title split into words once, with the positions a perturbation may swap. */
type Fragment = { words: string[]; slots: number[]; tails: string[]; capitals: boolean[] };

/** The observed material the generator draws from. */
export type TextModel = {
  titles: Fragment[];
  openingSentences: Fragment[];
  sentences: Fragment[];
  /** Every occurrence of every replaceable word: uniform picks reproduce the observed frequencies. */
  abstractWords: string[];
  titleWords: string[];
};

// A plain lower-case word (optionally followed by punctuation) may be swapped;
// acronyms, names, numbers, hyphenated and capitalised words keep the text readable.
const REPLACEABLE = /^([a-z]{4,})([,.;:]?)$/;
const TITLE_REPLACEABLE = /^([A-Za-z][a-z]{3,})([,:]?)$/;
const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[A-Z(])/;

function fragment(text: string, pattern: RegExp, pool: string[]): Fragment {
  const words = text.split(/\s+/);
  const result: Fragment = { words, slots: [], tails: [], capitals: [] };
  words.forEach((word, index) => {
    const match = pattern.exec(word);
    if (!match) return;
    result.slots.push(index);
    result.tails.push(match[2]);
    result.capitals.push(/^[A-Z]/.test(match[1]));
    pool.push(match[1].toLowerCase());
  });
  return result;
}

export function buildModel(listings: DumpListing[]): TextModel {
  const model: TextModel = { titles: [], openingSentences: [], sentences: [], abstractWords: [], titleWords: [] };
  for (const { title, abstract } of listings) {
    model.titles.push(fragment(title, TITLE_REPLACEABLE, model.titleWords));
    abstract.split(SENTENCE_SPLIT).forEach((sentence, index) => {
      const parsed = fragment(sentence, REPLACEABLE, model.abstractWords);
      // Links belong to one paper; short fragments are split artefacts ("e.g.").
      if (/https?:|github|www\./i.test(sentence) || parsed.words.length < 5) return;
      (index === 0 ? model.openingSentences : model.sentences).push(parsed);
    });
  }
  return model;
}

export const SYLLABLES = ["ka", "lo", "vi", "ra", "ze", "mo", "tri", "qu", "nex", "dar", "sol", "fen", "or", "ix", "el", "pra", "gen", "ve", "ta", "lum"];
const SUFFIXES = ["", "", "", "Net", "Former", "GPT", "Diff", "Bench", "-2", "-XL", "Fusion", "Agent"];
const CONNECTIVES = ["for", "with", "via", "in", "and", "of"];
const DANGLING = new Set(["a", "an", "the", "of", "for", "with", "via", "in", "and", "on", "to", "from", "by", "at", "is", "are", "we"]);

/** The rank-th invented term, spelled in syllables ("kalovi"): a word to the tokenizer, unique per rank. */
function rareTerm(rank: number): string {
  let word = "";
  for (let n = rank; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  // One- and two-syllable spellings are too short to pass for terms (and collide with real words).
  return word.length < 6 ? `${word}ium` : word;
}

export type TextGenerator = {
  /** An invented method name ("Qorvix", "LumaNet"). */
  methodName: () => string;
  title: (name: string | null) => string;
  abstract: (name: string | null) => string;
  /** One word drawn from the titles' vocabulary with its observed frequency. */
  titleWord: () => string;
};

export function createTextGenerator(model: TextModel, random: () => number, options: { rareWordShare?: number } = {}): TextGenerator {
  const rareWordShare = options.rareWordShare ?? 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  // (RARE_TERMS + 1)^u is log-uniform: P(rank) ∝ 1/rank, Zipf's law with s = 1.
  const sample = (pool: string[]) => (rareWordShare > 0 && random() < rareWordShare ? rareTerm(Math.floor((RARE_TERMS + 1) ** random())) : pick(pool));

  /** A copy of the fragment's words with about `chance` of its swappable words replaced by sampled ones. */
  const perturb = (source: Fragment, chance: number, pool: string[]): string[] => {
    const words = [...source.words];
    source.slots.forEach((slot, i) => {
      if (random() >= chance) return;
      const word = sample(pool);
      words[slot] = (source.capitals[i] ? word[0].toUpperCase() + word.slice(1) : word) + source.tails[i];
    });
    return words;
  };

  const methodName = () => {
    const parts = Array.from({ length: between(2, 3) }, () => pick(SYLLABLES)).join("");
    return parts[0].toUpperCase() + parts.slice(1) + pick(SUFFIXES);
  };

  const title = (name: string | null): string => {
    const target = between(TITLE_WORDS.min, TITLE_WORDS.max);
    let words = perturb(pick(model.titles), TITLE_SWAP, model.titleWords);
    // Drop the base title's own "Name:" lead when we bring our own.
    if (name && words[0]?.endsWith(":")) words = words.slice(1);
    if (name) words.unshift(`${name}:`);
    while (words.length < target) words.push(pick(CONNECTIVES), pick(model.titleWords));
    words.length = Math.min(words.length, target);
    // A cut title should not end on "of the" or a dangling colon.
    while (words.length > TITLE_WORDS.min && DANGLING.has(words[words.length - 1].toLowerCase())) words.pop();
    return words.join(" ").replace(/[:,]$/, "");
  };

  const abstract = (name: string | null): string => {
    const target = between(ABSTRACT_WORDS.min, ABSTRACT_WORDS.max);
    const words = perturb(pick(model.openingSentences), ABSTRACT_SWAP, model.abstractWords);
    if (name) {
      const sentence = perturb(pick(model.sentences), ABSTRACT_SWAP, model.abstractWords);
      sentence[0] = sentence[0].toLowerCase();
      words.push("We", "introduce", `${name},`, "where", ...sentence);
    }
    while (words.length < target) words.push(...perturb(pick(model.sentences), ABSTRACT_SWAP, model.abstractWords));
    if (words.length > ABSTRACT_WORDS.max) {
      words.length = ABSTRACT_WORDS.max;
      words[words.length - 1] = words[words.length - 1].replace(/[,;:]?$/, ".");
    }
    return words.join(" ");
  };

  return { methodName, title, abstract, titleWord: () => pick(model.titleWords) };
}
