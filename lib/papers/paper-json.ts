// The public JSON shape of a paper, shared by every JSON route (search, trending,
// daily lists) so a paper looks the same wherever a client meets it.
import { segmentsToHtml, segmentsToText } from "@/lib/search/highlight";
import type { SearchHit } from "@/lib/search/search-papers";

/** The paper's page, absolute: `baseUrl` comes from siteUrl(request). */
export function paperUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/papers/${encodeURIComponent(id)}`;
}

/** What every paper list knows about a paper, with its whole abstract (lib/papers/abstracts.ts). */
export type ListedPaper = { id: string; title: string; abstract: string; authors: string[]; publishedAt: Date; votes: number };

export type PaperJson = {
  id: string;
  title: string;
  /** The whole abstract, plain text. */
  abstract: string;
  authors: string[];
  /** ISO 8601 timestamp, UTC. */
  publishedAt: string;
  votes: number;
  url: string;
};

export function paperJson(paper: ListedPaper, baseUrl: string): PaperJson {
  return {
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors,
    publishedAt: paper.publishedAt.toISOString(),
    votes: paper.votes,
    url: paperUrl(baseUrl, paper.id),
  };
}

export type TrendingPaperJson = PaperJson & { votesInPeriod: number; score: number };

export function trendingPaperJson(paper: ListedPaper & { votesInPeriod: number; score: number }, baseUrl: string): TrendingPaperJson {
  return { ...paperJson(paper, baseUrl), votesInPeriod: paper.votesInPeriod, score: paper.score };
}

export type SearchHitJson = {
  id: string;
  /** Plain text. */
  title: string;
  /** HTML: matches in <mark>, every other character escaped. */
  snippet: string;
  authors: string[];
  publishedAt: string;
  votes: number;
  url: string;
};

export function searchHitJson(hit: SearchHit, baseUrl: string): SearchHitJson {
  return {
    id: hit.id,
    title: segmentsToText(hit.title),
    snippet: segmentsToHtml(hit.snippet),
    authors: hit.authors,
    publishedAt: hit.publishedAt.toISOString(),
    votes: hit.votes,
    url: paperUrl(baseUrl, hit.id),
  };
}
