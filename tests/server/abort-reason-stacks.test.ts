import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { releaseAbortReasonStacks } from "@/lib/server/abort-reason-stacks";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** As React's server renderer ends a render: an Error made inside a method of the render, given to abort(). */
function finishRender(controller: AbortController): WeakRef<object> {
  const render = {
    payload: new Array(100_000).fill("x"),
    complete() {
      controller.abort(new Error("This render completed successfully."));
    },
  };
  render.complete();
  return new WeakRef(render);
}

async function renderCollected(): Promise<boolean> {
  const controller = new AbortController();
  const render = finishRender(controller);
  // A WeakRef's target lives at least until the end of the job that made it.
  await new Promise((resolve) => setTimeout(resolve, 10));
  gc();
  expect(controller.signal.reason).toBeInstanceOf(Error);
  return render.deref() === undefined;
}

describe("releaseAbortReasonStacks", () => {
  // One process, one prototype: the test before the patch, then after it.
  it("lets an aborted signal's reason stop holding the frames it was made in", async () => {
    // V8's structured stack holds each frame's receiver: the whole render.
    expect(await renderCollected()).toBe(false);
    releaseAbortReasonStacks();
    expect(await renderCollected()).toBe(true);
    releaseAbortReasonStacks();
    const controller = new AbortController();
    controller.abort(new Error("still the reason"));
    expect(controller.signal.reason).toMatchObject({ message: "still the reason" });
    expect((controller.signal.reason as Error).stack).toContain("still the reason");
  });
});
