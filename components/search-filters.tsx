import { categoryName } from "@/lib/papers/categories";
import { SEARCH_SORTS, type SearchSort } from "@/lib/search/schema";

type SearchFiltersProps = {
  q: string;
  sort: SearchSort;
  from?: string;
  to?: string;
  category?: string;
  /** The categories offered (the configured ones); the current one is added if missing. */
  categories: string[];
};

const SORT_LABELS: Record<SearchSort, string> = { relevance: "Relevance", newest: "Newest", trending: "Trending" };
const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Sort and date range: a GET form, so it works without JavaScript and the state lives in the URL. */
export function SearchFilters({ q, sort, from, to, category, categories }: SearchFiltersProps) {
  const offered = category && !categories.includes(category) ? [...categories, category] : categories;
  return (
    <form action="/search" method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Search options">
      <input type="hidden" name="q" value={q} />
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-600 dark:text-zinc-400">Sort by</span>
        <select name="sort" defaultValue={sort} className={field}>
          {SEARCH_SORTS.map((value) => (
            <option key={value} value={value}>
              {SORT_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-600 dark:text-zinc-400">Category</span>
        <select name="category" defaultValue={category ?? ""} className={field}>
          <option value="">All categories</option>
          {offered.map((value) => (
            <option key={value} value={value}>
              {value} · {categoryName(value)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-600 dark:text-zinc-400">Published from</span>
        <input type="date" name="from" defaultValue={from} className={field} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-zinc-600 dark:text-zinc-400">to</span>
        <input type="date" name="to" defaultValue={to} className={field} />
      </label>
      <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900">
        Apply
      </button>
    </form>
  );
}
