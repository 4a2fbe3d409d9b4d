import { notFound } from "next/navigation";
import { Pagination } from "@/components/pagination";
import { PaperCard } from "@/components/paper-card";
import { countPapers } from "@/lib/papers/queries";
import { getTrendingPapers } from "@/lib/trending/get-trending-papers";
import { pageParamSchema } from "./schema";

const PAGE_SIZE = 30;

export default async function HomePage({ searchParams }: PageProps<"/">) {
  const parsed = pageParamSchema.safeParse(await searchParams);
  if (!parsed.success) notFound();
  const { page } = parsed.data;

  const [papers, total] = await Promise.all([
    // One extra row tells whether a next page exists without counting again.
    getTrendingPapers({ now: new Date(), limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE }),
    countPapers(),
  ]);
  if (page > 1 && papers.length === 0) notFound();

  return (
    <>
      <div className="mb-2 flex items-baseline justify-between">
        <h1 className="text-2xl font-bold tracking-tight">Trending papers</h1>
        <p className="text-sm text-zinc-500">{total} papers</p>
      </div>
      {papers.length === 0 ? (
        <p className="py-10 text-center text-zinc-500">No papers yet.</p>
      ) : (
        <div className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {papers.slice(0, PAGE_SIZE).map((paper, index) => (
            <PaperCard key={paper.id} rank={(page - 1) * PAGE_SIZE + index + 1} {...paper} />
          ))}
        </div>
      )}
      <Pagination page={page} hasNext={papers.length > PAGE_SIZE} href={(p) => (p === 1 ? "/" : `/?page=${p}`)} />
    </>
  );
}
