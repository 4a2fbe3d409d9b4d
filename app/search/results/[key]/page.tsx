import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { searchOfKey, type SearchPageParams } from "@/lib/search/cached-page-path";
import { searchPageMetadata } from "@/lib/search/search-page";
import { ResultsFor } from "../../results-for";
import { searchPageSchema } from "../../schema";

// A valid search asked again, `/search?q=…`, which proxy.ts rewrites to this path (the key
// is its canonical query; lib/search/cached-page-path.ts and repeated-searches.ts say why).
// Rendered on its first request here, then served from Next's cache, as the trending list
// is: a vote or an ingest expires every search page (lib/cache/invalidate.ts), and each is
// rendered afresh at most every 60 s whatever happens (CACHE_BOUND_SECONDS; route segment
// config must be a literal).
export const revalidate = 60;
// Rendered once for everyone: cookies and headers read as empty here.
export const dynamic = "force-static";
/** No search is rendered at build time; each on its first request. */
export function generateStaticParams() {
  return [];
}

type Props = PageProps<"/search/results/[key]">;

/** The search the key names; null (a 404) for a key that is not the canonical spelling of a valid search. */
async function searchOf({ params }: Props): Promise<SearchPageParams | null> {
  return searchOfKey((await params).key, searchPageSchema);
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const search = await searchOf(props);
  return search ? searchPageMetadata(search) : { title: "Search" };
}

export default async function CachedSearchPage(props: Props) {
  const search = await searchOf(props);
  if (!search) notFound();
  return <ResultsFor params={search} />;
}
