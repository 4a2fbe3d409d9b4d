// /api/cron/ingest called as Next would call it, with ARXIV_API_URL and
// HF_DAILY_PAPERS_URL pointing at a local server that answers with recorded responses.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const hoisted = await vi.hoisted(async () => {
  const { startFixtureServer } = await import("@/tests/helpers/fixture-http");
  const server = await startFixtureServer();
  process.env.ARXIV_API_URL = `${server.origin}/api/query`;
  process.env.HF_DAILY_PAPERS_URL = `${server.origin}/api/daily_papers`;
  process.env.ARXIV_CATEGORIES = "cs.LG,cs.CL";
  return { server, afterTasks: [] as (() => Promise<unknown>)[] };
});

// after() only works inside Next's request scope: keep the task and run it here.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => void hoisted.afterTasks.push(task),
}));

import { GET, POST } from "@/app/api/cron/ingest/route";
import { GET as runGET } from "@/app/api/cron/ingest/runs/[runId]/route";
import { createPrismaClient } from "@/lib/db/client";
import { resetDatabase } from "../setup/reset-database";

const SECRET = process.env.CRON_SECRET!;
const request = (path: string, authorization?: string, method = "POST") =>
  new Request(`https://paperboy.test${path}`, { method, headers: authorization ? { authorization } : {} });
const runStatus = (runId: string) =>
  runGET(request(`/api/cron/ingest/runs/${runId}`, `Bearer ${SECRET}`, "GET"), { params: Promise.resolve({ runId }) });

describe("/api/cron/ingest", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  beforeAll(() => resetDatabase());
  afterAll(async () => {
    await hoisted.server.close();
    await db.$disconnect();
  });

  it("refuses without the Bearer secret, and with a wrong one", async () => {
    expect((await POST(request("/api/cron/ingest"), {})).status).toBe(401);
    expect((await GET(request("/api/cron/ingest", "Bearer wrong-secret-0000000", "GET"), {})).status).toBe(401);
    expect(hoisted.afterTasks).toHaveLength(0);
    expect(hoisted.server.requested).toHaveLength(0);
  });

  it("answers 202 with one queued run per source, then fetches yesterday's and today's papers", async () => {
    const response = await POST(request("/api/cron/ingest", `Bearer ${SECRET}`), {});
    expect(response.status).toBe(202);
    const body = (await response.json()) as { runs: { runId: string; source: string; status: string }[] };
    expect(body.runs.map((run) => [run.source, run.status])).toEqual([["arxiv", "queued"], ["hf-daily", "queued"]]);
    for (const run of body.runs) expect((await (await runStatus(run.runId)).json()).status).toBe("queued");

    await Promise.all(hoisted.afterTasks.splice(0).map((task) => task()));

    const [arxiv, hf] = await Promise.all(body.runs.map(async (run) => (await runStatus(run.runId)).json()));
    expect(arxiv).toMatchObject({ source: "arxiv", status: "succeeded", read: 5, inserted: 4 });
    expect(hf).toMatchObject({ source: "hf-daily", status: "succeeded", skipped: 4 });
    expect(hf.description).toMatch(/^featured on \d{4}-\d{2}-\d{2}, \d{4}-\d{2}-\d{2}$/);

    const queries = hoisted.server.requested.filter((url) => url.includes("/api/query"));
    expect(new URL(queries[0]!).searchParams.get("search_query")).toMatch(/^\(cat:cs\.LG OR cat:cs\.CL\) AND submittedDate:\[\d{12} TO \d{12}\]$/);
    const days = hoisted.server.requested.filter((url) => url.includes("/api/daily_papers")).map((url) => new URL(url).searchParams.get("date"));
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(days).toEqual([yesterday, today]);
    // The same fixture answers both days: its papers are written once, observed twice.
    expect(await db.paperObservation.count({ where: { source: "hf-daily" } })).toBe(8);
  }, 60_000);

  it("answers 404 for an unknown or malformed run id", async () => {
    expect((await runStatus("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await runStatus("not-a-uuid")).status).toBe(404);
  });
});
