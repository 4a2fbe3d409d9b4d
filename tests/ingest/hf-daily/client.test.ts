import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IngestFetchError } from "@/lib/ingest/fetch-error";
import { fetchDailyPapers, HF_DAILY_PAPERS_URL } from "@/lib/ingest/hf-daily/client";
import type { HttpGet } from "@/lib/ingest/record";

const dayJson = readFileSync(join(import.meta.dirname, "../../fixtures/hf-daily/daily_papers-2026-11-20.json"), "utf8");
const NOW = new Date("2026-11-20T12:00:00Z");
const URL_FOR_DAY = `${HF_DAILY_PAPERS_URL}?date=2026-11-20`;

type Scripted = Response | Error;

/** An HttpGet that answers from a script, one entry per call, and records what was asked. */
function scriptedHttp(script: Scripted[]) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const http: HttpGet = async (url, init) => {
    calls.push({ url, headers: init.headers });
    const next = script.shift();
    if (next === undefined) throw new Error("unexpected extra request");
    if (next instanceof Error) throw next;
    return next;
  };
  return { http, calls };
}

function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const json = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "application/json", ...headers } });

function fetchDay(http: HttpGet, sleep: (ms: number) => Promise<void>) {
  return fetchDailyPapers({ baseUrl: HF_DAILY_PAPERS_URL, date: "2026-11-20", http, sleep, now: () => NOW });
}

async function rejection(promise: Promise<unknown>): Promise<IngestFetchError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(IngestFetchError);
  return error as IngestFetchError;
}

const timeout = () => new DOMException("The operation was aborted due to timeout", "TimeoutError");

describe("fetchDailyPapers", () => {
  it("asks for the day as JSON and parses the answer with the clock's time", async () => {
    const { http, calls } = scriptedHttp([json(dayJson)]);
    const { sleep, waits } = fakeSleep();
    const batch = await fetchDay(http, sleep);
    expect(calls).toEqual([{ url: "https://huggingface.co/api/daily_papers?date=2026-11-20", headers: { accept: "application/json" } }]);
    expect(waits).toEqual([]);
    expect(batch.records).toHaveLength(4);
    expect(batch.issues).toHaveLength(2);
    expect(batch.records[0]!.observation?.observedAt).toEqual(NOW);
  });

  it("retries timeouts, network errors and 5xx with 2 s, 4 s, 8 s backoff", async () => {
    const { http, calls } = scriptedHttp([timeout(), new TypeError("fetch failed"), json("oops", 502), json(dayJson)]);
    const { sleep, waits } = fakeSleep();
    const batch = await fetchDay(http, sleep);
    expect(calls).toHaveLength(4);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect(batch.records).toHaveLength(4);
  });

  it("honours Retry-After on 429, in seconds or as an HTTP date", async () => {
    const inFiveSeconds = new Date(NOW.getTime() + 5000).toUTCString();
    const { http } = scriptedHttp([
      json("slow down", 429, { "retry-after": "17" }),
      json("slow down", 429, { "retry-after": inFiveSeconds }),
      json("[]"),
    ]);
    const { sleep, waits } = fakeSleep();
    await expect(fetchDay(http, sleep)).resolves.toEqual({ records: [], issues: [] });
    expect(waits).toEqual([17_000, 5_000]);
  });

  it("caps a very long Retry-After and falls back to backoff when it is unreadable", async () => {
    const { http } = scriptedHttp([
      json("", 503, { "retry-after": "86400" }),
      json("", 503, { "retry-after": "soon" }),
      json("[]"),
    ]);
    const { sleep, waits } = fakeSleep();
    await fetchDay(http, sleep);
    expect(waits).toEqual([60_000, 4000]);
  });

  it("gives up after four attempts with the last status", async () => {
    const { http, calls } = scriptedHttp([json("", 500), json("", 503), json("", 500), json("", 504)]);
    const { sleep, waits } = fakeSleep();
    const error = await rejection(fetchDay(http, sleep));
    expect(calls).toHaveLength(4);
    expect(waits).toEqual([2000, 4000, 8000]);
    expect(error.message).toBe(`GET ${URL_FOR_DAY}: HTTP 504`);
    expect([error.url, error.status]).toEqual([URL_FOR_DAY, 504]);
  });

  it("reports a timeout on the last attempt without a status", async () => {
    const { http } = scriptedHttp([timeout(), timeout()]);
    const { sleep } = fakeSleep();
    const error = await rejection(
      fetchDailyPapers({ baseUrl: HF_DAILY_PAPERS_URL, date: "2026-11-20", http, sleep, now: () => NOW, maxAttempts: 2, timeoutMs: 5000 }),
    );
    expect(error.message).toBe(`GET ${URL_FOR_DAY}: timed out after 5000 ms`);
    expect(error.status).toBeUndefined();
  });

  it("does not retry a 404", async () => {
    const { http, calls } = scriptedHttp([json('{"error":"Not Found"}', 404)]);
    const { sleep, waits } = fakeSleep();
    const error = await rejection(fetchDay(http, sleep));
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(error.status).toBe(404);
  });

  it("does not retry invalid JSON", async () => {
    const { http, calls } = scriptedHttp([new Response("<html>maintenance</html>", { status: 200 })]);
    const { sleep } = fakeSleep();
    const error = await rejection(fetchDay(http, sleep));
    expect(calls).toHaveLength(1);
    expect(error.message).toBe(`GET ${URL_FOR_DAY}: response is not valid JSON`);
    expect(error.status).toBe(200);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("turns JSON of the wrong shape into an IngestFetchError", async () => {
    const { http } = scriptedHttp([json('{"error":"Invalid date"}')]);
    const { sleep } = fakeSleep();
    const error = await rejection(fetchDay(http, sleep));
    expect(error.message).toBe(`GET ${URL_FOR_DAY}: unexpected response: expected a JSON array of daily papers, got object`);
  });

  it("rejects a date that is not YYYY-MM-DD before any request", async () => {
    const { http, calls } = scriptedHttp([]);
    const { sleep } = fakeSleep();
    await expect(
      fetchDailyPapers({ baseUrl: HF_DAILY_PAPERS_URL, date: "20-11-2026", http, sleep, now: () => NOW }),
    ).rejects.toThrow(RangeError);
    expect(calls).toEqual([]);
  });
});
