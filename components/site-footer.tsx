export function SiteFooter() {
  return (
    <footer className="mx-auto max-w-3xl px-4 pb-10 pt-4 text-xs text-zinc-600 dark:text-zinc-400">
      Paperboy: trending research papers, searchable, delivered daily.
    </footer>
  );
}
