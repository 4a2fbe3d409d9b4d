import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { countPapers, getPaper } from "@/lib/papers/queries";
import { resetDatabase } from "../setup/reset-database";

describe("paper queries", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    await db.paper.create({
      data: {
        id: "0123456789ab",
        arxivId: "2501.00001",
        title: "Ordered Authors",
        titleKey: "ordered authors",
        abstract: "Code at https://github.com/a/b.",
        links: ["https://github.com/a/b"],
        publishedAt: new Date("2026-11-01T00:00:00Z"),
        source: "test",
        authors: {
          create: ["Zoe Last", "Adam First", "Mia Middle"].map((name, position) => ({
            position,
            author: { create: { name } },
          })),
        },
        votes: { create: [{ voterId: "u1" }, { voterId: "u2" }] },
      },
    });
  });
  afterAll(() => db.$disconnect());

  it("returns a paper whole, authors in their listed order, with its vote count", async () => {
    expect(await getPaper("0123456789ab")).toEqual({
      id: "0123456789ab",
      arxivId: "2501.00001",
      title: "Ordered Authors",
      abstract: "Code at https://github.com/a/b.",
      publishedAt: new Date("2026-11-01T00:00:00Z"),
      source: "test",
      links: ["https://github.com/a/b"],
      categories: [],
      comment: null,
      authors: ["Zoe Last", "Adam First", "Mia Middle"],
      votes: 2,
      huggingFace: null,
    });
  });

  it("carries Hugging Face's latest observation of the paper", async () => {
    const observe = (observedAt: string, upvotes: number) =>
      db.paperObservation.create({
        data: { paperId: "0123456789ab", source: "hf-daily", observedAt: new Date(observedAt), upvotes, githubStars: 40, featuredAt: new Date("2026-11-02T03:00:00Z") },
      });
    await observe("2026-11-02T06:00:00Z", 10);
    await observe("2026-11-03T06:00:00Z", 25);
    expect((await getPaper("0123456789ab"))!.huggingFace).toEqual({
      upvotes: 25,
      githubStars: 40,
      featuredAt: new Date("2026-11-02T03:00:00Z"),
      observedAt: new Date("2026-11-03T06:00:00Z"),
    });
    await db.paperObservation.deleteMany();
  });

  it("returns null for an unknown id and counts papers", async () => {
    expect(await getPaper("ffffffffffff")).toBeNull();
    expect(await countPapers()).toBe(1);
  });

  it("lets the database refuse a second vote by the same voter", async () => {
    await expect(db.vote.create({ data: { paperId: "0123456789ab", voterId: "u1" } })).rejects.toThrow();
  });
});
