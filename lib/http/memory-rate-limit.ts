export type MemoryRateLimiter = {
  /** Counts one request of `key` at `nowMs`: allowed while the window's count is within the limit. */
  hit(key: string, nowMs: number): { allowed: boolean; retryAfterSeconds: number };
  /** Keys currently tracked (tests check the bound). */
  size(): number;
};

/**
 * A fixed-window counter per key, in this process's memory: no I/O per request, for
 * endpoints too hot for a database write each (search). At most `maxKeys` keys: a Map
 * iterates in insertion order, and a key is re-inserted when its window restarts, so the
 * oldest windows (the expired ones first) are at the front and are evicted first. Each
 * process counts on its own: N processes behind a load balancer allow up to N × limit.
 */
export function createMemoryRateLimiter(options: { limit: number; windowMs: number; maxKeys: number }): MemoryRateLimiter {
  const { limit, windowMs, maxKeys } = options;
  const windows = new Map<string, { startMs: number; count: number }>();

  function makeRoom(nowMs: number): void {
    for (const [key, window] of windows) {
      if (windows.size < maxKeys && nowMs - window.startMs < windowMs) return;
      windows.delete(key);
    }
  }

  return {
    hit(key, nowMs) {
      let window = windows.get(key);
      if (!window || nowMs - window.startMs >= windowMs) {
        windows.delete(key);
        makeRoom(nowMs);
        window = { startMs: nowMs, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return {
        allowed: window.count <= limit,
        retryAfterSeconds: Math.max(1, Math.ceil((window.startMs + windowMs - nowMs) / 1000)),
      };
    },
    size: () => windows.size,
  };
}
