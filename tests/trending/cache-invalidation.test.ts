// Which cache tags the vote route and the cron ingest route expire (lib/cache). Next's
// data cache exists only inside its server, so updateTag, revalidateTag and revalidatePath are recorded
// here; that expiring them really refreshes the pages is tests/e2e/cache-invalidation.spec.ts's
// part (votes), on the production server.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

/** `tag`: a tag, or for revalidatePath the path (with its type). */
type Expiry = { call: "updateTag" | "revalidateTag" | "revalidatePath"; tag: string; profile?: unknown };

const hoisted = await vi.hoisted(async () => {
  const { apiFixtures, fixture, startFixtureServer } = await import("@/tests/helpers/fixture-http");
  const state = { sourcesEmpty: false };
  // arXiv and Hugging Face as recorded, or (sourcesEmpty) with nothing new to give.
  const server = await startFixtureServer((url) => {
    if (!state.sourcesEmpty) return apiFixtures(url);
    if (url.pathname.endsWith("/api/query")) return { body: fixture("arxiv/empty.atom"), type: "application/atom+xml" };
    return url.pathname.endsWith("/api/daily_papers") ? { body: "[]", type: "application/json" } : null;
  });
  process.env.ARXIV_API_URL = `${server.origin}/api/query`;
  process.env.HF_DAILY_PAPERS_URL = `${server.origin}/api/daily_papers`;
  return { server, state, afterTasks: [] as (() => Promise<unknown>)[], expired: [] as Expiry[], user: null as { id: string; email: string } | null };
});

// after() and the tag functions only work inside Next's request scope: keep and record them.
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => void hoisted.afterTasks.push(task),
}));
vi.mock("next/cache", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/cache")>()),
  updateTag: (tag: string) => void hoisted.expired.push({ call: "updateTag", tag }),
  revalidateTag: (tag: string, profile: unknown) => void hoisted.expired.push({ call: "revalidateTag", tag, profile }),
  revalidatePath: (path: string, type: string) => void hoisted.expired.push({ call: "revalidatePath", tag: `${path} (${type})` }),
}));
// The signed-in voter, without a session cookie (cookies() also needs a request).
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => hoisted.user }));

import { POST as startIngest } from "@/app/api/cron/ingest/route";
import { POST as postVote } from "@/app/papers/[id]/vote/route";
import { createPrismaClient } from "@/lib/db/client";
import { resetDatabase } from "../setup/reset-database";

/** Every cached search page (app/search/results/[key]): revalidatePath without a profile expires at once. */
const SEARCH_PAGES_EXPIRED: Expiry = { call: "revalidatePath", tag: "/search/results/[key] (page)" };

const PAPER_ID = "cac4e0000001";

/** The vote form's POST, from the paper page; answers 303 to `location`. */
async function vote(paperId: string, location = `/papers/${paperId}`): Promise<void> {
  const request = new Request(`https://paperboy.test/papers/${paperId}/vote`, { method: "POST", headers: { origin: "https://paperboy.test" } });
  const response = await postVote(request, { params: Promise.resolve({ id: paperId }) });
  expect([response.status, response.headers.get("location")]).toEqual([303, location]);
}

async function runCronIngest(): Promise<void> {
  const response = await startIngest(new Request("https://paperboy.test/api/cron/ingest", { method: "POST", headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } }), {});
  expect(response.status).toBe(202);
  await Promise.all(hoisted.afterTasks.splice(0).map((task) => task()));
}

describe("cache invalidation", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    await db.paper.create({
      data: { id: PAPER_ID, title: "Cached paper", titleKey: "cached paper", abstract: "An abstract.", publishedAt: new Date(Date.now() - 3_600_000), source: "test" },
    });
  });
  beforeEach(() => {
    hoisted.expired.length = 0;
    hoisted.state.sourcesEmpty = false;
  });
  afterAll(async () => {
    await hoisted.server.close();
    await db.$disconnect();
  });

  it("a vote, and taking it back, expire the trending lists, that paper's page and every search page at once (revalidateTag, expire 0; revalidatePath)", async () => {
    hoisted.user = { id: "cache-test-voter", email: "voter@example.org" };
    await vote(PAPER_ID);
    expect(await db.vote.count({ where: { paperId: PAPER_ID } })).toBe(1);
    expect(hoisted.expired).toEqual([
      { call: "revalidateTag", tag: "trending", profile: { expire: 0 } },
      { call: "revalidateTag", tag: `paper:${PAPER_ID}`, profile: { expire: 0 } },
      SEARCH_PAGES_EXPIRED,
    ]);

    hoisted.expired.length = 0;
    await vote(PAPER_ID);
    expect(await db.vote.count({ where: { paperId: PAPER_ID } })).toBe(0);
    expect(hoisted.expired.map((expiry) => expiry.tag)).toEqual(["trending", `paper:${PAPER_ID}`, SEARCH_PAGES_EXPIRED.tag]);
  });

  it("a signed-out visitor's vote changes nothing and expires nothing", async () => {
    hoisted.user = null;
    await vote(PAPER_ID, "/sign-in");
    expect(hoisted.expired).toEqual([]);
  });

  it("an ingest that adds papers expires the trending lists, every cached paper and every search page, for the next read (revalidateTag, expire 0; revalidatePath)", async () => {
    const papersBefore = await db.paper.count();
    await runCronIngest();
    expect(await db.paper.count()).toBeGreaterThan(papersBefore);
    expect(hoisted.expired).toEqual([
      { call: "revalidateTag", tag: "trending", profile: { expire: 0 } },
      { call: "revalidateTag", tag: "papers", profile: { expire: 0 } },
      SEARCH_PAGES_EXPIRED,
    ]);
  }, 60_000);

  it("an ingest that finds nothing expires nothing", async () => {
    hoisted.state.sourcesEmpty = true;
    const papersBefore = await db.paper.count();
    await runCronIngest();
    expect(await db.paper.count()).toBe(papersBefore);
    const runs = await db.ingestRun.findMany({ orderBy: { startedAt: "desc" }, take: 2 });
    expect(runs.map((run) => [run.status, run.read])).toEqual([
      ["succeeded", 0],
      ["succeeded", 0],
    ]);
    expect(hoisted.expired).toEqual([]);
  }, 60_000);
});
