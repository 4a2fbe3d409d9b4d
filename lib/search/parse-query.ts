// Reads a search the way Postgres' websearch_to_tsquery will: words, "exact
// phrases", OR between alternatives, and -exclusions. The database does the real
// matching; this copy lets us reject searches that cannot match anything useful
// and find the words a "Did you mean" may correct.

export type QueryTerm = { kind: "word" | "phrase"; text: string; negated: boolean };

const TOKEN = /(-?)"([^"]*)"?|(\S+)/g;

export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = [];
  for (const match of query.matchAll(TOKEN)) {
    const [, minus, phrase, bare] = match;
    if (phrase !== undefined) {
      const text = phrase.trim();
      if (text) terms.push({ kind: "phrase", text, negated: minus === "-" });
      continue;
    }
    if (/^or$/i.test(bare)) continue; // an operator, not a term
    const negated = bare.startsWith("-");
    const text = bare.replace(/^-+/, "");
    if (/[\p{L}\p{N}]/u.test(text)) terms.push({ kind: "word", text, negated });
  }
  return terms;
}

/** True when at least one term would have to be present: exclusions alone match nothing. */
export function hasPositiveTerm(terms: QueryTerm[]): boolean {
  return terms.some((term) => !term.negated);
}

/** The terms a match must have (or, with OR, one of): all but the -exclusions. */
export function positiveTerms(query: string): QueryTerm[] {
  return parseQuery(query).filter((term) => !term.negated);
}

/** Lower-case words a spelling correction may replace (inside phrases too, never excluded ones). */
export function correctableWords(terms: QueryTerm[]): string[] {
  const words = terms
    .filter((term) => !term.negated)
    .flatMap((term) => term.text.split(/[^\p{L}\p{N}-]+/u))
    .map((word) => word.toLowerCase())
    .filter((word) => /^[a-z][a-z0-9-]{2,39}$/.test(word));
  return [...new Set(words)];
}

/** Rewrites the query with whole-word replacements, keeping quotes, OR and minus signs. */
export function replaceWords(query: string, replacements: Map<string, string>): string {
  return query.replace(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu, (word) => replacements.get(word.toLowerCase()) ?? word);
}
