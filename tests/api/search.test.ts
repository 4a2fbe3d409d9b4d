import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/search/route";
import { createPrismaClient } from "@/lib/db/client";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

const DAY_MS = 86_400_000;
const now = Date.now();

async function get(query: string): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const response = await GET(new Request(`http://localhost/api/search${query}`));
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

async function expectBadRequest(query: string, error: string | RegExp) {
  const { status, type, body } = await get(query);
  expect(status).toBe(400);
  expect(type).toMatch(/^application\/json/);
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error).toEqual(typeof error === "string" ? error : expect.stringMatching(error));
}

describe("GET /api/search", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    const papers = [
      { id: "a00000000001", title: "Contrastive loss for retrieval", abstract: "We study embeddings of documents <b>for</b> search & ranking.", daysAgo: 3, authors: ["Ada Lovelace", "Alan Turing"], votes: 2 },
      { id: "a00000000002", title: "Embeddings for retrieval", abstract: "We study a contrastive loss for documents.", daysAgo: 2, authors: [], votes: 0 },
      { id: "a00000000003", title: "Contrastive views", abstract: "Contrastive pretraining of image encoders.", daysAgo: 1, authors: [], votes: 5 },
    ];
    for (const paper of papers) {
      await db.paper.create({
        data: {
          id: paper.id,
          title: paper.title,
          titleKey: paper.title.toLowerCase(),
          abstract: paper.abstract,
          publishedAt: new Date(now - paper.daysAgo * DAY_MS),
          source: "test",
          authors: { create: paper.authors.map((name, position) => ({ position, author: { create: { name } } })) },
          votes: { create: Array.from({ length: paper.votes }, (_, n) => ({ voterId: `u${n}` })) },
        },
      });
    }
    await rebuildSearchVocabulary(db);
  });
  afterAll(() => db.$disconnect());

  it("returns the query, the total and results in the public shape", async () => {
    const { status, type, body } = await get("?q=contrastive+loss");
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(Object.keys(body).sort()).toEqual(["capped", "query", "results", "total"]);
    expect(body).toMatchObject({ query: "contrastive loss", total: 2, capped: false });
    const results = body.results as Record<string, unknown>[];
    expect(results.map((r) => r.id)).toEqual(["a00000000001", "a00000000002"]);
    expect(Object.keys(results[0]).sort()).toEqual(["authors", "id", "publishedAt", "snippet", "title", "url", "votes"]);
    expect(results[0]).toMatchObject({
      title: "Contrastive loss for retrieval",
      authors: ["Ada Lovelace", "Alan Turing"],
      votes: 2,
      publishedAt: new Date(now - 3 * DAY_MS).toISOString(),
    });
    expect(results[1].snippet).toMatch(/<mark>contrastive<\/mark> <mark>loss<\/mark>/);
  });

  it("gives absolute paper URLs", async () => {
    const { body } = await get("?q=contrastive");
    for (const result of body.results as { id: string; url: string }[]) {
      const url = new URL(result.url);
      expect(url.protocol).toMatch(/^https?:$/);
      expect(url.pathname).toBe(`/papers/${result.id}`);
    }
  });

  it("escapes HTML in snippets: only <mark> is markup", async () => {
    const { body } = await get("?q=embeddings");
    const snippet = (body.results as { id: string; snippet: string }[]).find((r) => r.id === "a00000000001")!.snippet;
    expect(snippet).toContain("&amp;");
    expect(snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
  });

  it("pages with limit and offset, and sorts by newest", async () => {
    const { body } = await get("?q=contrastive&sort=newest&limit=2&offset=1");
    expect(body.total).toBe(3);
    expect((body.results as { id: string }[]).map((r) => r.id)).toEqual(["a00000000002", "a00000000001"]);
  });

  it("sorts by trending: votes weighed against age", async () => {
    const { body } = await get("?q=contrastive&sort=trending");
    expect((body.results as { id: string }[]).map((r) => r.id)).toEqual(["a00000000003", "a00000000001", "a00000000002"]);
  });

  it("filters by date, inclusive", async () => {
    const day = new Date(now - 2 * DAY_MS).toISOString().slice(0, 10);
    const { body } = await get(`?q=contrastive&from=${day}&to=${day}`);
    expect((body.results as { id: string }[]).map((r) => r.id)).toEqual(["a00000000002"]);
  });

  it("answers a misspelling with the suggestion and the corrected results", async () => {
    const { status, body } = await get("?q=contrastiv+loss");
    expect(status).toBe(200);
    expect(body).toMatchObject({ query: "contrastive loss", suggestion: "contrastive loss", correctedFrom: "contrastiv loss", total: 2 });
  });

  it("cleans a NUL byte inside the query instead of failing", async () => {
    const { status, body } = await get("?q=contras%00tive");
    expect(status).toBe(200);
    expect(body.query).not.toContain("\u0000");
  });

  it("refuses a missing, empty, blank or NUL-only query", async () => {
    await expectBadRequest("", "Type something to search for.");
    await expectBadRequest("?q=", "Type something to search for.");
    await expectBadRequest("?q=+++", "Type something to search for.");
    await expectBadRequest("?q=%00", "Type something to search for.");
  });

  it("refuses a query over 256 characters", async () => {
    await expectBadRequest(`?q=${"a".repeat(300)}`, "Searches are limited to 256 characters.");
  });

  it("refuses searches that cannot match: common words only, exclusions only, junk", async () => {
    await expectBadRequest("?q=the+of+and", /only very common words/);
    await expectBadRequest("?q=-foo", /exclusions/);
    await expectBadRequest("?q=!!!+---", /at least one word/);
  });

  it("refuses a bad limit or offset", async () => {
    for (const limit of ["0", "101", "abc", "1.5", "-1"]) {
      await expectBadRequest(`?q=contrastive&limit=${limit}`, "limit must be a whole number from 1 to 100");
    }
    for (const offset of ["-1", "500", "x"]) {
      await expectBadRequest(`?q=contrastive&offset=${offset}`, "offset must be a whole number from 0 to 499");
    }
  });

  it("refuses a bad sort, bad dates and from after to", async () => {
    await expectBadRequest("?q=contrastive&sort=oldest", "sort must be relevance, newest or trending");
    await expectBadRequest("?q=contrastive&sort=new%00est", "sort must be relevance, newest or trending");
    await expectBadRequest("?q=contrastive&from=2026-13-01", "from must be a real calendar date");
    await expectBadRequest("?q=contrastive&to=last-week", "to must be a date like 2026-11-23");
    await expectBadRequest("?q=contrastive&from=2026-11-02&to=2026-11-01", "from must not be after to");
  });

  it("keeps the first value of a repeated parameter", async () => {
    const { status, body } = await get("?q=contrastive&limit=1&limit=500&q=");
    expect(status).toBe(200);
    expect(body.results).toHaveLength(1);
  });

  it("accepts the largest limit and offset", async () => {
    const { status, body } = await get("?q=contrastive&limit=100&offset=499");
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 3, capped: false, results: [] });
  });
});
