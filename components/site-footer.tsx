import { SubscribeForm } from "./subscribe-form";

export function SiteFooter() {
  return (
    <footer className="mx-auto max-w-3xl border-t border-zinc-200 px-4 pb-10 pt-6 dark:border-zinc-800">
      <h2 className="text-sm font-semibold">Get trending papers in your inbox, once a day</h2>
      <div className="mt-2">
        <SubscribeForm idPrefix="footer" />
      </div>
      <p className="mt-4 text-xs text-zinc-600 dark:text-zinc-400">Paperboy: trending research papers, searchable, delivered daily.</p>
    </footer>
  );
}
