// Next calls register() once when a server process starts: the place for
// background work that must live as long as the server (the digest schedule), and
// for stopping it gracefully (lib/jobs/start-jobs.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before any render: completed renders would otherwise keep one another alive under load.
  const { releaseAbortReasonStacks } = await import("@/lib/server/abort-reason-stacks");
  releaseAbortReasonStacks();
  // Before any response: cached pages are sent as one long string, and get their ETag here (the file says why).
  const { writeStringBodiesAsBuffers } = await import("@/lib/server/string-bodies-as-buffers");
  writeStringBodiesAsBuffers();
  const { startJobs } = await import("@/lib/jobs/start-jobs");
  await startJobs();
}

/**
 * Every error a page, route or server action threw. One that says the database went
 * away marks it down at once (lib/db/availability.ts), so proxy.ts answers the next
 * requests with a 503 instead of letting each render fail in turn.
 */
export async function onRequestError(error: unknown): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { noteDatabaseError } = await import("@/lib/db/availability");
  noteDatabaseError(error);
}
