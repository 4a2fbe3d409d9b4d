/** A cache of at most `limit` entries that forgets the least recently used first. */
export type LruCache<V> = { get(key: string): V | undefined; set(key: string, value: V): void };

/**
 * A digest run keeps renders and keyword matches in these: what it holds is bounded by
 * `limit`, never by the number of subscribers.
 */
export function lruCache<V>(limit: number): LruCache<V> {
  // A Map iterates in insertion order: re-inserting on every hit keeps the least recently used first.
  const entries = new Map<string, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > limit) entries.delete(entries.keys().next().value!);
    },
  };
}
