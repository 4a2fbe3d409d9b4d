// Requests as a browser or a script sends them to the route handlers, for the vitest
// security suites: the app's origin, a client address (X-Forwarded-For) per caller.
export const ORIGIN = "https://paperboy.test";
export const EVIL = "https://evil.example";

let ipCounter = 0;
/** A client address no other test uses, so only the tests about one limit share its bucket. */
export const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

type Options = { ip?: string; origin?: string | null; headers?: Record<string, string> };

function headersFor({ ip = freshIp(), origin = ORIGIN, headers = {} }: Options): Headers {
  const all = new Headers({ "x-forwarded-for": ip, ...headers });
  if (origin !== null) all.set("origin", origin);
  return all;
}

/** A form post (application/x-www-form-urlencoded), as an HTML form sends it. */
export function formPost(path: string, fields: Record<string, string>, options: Options = {}): Request {
  const headers = headersFor(options);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
}

/** A JSON post, as an API client sends it. */
export function jsonPost(path: string, body: unknown, options: Options = {}): Request {
  const headers = headersFor(options);
  headers.set("content-type", "application/json");
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

/** A GET, as a browser or a feed reader sends it. */
export function get(path: string, options: Options = {}): Request {
  return new Request(`${ORIGIN}${path}`, { headers: headersFor({ origin: null, ...options }) });
}

/** Everything a client can observe of an answer: status, headers, body. */
export async function observable(response: Response): Promise<{ status: number; headers: [string, string][]; body: string }> {
  return { status: response.status, headers: [...response.headers.entries()], body: await response.text() };
}
