import "server-only";
import { db } from "@/lib/db";
import type { Segment } from "./highlight";
import { markMatches } from "./mark-matches";
import { hasPositiveTerm, parseQuery, positiveTerms } from "./parse-query";
import { MAX_RESULTS } from "./schema";
import { searchPageSql, type SearchPageOptions, type SearchPageRow } from "./search-statement";
import { snippetOf } from "./snippet";
import { suggestCorrection } from "./suggest";

export type SearchHit = {
  id: string;
  title: Segment[];
  snippet: Segment[];
  authors: string[];
  publishedAt: Date;
  votes: number;
};

export type SearchResult = {
  /** The query that produced `hits`: the corrected one when the original found nothing. */
  query: string;
  /** Matches found; a lower bound when `capped`. */
  total: number;
  /** More papers match than search ranks (MAX_RESULTS, the newest matches): show "1,000+". */
  capped: boolean;
  hits: SearchHit[];
  /** A corrected query when the original found little or nothing. */
  suggestion?: string;
  /** Set when `hits` are for the suggestion because the original found nothing. */
  correctedFrom?: string;
};

export type SearchOptions = SearchPageOptions;

/** A search that cannot run as typed; the message is written for the person who typed it. */
export class SearchInputError extends Error {
  override name = "SearchInputError";
}

/**
 * Whether `error` is a SearchInputError, by its name: Next bundles a copy of this module
 * per route, and the search cache, shared by them all (cached-search.ts), may hand a
 * route the error another route's copy threw, which `instanceof` would not recognise.
 */
export function isSearchInputError(error: unknown): error is SearchInputError {
  return error instanceof Error && error.name === "SearchInputError";
}

/** Fewer results than this and we look for a spelling correction. */
const FEW_RESULTS = 3;

export async function searchPapers(options: SearchOptions): Promise<SearchResult> {
  if (!hasPositiveTerm(parseQuery(options.q))) {
    throw new SearchInputError("Add at least one word to search for: exclusions (-word) alone match nothing.");
  }
  const result = await runSearch(options);
  if (result.total >= FEW_RESULTS) return result;

  const suggestion = await suggestCorrection(options.q);
  if (!suggestion) return result;
  if (result.total > 0) return { ...result, suggestion };
  const corrected = await runSearch({ ...options, q: suggestion });
  return { ...corrected, suggestion, correctedFrom: options.q };
}

async function runSearch(options: SearchOptions): Promise<SearchResult> {
  const rows = await db.$queryRaw<SearchPageRow[]>(searchPageSql(options));
  const { usable, lexemes, found } = rows[0];
  if (!usable) {
    throw new SearchInputError("That search has only very common words, which search ignores. Try more specific words.");
  }
  // Several words: up to two passages, so that words far apart each show.
  const passages = positiveTerms(options.q).length > 1 ? 2 : 1;
  return {
    query: options.q,
    total: found,
    capped: found >= MAX_RESULTS,
    hits: rows
      .filter((row) => row.id !== null)
      .map((row) => ({
        id: row.id,
        title: markMatches(row.title, lexemes),
        snippet: snippetOf(row.abstract, lexemes, passages),
        authors: row.authors,
        publishedAt: row.published_at,
        votes: row.votes,
      })),
  };
}
