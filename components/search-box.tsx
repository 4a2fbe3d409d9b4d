"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";

/** Nothing to subscribe to: the value only differs between the server's HTML and the hydrated page. */
const noChanges = () => () => {};

/**
 * The header's search form. A plain GET form, so it works without JavaScript;
 * the script only adds the "/" shortcut that focuses it, and the placeholder names the
 * shortcut only once it works: not on a page sent without scripts (the trending list,
 * lib/server/html-only-pages.ts) or in a browser with JavaScript off.
 */
export function SearchBox({ defaultValue = "" }: { defaultValue?: string }) {
  const input = useRef<HTMLInputElement>(null);
  // False in the server's HTML and while hydrating; true from the render after hydration,
  // by when the effect below is listening.
  const shortcutReady = useSyncExternalStore(noChanges, () => true, () => false);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "/" || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <form action="/search" method="get" role="search" className="w-full max-w-xs">
      <label htmlFor="site-search" className="sr-only">
        Search papers
      </label>
      <input
        ref={input}
        id="site-search"
        name="q"
        type="search"
        defaultValue={defaultValue}
        maxLength={256}
        placeholder={shortcutReady ? "Search papers  ( / )" : "Search papers"}
        className="w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm placeholder:text-zinc-500 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-400 dark:border-zinc-700 dark:bg-zinc-900"
      />
    </form>
  );
}
