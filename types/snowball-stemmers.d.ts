// snowball-stemmers ships no types; this is the part lib/search/stem.ts uses.
declare module "snowball-stemmers" {
  export function newStemmer(language: string): { stem(word: string): string };
  export function algorithms(): string[];
}
