const field = "w-full rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The digest sign-up: a plain form posting to POST /subscribe/request, so it works without JavaScript. */
export function SubscribeForm({ idPrefix, withKeywords = false }: { idPrefix: string; withKeywords?: boolean }) {
  return (
    <form method="post" action="/subscribe/request" className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-end" aria-label="Subscribe to the daily digest">
      <label htmlFor={`${idPrefix}-email`} className="flex flex-1 flex-col gap-1 text-sm">
        <span>Email</span>
        <input id={`${idPrefix}-email`} name="email" type="email" required maxLength={254} autoComplete="email" className={field} />
      </label>
      {withKeywords ? (
        <label htmlFor={`${idPrefix}-keywords`} className="flex w-full flex-col gap-1 text-sm">
          <span>Keywords to follow (optional, one per line or comma-separated)</span>
          <textarea id={`${idPrefix}-keywords`} name="keywords" rows={3} className={field} placeholder={"diffusion models\n\"reinforcement learning\" -robotics"} />
        </label>
      ) : null}
      <button type="submit" className="rounded-md bg-zinc-900 px-4 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300">
        Subscribe
      </button>
    </form>
  );
}
