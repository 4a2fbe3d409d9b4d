// Turns the parsed dumps into demo papers. The dumps carry no dates, authors or
// votes, so those are generated here from a fixed seed (same data on every
// machine, relative to the load time), and every paper is stored with source "demo".
import { extractLinks } from "@/lib/papers/links";
import { paperIdFor } from "@/lib/papers/paper-id";
import { titleKey } from "@/lib/papers/title-key";
import type { DumpListing } from "./parse-dump";
import { seededRandom } from "./seeded-random";

export const DEMO_SEED = 20_261_123;
export const DEMO_WINDOW_DAYS = 30;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type DemoPaper = {
  id: string;
  title: string;
  titleKey: string;
  abstract: string;
  links: string[];
  publishedAt: Date;
  /** Best (smallest) position in any dump, 0-based: earlier listings were more popular. */
  bestRank: number;
  listings: number;
};

export type DemoVote = { paperId: string; voterId: string; createdAt: Date };

/** Merges listings of the same paper (by normalised title) across dumps, keeping first-seen order. */
export function uniquePapers(dumps: DumpListing[][], now: Date): DemoPaper[] {
  const random = seededRandom(DEMO_SEED);
  const byKey = new Map<string, DemoPaper>();
  for (const dump of dumps) {
    dump.forEach((listing, rank) => {
      const key = titleKey(listing.title);
      const seen = byKey.get(key);
      if (seen) {
        seen.bestRank = Math.min(seen.bestRank, rank);
        seen.listings += 1;
        return;
      }
      const ageMs = random() * DEMO_WINDOW_DAYS * DAY_MS;
      byKey.set(key, {
        id: paperIdFor(key),
        title: listing.title,
        titleKey: key,
        abstract: listing.abstract,
        links: extractLinks(listing.abstract),
        publishedAt: new Date(now.getTime() - ageMs),
        bestRank: rank,
        listings: 1,
      });
    });
  }
  return [...byKey.values()];
}

/**
 * Vote events for each paper: more for a paper listed earlier (and in more dumps),
 * cast between its publication and `now`, bunched soon after publication as real
 * attention is.
 */
export function demoVotes(papers: DemoPaper[], now: Date): DemoVote[] {
  const random = seededRandom(DEMO_SEED + 1);
  const votes: DemoVote[] = [];
  for (const paper of papers) {
    const prominence = Math.exp(-paper.bestRank / 20);
    const count = Math.floor(1 + 60 * prominence * (0.5 + random()) + 4 * (paper.listings - 1) + 4 * random());
    const lifetimeMs = now.getTime() - paper.publishedAt.getTime();
    for (let voter = 0; voter < count; voter += 1) {
      const at = paper.publishedAt.getTime() + lifetimeMs * random() ** 2;
      votes.push({ paperId: paper.id, voterId: `demo:${voter}`, createdAt: new Date(at) });
    }
  }
  return votes;
}
