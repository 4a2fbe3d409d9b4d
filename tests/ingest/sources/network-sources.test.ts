// The arXiv and Hugging Face sources end to end on the test database, fed recorded
// responses (tests/fixtures) through the injected HTTP layer.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { ingestArxiv } from "@/lib/ingest/sources/arxiv";
import { ingestHfDaily } from "@/lib/ingest/sources/hf-daily";
import type { NetworkDeps } from "@/lib/ingest/sources/network";
import { fixtureHttp } from "../../helpers/fixture-http";
import { resetDatabase } from "../../setup/reset-database";

const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 2 });
afterAll(() => db.$disconnect());
beforeEach(() => resetDatabase());

function network(): NetworkDeps & { http: ReturnType<typeof fixtureHttp>; slept: number[] } {
  const slept: number[] = [];
  return { http: fixtureHttp(), sleep: async (ms) => void slept.push(ms), slept };
}

const arxivOptions = (net: NetworkDeps) => ({
  db,
  baseUrl: "https://export.arxiv.test/api/query",
  categories: ["cs.LG", "cs.CL"],
  from: new Date("2026-11-22T00:00:00Z"),
  to: new Date("2026-11-23T23:59:59Z"),
  pageSize: 3,
  net,
});

describe("the arXiv source", () => {
  it("writes every page, keeps the newest version of a paper seen twice, and records the run", async () => {
    const net = network();
    const result = await ingestArxiv(arxivOptions(net));
    expect(result.status).toBe("succeeded");
    expect(net.http.requested.map((url) => new URL(url).searchParams.get("start"))).toEqual(["0", "3"]);

    const papers = await db.paper.findMany({ orderBy: { arxivId: "asc" }, select: { arxivId: true, arxivVersion: true, source: true, categories: true } });
    expect(papers.map((p) => [p.arxivId, p.arxivVersion])).toEqual([
      ["2611.01234", 2],
      ["2611.01300", 2],
      ["2611.01500", 1],
      ["hep-th/9901001", 1],
    ]);
    expect(papers.every((p) => p.source === "arxiv")).toBe(true);
    expect(result.totals).toMatchObject({ read: 5, inserted: 4, updated: 1, skipped: 0, failed: 0 });

    const run = await db.ingestRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run).toMatchObject({ source: "arxiv", status: "succeeded", read: 5, inserted: 4, updated: 1 });
    expect(run.description).toBe("cs.LG, cs.CL submitted 2026-11-22T00:00:00.000Z to 2026-11-23T23:59:59.000Z");
  });

  it("is idempotent: the same pages again insert and update nothing", async () => {
    await ingestArxiv(arxivOptions(network()));
    const before = await db.paper.findMany({ orderBy: { id: "asc" } });
    const again = await ingestArxiv(arxivOptions(network()));
    expect(again.totals).toMatchObject({ read: 5, inserted: 0, updated: 0, unchanged: 5 });
    expect(await db.paper.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("fails the run, keeping what it wrote, when arXiv cannot be reached", async () => {
    const net = network();
    let calls = 0;
    const http = Object.assign(async (url: string, init: Parameters<typeof net.http>[1]) => (++calls === 1 ? net.http(url, init) : new Response("down", { status: 503 })), { requested: [] });
    const result = await ingestArxiv({ ...arxivOptions({ ...net, http }), net: { ...net, http } });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/503/);
    expect(await db.paper.count()).toBe(3);
    expect(await db.ingestRun.findUniqueOrThrow({ where: { id: result.runId } })).toMatchObject({ status: "failed", inserted: 3 });
  });
});

describe("the Hugging Face daily-papers source", () => {
  it("stores papers, reports bad items with their place, and keeps upvotes and stars as observations", async () => {
    const result = await ingestHfDaily({ db, baseUrl: "https://huggingface.test/api/daily_papers", dates: ["2026-11-20"], net: network() });
    expect(result.status).toBe("succeeded");
    expect(result.totals).toMatchObject({ read: 6, inserted: 4, skipped: 2 });
    expect(result.totals.issues.map((issue) => issue.position)).toEqual(["2026-11-20 item 4", "2026-11-20 item 5"]);

    const routers = await db.paper.findUniqueOrThrow({ where: { arxivId: "2611.14501" }, include: { observations: true } });
    expect(routers.title).toBe("Sparse Mixture Routers Learn to Schedule Themselves");
    expect(routers.source).toBe("hf-daily");
    expect(routers.observations.map((o) => [o.source, o.upvotes, o.githubStars])).toEqual([["hf-daily", 87, 1234]]);
    expect(await db.vote.count()).toBe(0);
  });

  it("adds an observation per run to a paper arXiv already gave us, without taking over its text", async () => {
    await db.paper.create({
      data: { id: "arxiv0000001", arxivId: "2611.05050", arxivVersion: 3, title: "Symmetries of Attention (arXiv title)", titleKey: "x", abstract: "From arXiv.", publishedAt: new Date("2026-11-19T00:00:00Z"), source: "arxiv" },
    });
    for (let run = 0; run < 2; run++) {
      await ingestHfDaily({ db, baseUrl: "https://huggingface.test/api/daily_papers", dates: ["2026-11-20"], net: network() });
    }
    const paper = await db.paper.findUniqueOrThrow({ where: { arxivId: "2611.05050" }, include: { observations: true } });
    expect(paper.title).toBe("Symmetries of Attention (arXiv title)");
    expect(paper.abstract).toBe("From arXiv.");
    expect(paper.observations.map((o) => o.upvotes)).toEqual([31, 31]);
  });
});
