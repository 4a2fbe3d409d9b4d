// Small HTTP client for Hugging Face's daily-papers API. The HTTP layer, the clock
// and waiting are injected, so tests run on recorded fixtures and a fake clock.
//
// Retries are for trouble that passes: timeouts, network errors, 429 and 5xx. Any
// other 4xx (a bad date, a moved endpoint) would fail the same way again.
import { IngestFetchError } from "@/lib/ingest/fetch-error";
import { parseDailyPapers } from "@/lib/ingest/hf-daily/parse-daily-papers";
import type { HttpGet, ParsedBatch, Sleep } from "@/lib/ingest/record";

export const HF_DAILY_PAPERS_URL = "https://huggingface.co/api/daily_papers";

export type FetchDailyPapersOptions = {
  /** HF_DAILY_PAPERS_URL in production; a local fixture server in tests. */
  baseUrl: string;
  /** The day of the listing, YYYY-MM-DD. */
  date: string;
  http: HttpGet;
  sleep: Sleep;
  now: () => Date;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  maxAttempts?: number;
};

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 4;
// 2 s, 4 s, 8 s between the four attempts.
const FIRST_BACKOFF_MS = 2_000;
// A Retry-After longer than this would stall the whole ingest run; waiting this
// long and trying again (or failing) is the better trade.
const MAX_RETRY_AFTER_MS = 60_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

type AttemptResult =
  | { ok: true; status: number; text: string }
  | { ok: false; error: IngestFetchError; retryable: boolean; retryAfterMs: number | null };

/** Retry-After as seconds ("120") or an HTTP date; null when absent or unreadable. */
function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === "") return null;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now.getTime();
  if (Number.isNaN(ms)) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

function describeThrown(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `timed out after ${timeoutMs} ms`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function attemptOnce(url: string, options: FetchDailyPapersOptions, timeoutMs: number): Promise<AttemptResult> {
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number | undefined;
  try {
    const response = await options.http(url, { signal, headers: { accept: "application/json" } });
    status = response.status;
    if (response.ok) return { ok: true, status, text: await response.text() };
    // Release the connection; the error body is of no use.
    await response.body?.cancel().catch(() => undefined);
    return {
      ok: false,
      error: new IngestFetchError(`GET ${url}: HTTP ${status}`, { url, status }),
      retryable: status === 429 || status >= 500,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), options.now()),
    };
  } catch (cause) {
    // Timeouts and network errors, also while the body was still arriving.
    const message = `GET ${url}: ${describeThrown(cause, timeoutMs)}`;
    return { ok: false, error: new IngestFetchError(message, { url, status, cause }), retryable: true, retryAfterMs: null };
  }
}

async function getTextWithRetry(url: string, options: FetchDailyPapersOptions): Promise<{ status: number; text: string }> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(url, options, timeoutMs);
    if (result.ok) return result;
    if (!result.retryable || attempt >= maxAttempts) throw result.error;
    await options.sleep(result.retryAfterMs ?? FIRST_BACKOFF_MS * 2 ** (attempt - 1));
  }
}

/** Fetches and parses one day of Hugging Face daily papers. Throws IngestFetchError. */
export async function fetchDailyPapers(options: FetchDailyPapersOptions): Promise<ParsedBatch> {
  if (!DATE.test(options.date)) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(options.date)}`);
  const url = `${options.baseUrl}?date=${options.date}`;
  const { status, text } = await getTextWithRetry(url, options);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    // A proxy's HTML error page or a truncated body: retrying rarely helps, and the
    // next scheduled run will try again anyway.
    throw new IngestFetchError(`GET ${url}: response is not valid JSON`, { url, status, cause });
  }
  try {
    return parseDailyPapers(body, options.now());
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IngestFetchError(`GET ${url}: ${reason}`, { url, status, cause });
  }
}
