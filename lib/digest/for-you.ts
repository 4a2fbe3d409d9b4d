import "server-only";
import { db } from "@/lib/db";
import { SearchInputError, searchPapers } from "@/lib/search/search-papers";
import { lruCache } from "./lru-cache";

/** At most this many papers in a "For you" section. */
export const FOR_YOU_SIZE = 5;
/** "Recent": papers published in the last week. */
const RECENT_DAYS = 7;
const MATCHES_PER_KEYWORD = 20;

/** `exclude`: papers not to offer this recipient (the edition's, when their mail shows it). */
export type ForYouRecipient = { subscriberId: string; keywords: string[]; exclude: string[] };

/** A keyword's recent matches, best first. */
export type KeywordMatches = (keyword: string) => Promise<string[]>;

/** Distinct keywords a run remembers the matches of (a few KB each). */
const REMEMBERED_KEYWORDS = 10_000;

/**
 * Matches as of `now`, each keyword searched once per run however many batches and
 * subscribers follow it (the index does not change what a run sends halfway through).
 */
export function keywordMatcher(now: Date): KeywordMatches {
  const from = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
  const remembered = lruCache<Promise<string[]>>(REMEMBERED_KEYWORDS);
  return (keyword) => {
    const known = remembered.get(keyword);
    if (known) return known;
    const matches = matchesFor(keyword, from, now);
    remembered.set(keyword, matches);
    return matches;
  };
}

/**
 * Each recipient's "For you" paper ids: recent papers matching any of their
 * keywords through the search index, best matches first, leaving out the edition's
 * own papers and anything already sent to them in an earlier "For you".
 * One search per distinct keyword (`matches` remembers them) and one query per batch
 * for what was already sent, never one query per subscriber.
 */
export async function forYouPaperIds(recipients: ForYouRecipient[], matches: KeywordMatches): Promise<Map<string, string[]>> {
  const matchesByKeyword = new Map<string, string[]>();
  for (const keyword of new Set(recipients.flatMap((r) => r.keywords))) {
    matchesByKeyword.set(keyword, await matches(keyword));
  }

  const alreadySent = await db.forYouSent.findMany({
    where: { subscriberId: { in: recipients.map((r) => r.subscriberId) } },
    select: { subscriberId: true, paperId: true },
  });
  const sentTo = new Map<string, Set<string>>();
  for (const { subscriberId, paperId } of alreadySent) {
    if (!sentTo.has(subscriberId)) sentTo.set(subscriberId, new Set());
    sentTo.get(subscriberId)!.add(paperId);
  }

  return new Map(
    recipients.map((recipient) => {
      const excluded = new Set(recipient.exclude);
      const seen = sentTo.get(recipient.subscriberId) ?? new Set<string>();
      const ids: string[] = [];
      // Round-robin over the keywords, so one broad keyword can't crowd out the others.
      const lists = recipient.keywords.map((k) => matchesByKeyword.get(k) ?? []);
      for (let rank = 0; ids.length < FOR_YOU_SIZE && lists.some((list) => rank < list.length); rank += 1) {
        for (const list of lists) {
          const id = list[rank];
          if (id && !excluded.has(id) && !seen.has(id) && !ids.includes(id) && ids.length < FOR_YOU_SIZE) ids.push(id);
        }
      }
      return [recipient.subscriberId, ids];
    }),
  );
}

async function matchesFor(keyword: string, from: string, now: Date): Promise<string[]> {
  try {
    const result = await searchPapers({ q: keyword, sort: "relevance", from, limit: MATCHES_PER_KEYWORD, offset: 0, now });
    // A corrected search is a guess: a followed keyword should match what it says.
    return result.correctedFrom ? [] : result.hits.map((hit) => hit.id);
  } catch (error) {
    if (error instanceof SearchInputError) return [];
    throw error;
  }
}
