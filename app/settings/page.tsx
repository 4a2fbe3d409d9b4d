import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { signOutAction } from "@/app/sign-in/actions";
import { currentUser } from "@/lib/auth/session";
import { searchFeedPath, searchPagePath } from "@/lib/feeds/urls";
import { getSettings } from "@/lib/subscribers/preferences";
import { votedPapers } from "@/lib/votes/toggle-vote";
import { addKeywordAction, deleteAccountAction, removeKeywordAction, savePreferencesAction } from "./actions";

export const metadata: Metadata = { title: "Settings", robots: { index: false } };

const MESSAGES: Record<string, string> = {
  saved: "Saved.",
  preferences: "Those preferences are not valid.",
  keyword: "A keyword must be a search of 1 to 256 characters.",
  "too-many": "You can follow at most 20 keywords.",
  "confirm-delete": 'Type "delete" to confirm deleting your account.',
};

const box = "rounded-md border border-zinc-200 p-4 dark:border-zinc-800";
const button = "rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";
const input = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function SettingsPage({ searchParams }: PageProps<"/settings">) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const [settings, votes, params] = await Promise.all([getSettings(user.id), votedPapers(user.id), searchParams]);
  if (!settings) redirect("/sign-in");
  const message = typeof params.status === "string" ? MESSAGES[params.status] : typeof params.error === "string" ? MESSAGES[params.error] : null;
  const receiving = settings.digestEnabled && !settings.unsubscribedAt && settings.confirmedAt;

  return (
    <div className="space-y-6">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
        <form action={signOutAction}>
          <button type="submit" className={button}>Sign out</button>
        </form>
      </div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Signed in as <strong>{settings.email}</strong>. {receiving ? "You receive the digest." : "You do not receive the digest."}
      </p>
      {message ? <p role="status" className="rounded-md bg-zinc-100 p-2 text-sm dark:bg-zinc-900">{message}</p> : null}

      <section className={box} aria-labelledby="digest-heading">
        <h2 id="digest-heading" className="font-semibold">Digest</h2>
        <form action={savePreferencesAction} className="mt-3 grid gap-3 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" name="digestEnabled" defaultChecked={settings.digestEnabled && !settings.unsubscribedAt} /> Send me the digest
          </label>
          <label className="flex items-center gap-2">
            How often
            <select name="frequency" defaultValue={settings.frequency} className={input}>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly (Mondays)</option>
            </select>
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="skipWeekends" defaultChecked={settings.skipWeekends} /> Skip weekends
          </label>
          <label className="flex items-center gap-2">
            Keywords
            <select name="keywordMode" defaultValue={settings.keywordMode} className={input}>
              <option value="boost">add a “For you” section</option>
              <option value="filter">filter the digest to my keywords</option>
            </select>
          </label>
          <div><button type="submit" className={button}>Save</button></div>
        </form>
      </section>

      <section className={box} aria-labelledby="keywords-heading">
        <h2 id="keywords-heading" className="font-semibold">Followed keywords</h2>
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">Each is a saved search: words, &quot;phrases&quot;, OR, -exclusions.</p>
        <ul className="mt-3 space-y-2 text-sm">
          {settings.keywords.map((keyword) => {
            const filters = { q: keyword.query, sort: "newest" as const };
            return (
              <li key={keyword.id} className="flex flex-wrap items-center gap-3">
                <span className="font-medium">{keyword.query}</span>
                <Link href={searchPagePath(filters)} className="text-blue-700 hover:underline dark:text-blue-400">results</Link>
                <a href={searchFeedPath(filters)} className="text-blue-700 hover:underline dark:text-blue-400">Atom feed</a>
                <form action={removeKeywordAction}>
                  <input type="hidden" name="keywordId" value={keyword.id} />
                  <button type="submit" className={button} aria-label={`Stop following ${keyword.query}`}>Remove</button>
                </form>
              </li>
            );
          })}
        </ul>
        <form action={addKeywordAction} className="mt-3 flex gap-2">
          <label htmlFor="new-keyword" className="sr-only">New keyword</label>
          <input id="new-keyword" name="query" required maxLength={256} placeholder="e.g. diffusion models" className={`${input} flex-1`} />
          <button type="submit" className={button}>Follow</button>
        </form>
      </section>

      <section className={box} aria-labelledby="votes-heading">
        <h2 id="votes-heading" className="font-semibold">Your votes</h2>
        {votes.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">No votes yet. Vote on a paper&apos;s page.</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {votes.map((paper) => (
              <li key={paper.id}><Link href={`/papers/${paper.id}`} className="hover:underline">{paper.title}</Link></li>
            ))}
          </ul>
        )}
      </section>

      <section className={box} aria-labelledby="delete-heading">
        <h2 id="delete-heading" className="font-semibold">Delete my account</h2>
        <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">Deletes your address, keywords, votes and digest history. This cannot be undone.</p>
        <form action={deleteAccountAction} className="mt-3 flex gap-2">
          <label htmlFor="confirm-delete" className="sr-only">Type delete to confirm</label>
          <input id="confirm-delete" name="confirm" placeholder='type "delete"' className={input} />
          <button type="submit" className={button}>Delete account</button>
        </form>
      </section>
    </div>
  );
}
