// Works around react/react#37288 (open; fix proposed in react/react#37289, see also
// vercel/next.js#84648): the React server renderer bundled in Next ends every render with
// `request.cacheController.abort(Error("This render completed successfully. ..."))`.
// V8 keeps an Error's stack as structured frames until `.stack` is first read, and each
// frame holds its receiver and function: here the setImmediate entry that flushed the
// render, whose links to its queue neighbours reach other requests' async context, their
// own render, its abort reason, and so on. Nothing ever reads that stack, so under
// sustained traffic completed renders (their ServerResponse, IncomingMessage, React's
// `writtenObjects` table: ~50 kB each) stay reachable from one another until the traffic
// stops. The soak measured the live heap after a full GC growing 207 → 308 MB in 140 s
// at 20 connections without this, and flat (91 → 90 MB) with it (bench/README.md, soak).
//
// Reading `.stack` once makes V8 format it into a string and drop the frames. Remove this
// when the bundled React no longer captures a stack for that abort reason.
const PATCHED = Symbol.for("paperboy.abortReasonStacks");

/** From now on, an Error given to any AbortController's abort() keeps its stack as text only. */
export function releaseAbortReasonStacks(): void {
  const prototype = AbortController.prototype as AbortController & { [PATCHED]?: true };
  if (prototype[PATCHED]) return;
  const abort = prototype.abort;
  prototype.abort = function (this: AbortController, reason?: unknown) {
    if (reason instanceof Error) void reason.stack;
    return abort.call(this, reason);
  };
  prototype[PATCHED] = true;
}
