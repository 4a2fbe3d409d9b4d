// A graceful stop of this process's background work, the digest runs, on SIGTERM (a
// deploy, `docker stop`, Kubernetes) or SIGINT (Ctrl-C):
// 1. processStopSignal() aborts: every run stops claiming rows, lets each send in flight
//    finish and records it, and releases the rows it claimed but had not begun
//    (lib/digest/deliver.ts), so no row is left ambiguous, unlike after a crash;
// 2. the process waits for that, up to STOP_GRACE_MS; a send still in flight then (a
//    stalled SMTP server) is left to the lease, exactly as after a crash (README,
//    "Exactly once");
// 3. it exits; the rows left are sent by the next run (or the retried pg-boss job).
// Kept on globalThis: instrumentation.ts and the route handlers are bundled apart, each
// with its own copy of this module, but run in one Node.js process.

/**
 * How long a stop waits for the sends in flight: a message takes well under a second,
 * and this ends before Docker's default 10 s between SIGTERM and SIGKILL.
 */
export const STOP_GRACE_MS = 8_000;

type StopState = { controller: AbortController; running: Set<Promise<unknown>> };

function stopState(): StopState {
  const global = globalThis as { paperboyStop?: StopState };
  global.paperboyStop ??= { controller: new AbortController(), running: new Set() };
  return global.paperboyStop;
}

/** Aborted once this process was asked to stop. */
export function processStopSignal(): AbortSignal {
  return stopState().controller.signal;
}

/** Adds `work` to what a stop waits for (a digest run, whoever started it); returns it. */
export function trackWork<T>(work: Promise<T>): Promise<T> {
  const { running } = stopState();
  running.add(work);
  const forget = () => void running.delete(work);
  work.then(forget, forget);
  return work;
}

/**
 * Aborts processStopSignal, then waits for the tracked work and whatever `alsoWaitFor`
 * starts (pg-boss's own graceful stop), up to `graceMs`. Resolves true when everything
 * ended in time.
 */
export async function stopWork(graceMs: number, alsoWaitFor: () => Promise<unknown>[] = () => []): Promise<boolean> {
  const state = stopState();
  state.controller.abort();
  const ended = Promise.allSettled([...state.running, ...alsoWaitFor()]).then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  try {
    return await Promise.race([ended, graceOver]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `onStop` on the first SIGTERM or SIGINT. Later ones are ignored: a terminal's
 * Ctrl-C reaches the whole process group, and npm, tsx and scripts/start.ts pass
 * signals on too, so one stop often arrives twice.
 */
export function onStopSignal(onStop: (signal: NodeJS.Signals) => void): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    onStop(signal);
  };
  process.on("SIGTERM", handle);
  process.on("SIGINT", handle);
}
