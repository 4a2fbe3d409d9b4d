// Whether the database answers, as this process last saw it, so that requests can be
// refused at once (503, lib/db/guard.ts) while it is down instead of each one waiting
// for the pool's connection timeout and failing with a 500.
//
// Learnt two ways:
// - a probe, `SELECT 1` on a connection of its own, at most once a second: the first
//   request after the second is up runs it and every request meanwhile shares it. It
//   has its own one-connection pool, not the app's, so that a busy pool (every
//   connection taken by slow queries) is not mistaken for a dead database, and short
//   timeouts, so that a server that accepts connections but never answers is noticed
//   within a second or two too;
// - errors: a query that fails because the connection died (lib/db/unavailable.ts)
//   marks the database down at once, until the next probe says otherwise.
// Coming back needs no restart: the probe reconnects on its next turn, and the app's
// pool drops dead connections (pg's Pool removes a client whose query or idle socket
// failed) and opens new ones on demand.
//
// Kept on globalThis: proxy.ts, the route handlers and instrumentation.ts are bundled
// apart, each with its own copy of this module, but run in one Node.js process.
import pg from "pg";
import { isDatabaseUnavailable, isPoolWaitTimeout } from "./unavailable";

/** How long one probe's answer holds. */
export const PROBE_EVERY_MS = 1_000;
/** A probe that cannot connect within this counts as down (a host gone, or silent). */
const PROBE_CONNECT_TIMEOUT_MS = 1_000;
/**
 * Nor answer SELECT 1 on its open connection within this: longer, so that a database
 * that is merely busy (a benchmark, a heavy ingest) is not taken for a dead one.
 */
const PROBE_QUERY_TIMEOUT_MS = 2_000;
/** pg's errors for those two: "Connection terminated due to connection timeout", "Query read timeout". */
const PROBE_TIMEOUT = /timeout/i;

type Availability = {
  up: boolean;
  /** When `up` was learnt (Date.now()); 0: never. */
  learntAt: number;
  probing?: Promise<boolean>;
  /** The last probe went unanswered in time while the database was up: one more is asked before it counts as down. */
  unanswered?: boolean;
  probePool?: pg.Pool;
  probeUrl?: string;
};

function availability(): Availability {
  const global = globalThis as { paperboyDatabaseAvailability?: Availability };
  global.paperboyDatabaseAvailability ??= { up: true, learntAt: 0 };
  return global.paperboyDatabaseAvailability;
}

function learn(up: boolean, reason?: unknown): void {
  const state = availability();
  if (state.up !== up) {
    // The operator's record of the outage; reasons stay in the server log, never in a response.
    if (up) console.error("[db] database reachable again");
    else console.error(`[db] database unreachable: ${describeDatabaseError(reason)}; answering 503 until it is back`);
  }
  state.up = up;
  state.learntAt = Date.now();
  state.unanswered = false;
}

/** An error's last line: pg and Prisma put the reason there, after any query text. For logs only. */
export function describeDatabaseError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().split("\n").at(-1) ?? text;
}

/**
 * Whether the database at `url` answers, from a probe at most PROBE_EVERY_MS old (so
 * this may wait for one, a few milliseconds, or up to its timeouts when the database is
 * gone). Never throws.
 */
export async function databaseIsUp(url: string): Promise<boolean> {
  const state = availability();
  // (One database per process; another URL, as in tests, is probed afresh.)
  if (url === state.probeUrl && Date.now() - state.learntAt < PROBE_EVERY_MS) return state.up;
  state.probing ??= probe(state, url).finally(() => (state.probing = undefined));
  return state.probing;
}

async function probe(state: Availability, url: string): Promise<boolean> {
  if (!state.probePool || state.probeUrl !== url) {
    void state.probePool?.end().catch(() => {});
    state.probeUrl = url;
    state.probePool = new pg.Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: PROBE_CONNECT_TIMEOUT_MS,
      query_timeout: PROBE_QUERY_TIMEOUT_MS,
      application_name: "paperboy-probe",
      // The probe's connection must not keep a process alive that is otherwise done.
      allowExitOnIdle: true,
    });
    // An idle connection that dies (the server restarted) is dropped by the pool; without
    // a listener its "error" event would be an uncaught exception.
    state.probePool.on("error", () => {});
  }
  try {
    await state.probePool.query("SELECT 1");
    learn(true);
  } catch (error) {
    // No answer in time, while the database was up, may be this process's own event loop:
    // busy rendering, it runs the timeout's timer before reading the answer that came (the
    // 1M soak met it at a load average of 6 on 2 cores, and refused 35 requests for it).
    // So the next request asks again at once, and only a second silence in a row counts
    // (a silent server is still noticed within two timeouts). A refused or reset
    // connection counts at once.
    if (state.up && !state.unanswered && PROBE_TIMEOUT.test(describeDatabaseError(error))) {
      state.unanswered = true;
      state.learntAt = 0;
    } else learn(false, error);
  }
  return state.up;
}

/**
 * Called with an error a query (or the pool) met: when it says the database cannot be
 * reached, requests are refused from now until a probe finds it back.
 */
export function noteDatabaseError(error: unknown): void {
  if (!isDatabaseUnavailable(error)) return;
  // A pool with no connection free in time is busy, perhaps overloaded, not necessarily
  // cut off: the next request runs a probe (on its own connection) instead of every
  // request, the health route included, being refused until one does. (Under the soak,
  // 50 connections at 1M papers, marking it down answered 503 to whole seconds of traffic.)
  if (isPoolWaitTimeout(error)) availability().learntAt = 0;
  else learn(false, error);
}
