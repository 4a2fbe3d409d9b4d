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
//
// Only reads in flight are remembered, each with the tags it depends on: an invalidation
// marks the ones it overlaps. Nothing is kept per tag, since every paper's vote has a tag
// of its own (paper:<id>) and a count per tag would grow with every paper ever voted on.
type ReadInFlight = { tags: string[]; invalidated: boolean };
type ReadState = { pending: Map<string, Promise<string>>; inFlight: Set<ReadInFlight> };

const shared = globalThis as typeof globalThis & { paperboyCoalescedReads?: ReadState };
const state = (shared.paperboyCoalescedReads ??= { pending: new Map(), inFlight: new Set() });

/** Called with every invalidation this process makes (lib/cache/invalidate.ts). */
export function noteInvalidated(tags: string[]): void {
  for (const read of state.inFlight) if (read.tags.some((tag) => tags.includes(tag))) read.invalidated = true;
}

/** `read` for the cache entry `id`, joined by every caller until it settles. */
export function coalescedRead(id: string, tags: string[], read: () => Promise<string>): Promise<string> {
  const pending = state.pending.get(id);
  if (pending) return pending;
  const started = readOutlivingInvalidations(tags, read).finally(() => state.pending.delete(id));
  state.pending.set(id, started);
  return started;
}

/**
 * Reads again, once, when its tags were invalidated while it ran. Only once: with votes
 * arriving faster than a list is computed, the list shows the votes up to when its second
 * read started, and the next vote expires it again.
 */
async function readOutlivingInvalidations(tags: string[], read: () => Promise<string>): Promise<string> {
  const run: ReadInFlight = { tags, invalidated: false };
  state.inFlight.add(run);
  let result: string;
  try {
    result = await read();
  } finally {
    state.inFlight.delete(run);
  }
  return run.invalidated ? read() : result;
}
