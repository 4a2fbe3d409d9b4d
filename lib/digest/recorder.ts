import "server-only";
import type { ClaimedDelivery } from "./claim";
import { settleAndBegin, type Settlement } from "./settle";

/** Records a lane's finished send and begins its next; resolves to whether `begin` is ours to send. */
export type Recorder = (settle: Settlement | undefined, begin: ClaimedDelivery | undefined) => Promise<boolean>;

type Request = { settle?: Settlement; begin?: ClaimedDelivery; done: (begun: boolean) => void; fail: (error: unknown) => void };

/**
 * Statements a worker's recorder runs at once. A commit waits for its WAL flush (~10 ms
 * on a busy disk) and PostgreSQL flushes commits that wait together at once: when
 * requests pile up behind a slow commit, a second statement takes them meanwhile.
 */
const STATEMENTS_AT_ONCE = 2;

/**
 * Group commit for a worker's lanes: requests that arrive while a statement runs wait,
 * then all go in the next statement. A further statement starts only with more requests
 * than there are statements running (each costs ~0.8 ms of CPU, so a lone request waits
 * for the running one rather than pay for a second); an idle recorder sends a request at
 * once. Each lane waits for its own request, so it sends only what a commit has begun.
 */
export function createRecorder(date: string, lease: () => { now: Date; leaseMs: number }): Recorder {
  let queued: Request[] = [];
  let running = 0;

  async function write(requests: Request[]): Promise<void> {
    try {
      const begun = await settleAndBegin(
        date,
        requests.flatMap((r) => r.settle ?? []),
        requests.flatMap((r) => r.begin ?? []),
        lease(),
      );
      for (const r of requests) r.done(r.begin !== undefined && begun.has(r.begin.id));
    } catch (error) {
      for (const r of requests) r.fail(error);
    }
  }

  function writeQueued(): void {
    if (running >= STATEMENTS_AT_ONCE || queued.length <= running) return;
    const requests = queued;
    queued = [];
    running += 1;
    void write(requests).finally(() => {
      running -= 1;
      writeQueued();
    });
  }

  return (settle, begin) =>
    new Promise<boolean>((done, fail) => {
      queued.push({ settle, begin, done, fail });
      writeQueued();
    });
}
