import type { Metadata } from "next";
import { SearchNotice } from "@/components/search-results";
import { firstIssue } from "@/lib/search/schema";
import { searchPageMetadata } from "@/lib/search/search-page";
import { ResultsFor } from "./results-for";
import { firstValues, searchPageSchema } from "./schema";

// /search, rendered per request: without a search, with an invalid one, and a search's
// first request. proxy.ts rewrites a search asked again to its cached page, results/[key]
// (lib/search/cached-page-path.ts, repeated-searches.ts).

export async function generateMetadata({ searchParams }: PageProps<"/search">): Promise<Metadata> {
  const parsed = searchPageSchema.safeParse(firstValues(await searchParams));
  return parsed.success ? searchPageMetadata(parsed.data) : { title: "Search" };
}

export default async function SearchPage({ searchParams }: PageProps<"/search">) {
  const raw = firstValues(await searchParams);
  if (raw.q === undefined) {
    return <SearchNotice>Search titles and abstracts: words, &quot;exact phrases&quot;, OR, and -word to exclude. Press / to jump to the search box.</SearchNotice>;
  }
  const parsed = searchPageSchema.safeParse(raw);
  if (!parsed.success) return <SearchNotice>{firstIssue(parsed.error)}</SearchNotice>;
  return <ResultsFor params={parsed.data} />;
}
