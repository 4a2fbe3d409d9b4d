// Search and API parameters fuzzed over HTTP (issue 8, "Hostile input"): fast-check makes
// thousands of requests to the production server with parameters mixing SQL fragments,
// tsquery operators, unbalanced quotes, NUL bytes, 100 kB strings, lone surrogates and
// invalid UTF-8 percent-encodings, emoji and bidi marks. Every answer must come within
// 5 s, never be a 5xx, and a 4xx must say what was wrong in a sentence, without a stack
// trace, a file path or a database error. 200 feeds must be well-formed XML, 200 JSON
// must parse. The run is seeded: FUZZ_SEED=<seed> replays it (FUZZ_RUNS scales it).
import { expect, test, type APIRequestContext } from "@playwright/test";
import { maxHeaderSize } from "node:http";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
/** Runs per property; 8 properties, some with several requests per run: ≥2,000 requests. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const REQUEST_TIMEOUT_MS = 5_000;
/** Properties run side by side, as concurrent clients (all eight: no batch waits for its slowest). */
const CONCURRENCY = 8;

test.describe.configure({ timeout: 600_000 });

// ── Values ──────────────────────────────────────────────────────────────────────────────

const SQL = [
  "'; DROP TABLE papers; --",
  "' OR 1=1 --",
  "\" OR \"1\"=\"1",
  "1; SELECT pg_sleep(10)",
  "1' AND pg_sleep(10) IS NULL --",
  "') UNION SELECT email FROM subscribers --",
  "%' OR '%'='",
  "$1",
  "\\'; --",
  "/*",
  "*/",
  "--",
  ";",
  "E'\\x00'",
  "::regclass",
];
const TSQUERY = ["&", "|", "!", "<->", "<2>", ":*", ":A", "(", ")", "!!", "&|", "()", "!(", "a & !", "a <-> ", "'", "\"", "\"\"\"", "-", "OR", "or", "-\"", "\\", "*"];
const WEIRD = [
  "\u0000",
  "\uD800", // lone high surrogate
  "\uDFFF", // lone low surrogate
  "\u202E", // RIGHT-TO-LEFT OVERRIDE
  "\u200F", // RIGHT-TO-LEFT MARK
  "\u2066",
  "\uFEFF",
  "\uFFFF",
  "😀",
  "👩‍👩‍👧‍👦",
  "🇫🇷",
  "é",
  "e\u0301",
  "\u0130",
  "ß",
  "ﬁ",
  "\r\n",
  "\t",
  " ",
  "العربية",
  "中文",
  "%",
  "+",
  "#",
  "&",
  "=",
  "?",
  "/",
  "..",
  "../",
  "<script>",
];
// Raw pieces of a query string, never encoded again: invalid UTF-8, truncated and bogus escapes.
const RAW = ["%C3%28", "%FF", "%FE%FF", "%ED%A0%80", "%C0%AF", "%E2%82", "%F4%90%80%80", "%00", "%", "%2", "%zz", "%25", "%0d%0a", "%2e%2e%2f", "%u0041", "+", "%20", "%26q%3D", "%3B"];
const DAYS = ["2026-11-20", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2026-1-1", "20261120", "2026-11-20T00:00:00Z", "-1", "yesterday", "1e9", "2026-11-20'--"];
const NUMBERS = ["0", "1", "-1", "2", "20", "100", "101", "499", "500", "1e3", "0x10", "1.5", "NaN", "Infinity", "9007199254740993", "99999999999999999999", " 1", "01"];

const token = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SQL, ...TSQUERY, ...WEIRD) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom("learning", "diffusion", "model", "transformer", "attention", "the", "a") },
);
/** A text value: mixed fragments, or now and then a 100 kB one. */
const text = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.array(token, { maxLength: 8 }), fc.constantFrom(" ", "", "+")).map(([parts, glue]) => parts.join(glue)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("a ", "& ", "'", "😀", "\u0000", "learning "), fc.integer({ min: 1_000, max: 100_000 })).map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length))) },
);

/** Percent-encodes what encodeURIComponent can, a lone surrogate as the invalid UTF-8 it would be. */
function encode(value: string): string {
  return [...value].map((char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return "%ED%A0%80";
    }
  }).join("");
}

/** A parameter value on the wire: encoded text, raw bytes, or both. */
const wireValue = fc.oneof(
  { weight: 6, arbitrary: text.map(encode) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...RAW), text.map(encode)), { minLength: 1, maxLength: 5 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.constantFrom(...DAYS, ...NUMBERS).map(encode) },
);
const numberValue = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NUMBERS) }, { weight: 1, arbitrary: wireValue });
const dayValue = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...DAYS) }, { weight: 1, arbitrary: wireValue });
const sortValue = fc.oneof({ weight: 2, arbitrary: fc.constantFrom("relevance", "newest", "trending", "RELEVANCE", "") }, { weight: 1, arbitrary: wireValue });
const periodValue = fc.oneof({ weight: 2, arbitrary: fc.constantFrom("day", "week", "month", "year", "") }, { weight: 1, arbitrary: wireValue });
const categoryValue = fc.oneof({ weight: 2, arbitrary: fc.constantFrom("cs.LG", "stat.ML", "cs.XX", "cs.LG,cs.CL", "") }, { weight: 1, arbitrary: wireValue });

