// Pages through the arXiv API for a category/date window, politely: one request
// start every 3 s (arXiv's terms of use), retries with exponential backoff for
// the failures that pass (timeouts, 429, 5xx), and a re-ask of the empty pages
// arXiv sometimes serves in the middle of a result set.
import { ArxivFeedError, parseArxivFeed, type ArxivFeedPage } from "@/lib/ingest/arxiv/parse-feed";
import { arxivQueryUrl } from "@/lib/ingest/arxiv/query";
import { IngestFetchError } from "@/lib/ingest/fetch-error";
import type { HttpGet, ParsedBatch, Sleep } from "@/lib/ingest/record";

export type FetchArxivOptions = {
  baseUrl: string;
  categories: string[];
  from: Date;
  to: Date;
  /** Entries per request (arXiv's max_results); default 100. */
  pageSize?: number;
  http: HttpGet;
  sleep: Sleep;
  /** Milliseconds clock used for request spacing (Date.now in production). */
  now: () => number;
  /** Per request, body included; default 30 s. */
  timeoutMs?: number;
  /** Tries per page before giving up; default 5. */
  maxAttempts?: number;
  log?: (line: string) => void;
};

export type ArxivBatch = ParsedBatch & { page: number; totalResults: number };

export const USER_AGENT = "Paperboy (+https://github.com/paperboy; ingest)";
/** arXiv asks API clients for no more than one request every three seconds. */
export const MIN_REQUEST_GAP_MS = 3_000;
const BACKOFF_BASE_MS = 3_000;
// A Retry-After of hours would stall an ingest run; past this it waits this long.
const MAX_RETRY_AFTER_MS = 5 * 60_000;

// The error every network adapter throws when a source cannot be read; re-exported
// so callers of this module need not know where it lives.
export { IngestFetchError };

/** Why an attempt failed; status is absent when no response arrived. */
type Failure = { retryable: boolean; status?: number; detail: string; retryAfterMs: number | null; cause?: unknown };
type Attempt = { ok: true; body: string } | ({ ok: false } & Failure);

type Session = {
  http: HttpGet;
  sleep: Sleep;
  now: () => number;
  timeoutMs: number;
  maxAttempts: number;
  log: (line: string) => void;
  lastRequestStart: number | null;
};

export async function* fetchArxiv(options: FetchArxivOptions): AsyncGenerator<ArxivBatch> {
  const pageSize = options.pageSize ?? 100;
  const session: Session = {
    http: options.http,
    sleep: options.sleep,
    now: options.now,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 5,
    log: options.log ?? (() => {}),
    lastRequestStart: null,
  };
  if (!Number.isInteger(session.maxAttempts) || session.maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a positive integer, got ${session.maxAttempts}`);
  }

  let start = 0;
  for (let page = 1; ; page++) {
    const { categories, from, to } = options;
    const url = arxivQueryUrl(options.baseUrl, { categories, from, to, start, maxResults: pageSize });
    let feed = await fetchFeed(url, session);
    if (entryCount(feed) === 0 && start < feed.totalResults) {
      session.log(`arXiv page ${page} (start=${start}) is empty but ${feed.totalResults} results were announced; asking again`);
      feed = await fetchFeed(url, session);
      if (entryCount(feed) === 0) {
        session.log(`arXiv page ${page} (start=${start}) is still empty; stopping at ${start} of ${feed.totalResults}`);
        return;
      }
    }
    session.log(
      `arXiv page ${page} (start=${start}): ${feed.records.length} records, ${feed.issues.length} issues, ${feed.totalResults} results in all`,
    );
    yield {
      page,
      totalResults: feed.totalResults,
      records: feed.records,
      issues: feed.issues.map((issue) => ({ ...issue, position: `page ${page} ${issue.position}` })),
    };
    // Advance by what arrived rather than by pageSize: arXiv caps max_results and
    // may send a short page, and skipping ahead would lose papers.
    start += entryCount(feed);
    if (entryCount(feed) === 0 || start >= feed.totalResults) return;
  }
}

const entryCount = (feed: ArxivFeedPage): number => feed.records.length + feed.issues.length;

async function fetchFeed(url: string, session: Session): Promise<ArxivFeedPage> {
  let failure: Failure | null = null;
  for (let attempt = 1; attempt <= session.maxAttempts; attempt++) {
    await waitForTurn(session);
    const result = await attemptOnce(url, session);
    if (result.ok) {
      try {
        return parseArxivFeed(result.body);
      } catch (error) {
        // A cut-off or garbled body is a transport problem; arXiv's error feed is not.
        if (!(error instanceof ArxivFeedError)) throw error;
        failure = { retryable: true, status: 200, detail: error.message, retryAfterMs: null, cause: error };
      }
    } else {
      failure = result;
    }
    if (!failure.retryable) throw fetchError(url, attempt, failure);
    if (attempt === session.maxAttempts) break;
    const backoff = BACKOFF_BASE_MS * 2 ** (attempt - 1);
    const delay = Math.max(backoff, Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
    session.log(`arXiv request failed (${failure.detail}), attempt ${attempt}/${session.maxAttempts}; retrying in ${delay} ms`);
    await session.sleep(delay);
  }
  throw fetchError(url, session.maxAttempts, failure ?? { retryable: false, detail: "no attempt", retryAfterMs: null });
}

function fetchError(url: string, attempts: number, failure: Failure): IngestFetchError {
  const safeUrl = redactUrl(url);
  const message = `GET ${safeUrl} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${failure.detail}`;
  return new IngestFetchError(message, { url: safeUrl, status: failure.status, cause: failure.cause });
}

/** Spaces request starts (retries included) at least MIN_REQUEST_GAP_MS apart. */
async function waitForTurn(session: Session): Promise<void> {
  if (session.lastRequestStart !== null) {
    const wait = session.lastRequestStart + MIN_REQUEST_GAP_MS - session.now();
    if (wait > 0) await session.sleep(wait);
  }
  session.lastRequestStart = session.now();
}

async function attemptOnce(url: string, session: Session): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), session.timeoutMs);
  try {
    const response = await session.http(url, {
      signal: controller.signal,
      headers: { "User-Agent": USER_AGENT, Accept: "application/atom+xml" },
    });
    if (!response.ok) {
      // Release the connection; the error body is of no use.
      await response.body?.cancel().catch(() => {});
      return {
        ok: false,
        retryable: response.status === 429 || response.status >= 500,
        status: response.status,
        detail: `HTTP ${response.status}`,
        retryAfterMs: retryAfterMs(response.headers.get("retry-after"), session.now()),
      };
    }
    // Still under the timer: a body that stalls half way is a timeout too.
    return { ok: true, body: await response.text() };
  } catch (error) {
    const detail = controller.signal.aborted
      ? `timed out after ${session.timeoutMs} ms`
      : `network error: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, retryable: true, detail, retryAfterMs: null, cause: error };
  } finally {
    clearTimeout(timer);
  }
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function redactUrl(url: string): string {
  if (!URL.canParse(url)) return "<unparseable URL>";
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.toString();
}
