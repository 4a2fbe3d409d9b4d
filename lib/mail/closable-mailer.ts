// What both mailers share: close() lets the sends under way finish before the
// transport goes, and nothing is sent after it.
import type { Mailer, OutgoingMail, SentMail } from "./types";

export function closableMailer(
  kind: Mailer["kind"],
  deliver: (mail: OutgoingMail) => Promise<SentMail>,
  release: () => void,
): Mailer {
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  return {
    kind,
    send(mail) {
      if (closed) return Promise.reject(new Error("mailer is closed"));
      const sending = deliver(mail);
      const settled: Promise<unknown> = sending.then(
        () => inFlight.delete(settled),
        () => inFlight.delete(settled),
      );
      inFlight.add(settled);
      return sending;
    },
    async close() {
      closed = true;
      await Promise.all(inFlight);
      release();
    },
  };
}
