// Normalised title used to de-duplicate papers, so that the same paper seen on
// several listing pages, or as an arXiv record, collapses to one key despite
// differences in case, punctuation, dashes, quotes and whitespace.
export function titleKey(title: string): string {
  return (
    title
      // NFKC folds compatibility forms: ligatures ("ﬁ"), full-width letters,
      // non-breaking spaces, and composes "e" + U+0301 into "é".
      .normalize("NFKC")
      .toLowerCase()
      // Everything that is not a letter, combining mark or digit separates words.
      // Marks are kept so scripts that need them (e.g. Devanagari) are not split.
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, " ")
      .trim()
  );
}
