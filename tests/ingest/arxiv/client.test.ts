import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fetchArxiv, IngestFetchError, MIN_REQUEST_GAP_MS, type ArxivBatch, type FetchArxivOptions } from "@/lib/ingest/arxiv/client";
import { ArxivApiError } from "@/lib/ingest/arxiv/parse-feed";
import { ARXIV_API_URL } from "@/lib/ingest/arxiv/query";
import type { HttpGet } from "@/lib/ingest/record";

const fixture = (name: string): string =>
  readFileSync(path.resolve(import.meta.dirname, "../../fixtures/arxiv", name), "utf8");

const PAGE1 = fixture("page1.atom");
const PAGE2 = fixture("page2.atom");
const EMPTY = fixture("empty.atom");

// Each fake request takes this long on the fake clock, so the tests can tell
// "3 s since the last request started" from "3 s since it ended".
const LATENCY_MS = 400;
const T0 = 1_000_000;

function fakeClock() {
  let time = T0;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
    sleeps,
  };
}
type FakeClock = ReturnType<typeof fakeClock>;

type Reply = { status?: number; body?: string; headers?: Record<string, string> } | "hang" | Error;
type Call = { url: string; start: number; at: number; headers: Record<string, string>; signal: AbortSignal };

/** Serves replies chosen by the request's start param and the how-many-th request for that start it is. */
function fakeHttp(clock: FakeClock, serve: (start: number, attempt: number) => Reply) {
  const calls: Call[] = [];
  const http: HttpGet = async (url, init) => {
    const start = Number(new URL(url).searchParams.get("start"));
    calls.push({ url, start, at: clock.now(), headers: init.headers, signal: init.signal });
    const reply = serve(start, calls.filter((call) => call.start === start).length);
    clock.advance(LATENCY_MS);
    if (reply === "hang") {
      return new Promise<Response>((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
    }
    if (reply instanceof Error) throw reply;
    return new Response(reply.body ?? "", { status: reply.status ?? 200, headers: reply.headers });
  };
  return { http, calls };
}

/** page1 at start=0 and page2 at start=3, unless `first` overrides the replies. */
const twoPages =
  (first: (start: number, attempt: number) => Reply | undefined = () => undefined) =>
  (start: number, attempt: number): Reply =>
    first(start, attempt) ?? { body: start === 0 ? PAGE1 : start === 3 ? PAGE2 : EMPTY };

function setup(serve: (start: number, attempt: number) => Reply, overrides: Partial<FetchArxivOptions> = {}) {
  const clock = fakeClock();
  const { http, calls } = fakeHttp(clock, serve);
  const logs: string[] = [];
  const options: FetchArxivOptions = {
    baseUrl: ARXIV_API_URL,
    categories: ["cs.LG", "cs.CL"],
    from: new Date("2026-11-22T00:00:00Z"),
    to: new Date("2026-11-23T23:59:59Z"),
    pageSize: 3,
    http,
    sleep: clock.sleep,
    now: clock.now,
    log: (line) => logs.push(line),
    ...overrides,
  };
  return { clock, calls, logs, run: () => collect(fetchArxiv(options)) };
}

async function collect(batches: AsyncGenerator<ArxivBatch>): Promise<ArxivBatch[]> {
  const all: ArxivBatch[] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

const gaps = (calls: Call[]): number[] => calls.slice(1).map((call, i) => call.at - calls[i]!.at);
const versionedIds = (batches: ArxivBatch[]): string[] =>
  batches.flatMap((batch) => batch.records.map((r) => `${r.arxivId}v${r.arxivVersion}`));

describe("fetchArxiv paging", () => {
  it("fetches every page in order and returns the records of both", async () => {
    const { calls, clock, run } = setup(twoPages());
    const batches = await run();

    expect(batches.map((b) => [b.page, b.totalResults, b.records.length, b.issues.length])).toEqual([
      [1, 5, 3, 0],
      [2, 5, 2, 0],
    ]);
    expect(versionedIds(batches)).toEqual([
      "2611.01234v1",
      "hep-th/9901001v1",
      "2611.01300v2",
      "2611.01234v2",
      "2611.01500v1",
    ]);
    expect(batches[1]!.records[1]!.title).toBe("Graph Networks for Medium-Range Weather");
    expect(calls.map((call) => call.start)).toEqual([0, 3]);
    const params = new URL(calls[1]!.url).searchParams;
    expect(params.get("max_results")).toBe("3");
    expect(params.get("search_query")).toBe("(cat:cs.LG OR cat:cs.CL) AND submittedDate:[202611220000 TO 202611232359]");
    expect(calls[0]!.headers["User-Agent"]).toBe("Paperboy (+https://github.com/paperboy; ingest)");
    // Spaced from request start to request start: only the remainder after the latency is slept.
    expect(calls[0]!.at).toBe(T0);
    expect(gaps(calls)).toEqual([MIN_REQUEST_GAP_MS]);
    expect(clock.sleeps).toEqual([MIN_REQUEST_GAP_MS - LATENCY_MS]);
  });

  it("reports a broken entry with its page and entry while the good ones come out", async () => {
    const { run } = setup(() => ({ body: fixture("broken.atom") }), { pageSize: 5 });
    const batches = await run();
    expect(batches).toHaveLength(1);
    expect(versionedIds(batches)).toEqual(["2611.02001v1", "2611.02005v3"]);
    expect(batches[0]!.issues.map((issue) => issue.position)).toEqual(["page 1 entry 2", "page 1 entry 3", "page 1 entry 4"]);
    expect(batches[0]!.issues[1]!.reason).toBe('bad date in <published>: "2026-11-31T03:00:00Z" (2611.02003v1)');
  });

  it("asks again once for an empty page, then stops and logs", async () => {
    const { calls, logs, run } = setup((start) => ({ body: start === 0 ? PAGE1 : EMPTY }));
    const batches = await run();
    expect(batches.map((b) => b.page)).toEqual([1]);
    expect(calls.map((call) => call.start)).toEqual([0, 3, 3]);
    expect(gaps(calls)).toEqual([MIN_REQUEST_GAP_MS, MIN_REQUEST_GAP_MS]);
    expect(logs.filter((line) => line.includes("empty"))).toEqual([
      "arXiv page 2 (start=3) is empty but 5 results were announced; asking again",
      "arXiv page 2 (start=3) is still empty; stopping at 3 of 5",
    ]);
  });

  it("carries on when the second ask for an empty page has entries", async () => {
    const { calls, run } = setup(twoPages((start, attempt) => (start === 3 && attempt === 1 ? { body: EMPTY } : undefined)));
    const batches = await run();
    expect(batches.map((b) => b.page)).toEqual([1, 2]);
    expect(versionedIds(batches)).toHaveLength(5);
    expect(calls.map((call) => call.start)).toEqual([0, 3, 3]);
  });

  it("returns one empty batch when nothing matched", async () => {
    const none = EMPTY.replace(/<opensearch:totalResults>5/, "<opensearch:totalResults>0").replace(
      /<opensearch:startIndex>3/,
      "<opensearch:startIndex>0",
    );
    const { calls, run } = setup(() => ({ body: none }));
    expect(await run()).toEqual([{ page: 1, totalResults: 0, records: [], issues: [] }]);
    expect(calls).toHaveLength(1);
  });
});

describe("fetchArxiv retries", () => {
  it("retries a 503 with exponential backoff and then succeeds", async () => {
    const { calls, clock, logs, run } = setup(twoPages((start, attempt) => (start === 0 && attempt <= 2 ? { status: 503 } : undefined)));
    const batches = await run();
    expect(versionedIds(batches)).toHaveLength(5);
    expect(calls.map((call) => call.start)).toEqual([0, 0, 0, 3]);
    // 3 s then 6 s of backoff; the page-2 request waits out the rest of the 3 s gap.
    expect(clock.sleeps).toEqual([3_000, 6_000, MIN_REQUEST_GAP_MS - LATENCY_MS]);
    expect(gaps(calls)).toEqual([3_000 + LATENCY_MS, 6_000 + LATENCY_MS, MIN_REQUEST_GAP_MS]);
    expect(logs[0]).toBe("arXiv request failed (HTTP 503), attempt 1/5; retrying in 3000 ms");
  });

  it("honours a Retry-After longer than the backoff", async () => {
    const { clock, run } = setup(
      twoPages((start, attempt) => (start === 0 && attempt === 1 ? { status: 429, headers: { "Retry-After": "10" } } : undefined)),
    );
    await run();
    expect(clock.sleeps[0]).toBe(10_000);
  });

  it("keeps the backoff when Retry-After is shorter", async () => {
    const { clock, run } = setup(
      twoPages((start, attempt) => (start === 0 && attempt === 1 ? { status: 503, headers: { "Retry-After": "1" } } : undefined)),
    );
    await run();
    expect(clock.sleeps[0]).toBe(3_000);
  });

  it("reads Retry-After given as an HTTP date", async () => {
    const until = new Date(T0 + 20_000).toUTCString();
    const { clock, run } = setup(
      twoPages((start, attempt) => (start === 0 && attempt === 1 ? { status: 503, headers: { "Retry-After": until } } : undefined)),
    );
    await run();
    // Measured from when the 503 arrived, after the request's latency.
    expect(clock.sleeps[0]).toBe(20_000 - LATENCY_MS);
  });

  it("aborts a request that times out and retries it", async () => {
    const { calls, clock, logs, run } = setup(
      twoPages((start, attempt) => (start === 0 && attempt === 1 ? "hang" : undefined)),
      { timeoutMs: 50 },
    );
    const batches = await run();
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls.map((call) => call.start)).toEqual([0, 0, 3]);
    expect(versionedIds(batches)).toHaveLength(5);
    expect(clock.sleeps[0]).toBe(3_000);
    expect(logs[0]).toBe("arXiv request failed (timed out after 50 ms), attempt 1/5; retrying in 3000 ms");
  });

  it("retries a network error", async () => {
    const { calls, run } = setup(
      twoPages((start, attempt) => (start === 0 && attempt === 1 ? new TypeError("fetch failed") : undefined)),
    );
    expect(versionedIds(await run())).toHaveLength(5);
    expect(calls.map((call) => call.start)).toEqual([0, 0, 3]);
  });

  it("retries a truncated body", async () => {
    const { calls, run } = setup(
      twoPages((start, attempt) => (start === 0 && attempt === 1 ? { body: PAGE1.slice(0, 2_000) } : undefined)),
    );
    expect(versionedIds(await run())).toHaveLength(5);
    expect(calls.map((call) => call.start)).toEqual([0, 0, 3]);
  });

  it("does not retry a 400", async () => {
    const { calls, clock, run } = setup(() => ({ status: 400, body: "bad request" }));
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFetchError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toMatch(
      /^GET https:\/\/export\.arxiv\.org\/api\/query\?search_query=\S+ failed after 1 attempt: HTTP 400$/,
    );
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("does not retry arXiv's error feed", async () => {
    const { calls, run } = setup(() => ({ body: fixture("error.atom") }));
    await expect(run()).rejects.toThrow(ArxivApiError);
    expect(calls).toHaveLength(1);
  });

  it("gives up after maxAttempts with an IngestFetchError naming the last status", async () => {
    const { calls, clock, run } = setup(() => ({ status: 503 }), { maxAttempts: 3 });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFetchError);
    expect(error).toMatchObject({ status: 503 });
    expect((error as Error).message).toMatch(/failed after 3 attempts: HTTP 503$/);
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([3_000, 6_000]);
  });

  it("gives up on repeated timeouts with no status and the abort as cause", async () => {
    const { calls, run } = setup(() => "hang", { timeoutMs: 20, maxAttempts: 2 });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFetchError);
    expect((error as IngestFetchError).status).toBeUndefined();
    expect((error as Error).message).toMatch(/failed after 2 attempts: timed out after 20 ms$/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(calls).toHaveLength(2);
  });

  it("keeps credentials in the base URL out of the error", async () => {
    const { run } = setup(() => ({ status: 403 }), { baseUrl: "https://ingest:hunter2@export.arxiv.org/api/query" });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestFetchError);
    expect((error as IngestFetchError).url).toMatch(/^https:\/\/export\.arxiv\.org\/api\/query\?/);
    expect((error as Error).message).not.toContain("hunter2");
  });
});
