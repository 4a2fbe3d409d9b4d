// A database read kept in Next's data cache (unstable_cache), shared by every request of
// this process until one of its tags is invalidated or CACHE_BOUND_SECONDS pass.
//
// Why unstable_cache and not `'use cache'`: `'use cache'` needs Cache Components
// (`cacheComponents: true`), which changes how every route renders (prerendered shells,
// <Suspense> around anything reading cookies or searchParams, content streamed in after the
// shell, which without JavaScript stays hidden). Here the data is cached, and pages render
// per request (their CSP nonce, the vote buttons) and work without JavaScript; the one page
// the same for everyone, the trending list, is cached whole (lib/trending/cached-page-path.ts),
// and its reads' tags expire it with them.
import "server-only";
import { unstable_cache } from "next/cache";
import { coalescedRead } from "./coalesced-reads";
import { CACHE_BOUND_SECONDS } from "./tags";

/**
 * `read` cached under `key` and its arguments, tagged with `tags(...args)`. Arguments must
 * be JSON (they make the cache key). unstable_cache stores results as JSON, so Dates are
 * stored marked and revived: callers get back what `read` returned, from a hit or a miss.
 */
export function cachedQuery<Args extends unknown[], Result>(
  key: string,
  read: (...args: Args) => Promise<Result>,
  tags: (...args: Args) => string[],
): (...args: Args) => Promise<Result> {
  return async (...args) => {
    const entryTags = tags(...args);
    const readAsJson = (...same: Args) => coalescedRead(JSON.stringify([key, same]), entryTags, async () => toJson(await read(...same)));
    // Made per call because the tags depend on the arguments. The cache key is `key`, the
    // arguments and the wrapper's source text, which is the same for every call.
    return fromJson<Result>(await unstable_cache(readAsJson, [key], { tags: entryTags, revalidate: CACHE_BOUND_SECONDS })(...args));
  };
}

const DATE_MARK = "$date";

function toJson(value: unknown): string {
  return JSON.stringify(value, function markDates(this: Record<string, unknown>, name: string, converted: unknown) {
    // JSON.stringify has already called Date#toJSON on `converted`; the holder still has the Date.
    const original = this[name];
    return original instanceof Date ? { [DATE_MARK]: original.toISOString() } : converted;
  });
}

function fromJson<T>(json: string): T {
  return JSON.parse(json, (_name, value: unknown) =>
    value !== null && typeof value === "object" && DATE_MARK in value && Object.keys(value).length === 1
      ? new Date((value as Record<string, string>)[DATE_MARK]!)
      : value,
  ) as T;
}