/** A query string of some of these parameters (and now and then one repeated or unknown). */
function queryOf(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(params).map(([name, value]) => fc.option(value.map((v) => `${name}=${v}`), { nil: undefined, freq: 2 }));
  const extra = fc.option(fc.tuple(fc.constantFrom(...Object.keys(params), "x", "__proto__", "q[]", "constructor"), wireValue).map(([name, value]) => `${name}=${value}`), { nil: undefined, freq: 4 });
  return fc.tuple(fc.tuple(...entries), extra).map(([values, more]) => [...values, more].filter((part) => part !== undefined).join("&"));
}

const searchParams = { q: wireValue, sort: sortValue, from: dayValue, to: dayValue, category: categoryValue };
/** Whether a path decodes as UTF-8 percent-encoding (see the known issue at the end of this file). */
const decodable = (path: string): boolean => {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
};

/** A path segment: an id, a day, or something hostile (that Next can decode). */
const segment = fc
  .oneof(
    { weight: 2, arbitrary: fc.constantFrom("ffffffffffff", "0123456789ab", "2611.99001", "..", "%2e%2e", "%2F", "%00", "%C3%A9", "%F0%9F%98%80", "a%2Fb", "'; DROP TABLE papers; --") },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), maxLength: 16 }) },
    { weight: 2, arbitrary: wireValue.map((value) => value.replace(/\//g, "%2F")) },
  )
  .filter(decodable);

/** One request per run of each property: a path and query on one family of routes. */
const ROUTES: Record<string, fc.Arbitrary<string>> = {
  "/api/search": queryOf({ ...searchParams, limit: numberValue, offset: numberValue }).map((query) => `/api/search?${query}`),
  "/search": queryOf({ ...searchParams, page: numberValue }).map((query) => `/search?${query}`),
  "/feeds/search.xml": queryOf(searchParams).map((query) => `/feeds/search.xml?${query}`),
  "/feeds/trending.xml + /api/papers/trending": fc
    .tuple(fc.constantFrom("/feeds/trending.xml", "/api/papers/trending"), queryOf({ period: periodValue, limit: numberValue, category: categoryValue }))
    .map(([path, query]) => `${path}?${query}`),
  "/ (trending page)": queryOf({ period: periodValue, category: categoryValue, page: numberValue }).map((query) => `/?${query}`),
  "/api/papers/<id>, /papers/<id>, bibtex": fc
    .tuple(fc.constantFrom("/api/papers/", "/papers/", "/papers/%s/bibtex"), segment)
    .map(([path, id]) => (path.includes("%s") ? path.replace("%s", id) : `${path}${id}`)),
  "/api/papers/date/<day>, /date/<day>": fc
    .tuple(fc.constantFrom("/api/papers/date/", "/date/"), fc.oneof(dayValue.filter(decodable), segment), queryOf({ category: categoryValue }))
    .map(([path, day, query]) => `${path}${day}?${query}`),
  "/digest/<date>": fc.oneof(dayValue.filter(decodable), segment).map((day) => `/digest/${day}`),
};

// ── Checks ──────────────────────────────────────────────────────────────────────────────

// What an error answer must never show: a stack frame, a source path, a driver or database error.
const LEAKS = [
  /\bat [\w$.<>[\] ]+ \(?[^()\s]*:\d+:\d+\)?/, // "at fn (file.js:1:2)"
  /node_modules|\/work\/|webpack-internal|\.next\/server/,
  /Prisma|PrismaClient|prisma\./,
  /syntax error at or near|unterminated quoted string|invalid input syntax|ERROR:\s+\w|tsquery|pg_catalog|SQLSTATE/i,
  /TypeError|ReferenceError|RangeError|SyntaxError: /,
];

let requests = 0;
const statusCounts = new Map<number, number>();
/** Counted apart: an oversize request whose socket the server closed (see check()). */
const CLOSED_OVERSIZE = 4310;

let ipCounter = 0;
/** Search is rate-limited per client: each request comes from its own (the last X-Forwarded-For hop). */
const nextClient = () => `198.21.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}`;

async function check(request: APIRequestContext, path: string): Promise<void> {
  const started = Date.now();
  let response;
  try {
    response = await request.get(path, { timeout: REQUEST_TIMEOUT_MS, maxRedirects: 0, headers: { "X-Forwarded-For": nextClient() } });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    // A request line past Node's header limit is refused by the server (431) and its socket
    // closed, sometimes while the client is still writing it: the client then sees EPIPE or
    // a reset instead of the 431. A refusal at once, not a hang.
    if (path.length > maxHeaderSize && /EPIPE|ECONNRESET|socket hang up/.test(message)) {
      requests += 1;
      statusCounts.set(CLOSED_OVERSIZE, (statusCounts.get(CLOSED_OVERSIZE) ?? 0) + 1);
      return;
    }
    throw new Error(`${path.slice(0, 300)}: no answer within ${REQUEST_TIMEOUT_MS} ms (${message})`);
  }
  requests += 1;
  const status = response.status();
  statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
  const body = await response.text();
  const where = `${path.slice(0, 300)} → ${status} in ${Date.now() - started} ms`;
  expect(status, where).toBeLessThan(500);
  const type = response.headers()["content-type"] ?? "";
  if (status >= 400) {
    for (const leak of LEAKS) expect(body, `${where}: ${body.slice(0, 300)}`).not.toMatch(leak);
    if (type.includes("json")) {
      const error = (JSON.parse(body) as { error?: unknown }).error;
      // A sentence for the person: it names what was wrong, short, and ends like one.
      expect(typeof error, `${where}: ${body.slice(0, 300)}`).toBe("string");
      expect((error as string).length, where).toBeGreaterThan(5);
      expect((error as string).length, where).toBeLessThan(300);
    }
  } else if (status === 200) {
    if (type.includes("json")) expect(() => JSON.parse(body), where).not.toThrow();
    if (type.includes("xml")) expect(XMLValidator.validate(body), `${where}: not well-formed XML`).toBe(true);
  }
}

test("search, feed and API parameters: never a 5xx, always an answer within 5 s, 4xx answers without internals", async ({ request }) => {
  console.log(`[http-fuzz] seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${RUNS} runs per route family, ${Object.keys(ROUTES).length} families`);
  const started = Date.now();
  const families = Object.entries(ROUTES);
  // A few properties at a time, each with its own seed derived from the run's.
  for (let i = 0; i < families.length; i += CONCURRENCY) {
    await Promise.all(
      families.slice(i, i + CONCURRENCY).map(([name, route], j) =>
        fc.assert(
          fc.asyncProperty(route, (path) => check(request, path)),
          { seed: SEED + i + j, numRuns: RUNS, verbose: 1, endOnFailure: true },
        ).then(() => console.log(`[http-fuzz]   ${name}: ${RUNS} requests, done after ${((Date.now() - started) / 1000).toFixed(1)} s`), (error: unknown) => {
          const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : "";
          throw new Error(`${name} (seed ${SEED + i + j}): ${error instanceof Error ? error.message : String(error)}${cause}`);
        }),
      ),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const statuses = [...statusCounts].sort(([a], [b]) => a - b).map(([status, count]) => `${status === CLOSED_OVERSIZE ? "431 (socket closed mid-request)" : status}×${count}`).join(" ");
  console.log(`[http-fuzz] ${requests} requests in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)}/s): ${statuses}`);
  expect(requests).toBe(RUNS * families.length);
});

// Found by this fuzz: JavaScript's Date takes year 0000, PostgreSQL refuses it, so
// `to=0000-01-01` made every search entry point answer 500 (fixed in lib/papers/day-schema.ts).
test("year 0000 is not a real day: a 400 (or the date pages' 404), never a 500", async ({ request }) => {
  const cases = [
    ["/api/search?q=learning&to=0000-01-01", 400],
    ["/api/search?q=learning&from=0000-12-31", 400],
    ["/feeds/search.xml?q=learning&to=0000-01-01", 400],
    ["/search?q=learning&from=0000-01-01", 200], // the page shows the problem as a notice
    ["/api/papers/date/0000-01-01", 400],
    ["/date/0000-01-01", 404],
    ["/digest/0000-02-29", 404],
  ] as const;
  for (const [path, status] of cases) {
    const response = await request.get(path, { timeout: REQUEST_TIMEOUT_MS, headers: { "X-Forwarded-For": nextClient() } });
    expect(response.status(), path).toBe(status);
  }
});

// Known issue, not ours to fix here: a malformed percent-encoding in a dynamic route's
// segment (/papers/%ke, /date/%FF, /api/papers/%C3%28) makes Next.js 16 itself answer
// 500 "Internal Server Error" (plain text, no details), before proxy.ts runs, so no guard
// of ours can turn it into a 400. Query strings are not affected (the fuzz above sends
// such bytes in every parameter). test.fail: this turns red once Next answers 4xx.
test("a malformed percent-encoding in a dynamic path segment is a 4xx (fails today: Next.js answers 500)", async ({ request }) => {
  test.fail();
  for (const path of ["/papers/%ke", "/api/papers/%FF", "/date/%C3%28", "/digest/%ED%A0%80"]) {
    const response = await request.get(path, { timeout: REQUEST_TIMEOUT_MS, maxRedirects: 0 });
    expect(await response.text(), path).not.toMatch(LEAKS[0]!);
    expect(response.status(), path).toBeLessThan(500);
  }
});
