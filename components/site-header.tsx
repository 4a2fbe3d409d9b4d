import Link from "next/link";
import { SearchBox } from "./search-box";

const navLink = "hover:text-zinc-900 dark:hover:text-zinc-100";

/**
 * The same for everyone, signed in or not: reading the session here would render every page
 * per request, the cached trending list too. /settings sends a signed-out visitor to /sign-in.
 */
export function SiteHeader() {
  return (
    <header className="border-b border-zinc-200 dark:border-zinc-800">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold tracking-tight">
          Paperboy
        </Link>
        <nav aria-label="Main" className="flex gap-4 text-sm text-zinc-600 dark:text-zinc-400">
          <Link href="/" className={navLink}>
            Trending
          </Link>
          <Link href="/date" className={navLink}>
            Daily
          </Link>
          <Link href="/about" className={navLink}>
            About
          </Link>
          <Link href="/settings" className={navLink}>
            Account
          </Link>
        </nav>
        <div className="ml-auto flex w-full justify-end sm:w-auto sm:flex-1">
          <SearchBox />
        </div>
      </div>
    </header>
  );
}
