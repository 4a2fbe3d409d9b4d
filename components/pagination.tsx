import Link from "next/link";

type PaginationProps = { page: number; hasNext: boolean; href: (page: number) => string };

export function Pagination({ page, hasNext, href }: PaginationProps) {
  const linkClass = "rounded-md border border-zinc-300 px-3 py-1.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";
  return (
    <nav aria-label="Pagination" className="mt-6 flex justify-between text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className={linkClass} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span />
      )}
      {hasNext ? (
        <Link href={href(page + 1)} className={linkClass} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
