// Serves recorded API responses (tests/fixtures) in place of the network: as an injected
// HttpGet for library tests, or as a local HTTP server for tests of routes that use fetch.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { HttpGet } from "@/lib/ingest/record";

export const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, "..", "fixtures", name), "utf8");

/** A response body (and content type) for a URL, or null for a 404. */
export type FixtureRoute = (url: URL) => { body: string; type: string } | null;

/** arXiv pages by their `start` parameter; Hugging Face's fixture for every date. */
export const apiFixtures: FixtureRoute = (url) => {
  if (url.pathname.endsWith("/api/query")) {
    const page = { "0": "arxiv/page1.atom", "3": "arxiv/page2.atom" }[url.searchParams.get("start") ?? ""];
    return page ? { body: fixture(page), type: "application/atom+xml" } : { body: fixture("arxiv/empty.atom"), type: "application/atom+xml" };
  }
  if (url.pathname.endsWith("/api/daily_papers")) return { body: fixture("hf-daily/daily_papers-2026-11-20.json"), type: "application/json" };
  return null;
};

export function fixtureHttp(route: FixtureRoute = apiFixtures): HttpGet & { requested: string[] } {
  const requested: string[] = [];
  const http = async (url: string) => {
    requested.push(url);
    const hit = route(new URL(url));
    return hit ? new Response(hit.body, { headers: { "content-type": hit.type } }) : new Response("not found", { status: 404 });
  };
  return Object.assign(http, { requested });
}

export async function startFixtureServer(route: FixtureRoute = apiFixtures) {
  const requested: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixtures.test");
    requested.push(url.toString());
    const hit = route(url);
    res.writeHead(hit ? 200 : 404, { "content-type": hit?.type ?? "text/plain" }).end(hit?.body ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requested, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
