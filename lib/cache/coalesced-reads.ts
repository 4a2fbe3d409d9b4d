// The reads behind cached queries, as this process runs them: one at a time per cache
// entry, and not one that started before an invalidation of its tags.
//
// Why: unstable_cache neither joins concurrent misses nor concurrent background refreshes
// (each request that finds an entry missing or stale runs the read itself), and it stores
// whatever a read returns as fresh as of when the read *ended*. At 1M papers a trending
// list takes 1-2 s to compute: without this, every request in that time would start its
// own, and a list computed from before a vote but stored after it would hide the vote
// until the entry's time bound.
//
// Kept on globalThis: the route handlers, server actions and pages that share these reads
// may be bundled as separate copies of this module.
type ReadState = { pending: Map<string, Promise<string>>; invalidations: Map<string, number> };

const shared = globalThis as typeof globalThis & { paperboyCachedReads?: ReadState };
const state = (shared.paperboyCachedReads ??= { pending: new Map(), invalidations: new Map() });

/** Called with every invalidation this process makes (lib/cache/invalidate.ts). */
export function noteInvalidated(tags: string[]): void {
  for (const tag of tags) state.invalidations.set(tag, (state.invalidations.get(tag) ?? 0) + 1);
}

/** `read` for the cache entry `id`, joined by every caller until it settles. */
export function coalescedRead(id: string, tags: string[], read: () => Promise<string>): Promise<string> {
  const pending = state.pending.get(id);
  if (pending) return pending;
  const started = readOutlivingInvalidations(tags, read).finally(() => state.pending.delete(id));
  state.pending.set(id, started);
  return started;
}

const invalidationCount = (tags: string[]) => tags.reduce((sum, tag) => sum + (state.invalidations.get(tag) ?? 0), 0);

/**
 * Reads again, once, when its tags were invalidated while it ran. Only once: with votes
 * arriving faster than a list is computed, the list shows the votes up to when its second
 * read started, and the next vote expires it again.
 */
async function readOutlivingInvalidations(tags: string[], read: () => Promise<string>): Promise<string> {
  const before = invalidationCount(tags);
  const result = await read();
  return invalidationCount(tags) === before ? result : read();
}
