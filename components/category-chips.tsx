import Link from "next/link";
import { env } from "@/lib/env";
import { categoryName } from "@/lib/papers/categories";
import { hasPapersInCategories } from "@/lib/papers/queries";

type CategoryChipsProps = {
  current?: string;
  /** The list's URL for a category (undefined: all categories). */
  href: (category?: string) => string;
};

/**
 * Narrows a list to one arXiv category: plain links, so it works without JavaScript.
 * Hidden while no paper is in any offered category (the demo corpus has none): every filter would be empty.
 */
export async function CategoryChips({ current, href }: CategoryChipsProps) {
  const categories = current && !env.ARXIV_CATEGORIES.includes(current) ? [...env.ARXIV_CATEGORIES, current] : env.ARXIV_CATEGORIES;
  if (!current && !(await hasPapersInCategories(categories))) return null;
  const chip = (active: boolean) =>
    `rounded-full border px-2.5 py-0.5 text-xs ${
      active
        ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
        : "border-zinc-300 text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-900"
    }`;
  return (
    <nav aria-label="Category" className="mb-4 flex flex-wrap gap-1.5">
      <Link href={href(undefined)} className={chip(!current)} aria-current={!current ? "page" : undefined}>
        All
      </Link>
      {categories.map((category) => (
        <Link
          key={category}
          href={href(category)}
          className={chip(category === current)}
          aria-current={category === current ? "page" : undefined}
          title={categoryName(category)}
        >
          {category}
        </Link>
      ))}
    </nav>
  );
}
