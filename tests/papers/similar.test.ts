import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { loadDemoCorpus } from "@/lib/ingest/demo/load-demo";
import { paperIdFor } from "@/lib/papers/paper-id";
import { getSimilarPapers, SIMILAR_CANDIDATES } from "@/lib/papers/similar";
import { titleKey } from "@/lib/papers/title-key";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

const now = new Date("2026-11-23T12:00:00Z");
const idOf = (title: string) => paperIdFor(titleKey(title));

describe("getSimilarPapers on the demo corpus", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);

  beforeAll(async () => {
    await resetDatabase();
    await loadDemoCorpus(db, { now });
  });
  afterAll(() => db.$disconnect());

  async function topicalText(ids: string[]): Promise<string[]> {
    const papers = await db.paper.findMany({ where: { id: { in: ids } }, select: { id: true, title: true, abstract: true } });
    const byId = new Map(papers.map((p) => [p.id, `${p.title}\n${p.abstract}`.toLowerCase()]));
    return ids.map((id) => byId.get(id) ?? "");
  }

  // Each case: a paper with a clear topic, and words of which every similar paper must use one.
  const topics = [
    { title: "Understanding the Behaviour of Contrastive Loss", words: ["contrastive"] },
    { title: "Scaling Law with Learning Rate Annealing", words: ["scaling law"] },
    { title: "Cross-Entropy Loss Functions: Theoretical Analysis and Applications", words: ["cross-entropy", "cross entropy"] },
    { title: "Supervised Contrastive Learning", words: ["contrastive", "self-supervised"] },
  ];

  for (const { title, words } of topics) {
    it(`finds papers on the same topic as “${title}”`, async () => {
      const id = idOf(title);
      const similar = await getSimilarPapers(id);
      expect(similar).toHaveLength(5);
      expect(similar.map((p) => p.id)).not.toContain(id);
      for (const [index, text] of (await topicalText(similar.map((p) => p.id))).entries()) {
        expect(words.some((word) => text.includes(word)), `${similar[index].title} is not about ${words.join("/")}`).toBe(true);
      }
    });
  }

  it("never lists the paper itself, at most `limit` papers, each once, with its vote count", async () => {
    const papers = await db.paper.findMany({ select: { id: true }, orderBy: { id: "asc" }, take: 40 });
    for (const { id } of papers) {
      const similar = await getSimilarPapers(id);
      const ids = similar.map((p) => p.id);
      expect(ids).not.toContain(id);
      expect(ids.length).toBeLessThanOrEqual(5);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const [first] = await getSimilarPapers(idOf("Supervised Contrastive Learning"));
    expect(first.votes).toBe(await db.vote.count({ where: { paperId: first.id } }));
    expect(first.publishedAt).toBeInstanceOf(Date);
    expect(await getSimilarPapers(idOf("Supervised Contrastive Learning"), 2)).toHaveLength(2);
    expect(await getSimilarPapers(idOf("Supervised Contrastive Learning"), 0)).toEqual([]);
  });

  it("returns [] for an unknown id", async () => {
    expect(await getSimilarPapers("ffffffffffff")).toEqual([]);
    expect(await getSimilarPapers("not an id at all")).toEqual([]);
  });
});

describe("getSimilarPapers on a few hand-made papers", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const paper = (id: string, title: string, abstract: string) => ({
    id,
    title,
    titleKey: titleKey(title),
    abstract,
    publishedAt: now,
    source: "test",
  });

  beforeAll(async () => {
    await resetDatabase();
    await db.paper.createMany({
      data: [
        paper("aaaaaaaaaaaa", "Wuggle Theory", "Quantum wuggles and flumphs at https://x.org/a?b=c&d=e#f in O'Neil's lab."),
        paper("bbbbbbbbbbbb", "Wuggle Practice", "Flumphs measured, see https://x.org/a?b=c&d=e#f."),
        paper("cccccccccccc", "Unrelated Gardening", "Tomatoes need sun."),
        paper("dddddddddddd", "Nothing in Common", "Zebras gallop quickly."),
      ],
    });
    await rebuildSearchVocabulary(db);
  });
  afterAll(() => db.$disconnect());

  it("matches on shared rare words, URLs with tsquery operators in them included", async () => {
    expect((await getSimilarPapers("aaaaaaaaaaaa")).map((p) => p.id)).toEqual(["bbbbbbbbbbbb"]);
  });

  it("returns [] for a paper that shares no word with any other", async () => {
    expect(await getSimilarPapers("dddddddddddd")).toEqual([]);
  });
});

describe("getSimilarPapers on more papers than it scores", () => {
  const db = createPrismaClient(process.env.DATABASE_URL!);
  const HOUR = 3_600_000;
  const OTHERS = SIMILAR_CANDIDATES + 200;

  // Every other paper shares the source's rare words; the oldest one shares its title
  // too, and would be the best match if every paper were scored.
  beforeAll(async () => {
    await resetDatabase();
    const ids = Array.from({ length: OTHERS }, (_, i) => `o${String(i).padStart(11, "0")}`);
    await db.$executeRaw`
      INSERT INTO papers (id, title, title_key, abstract, published_at, source, links, created_at, updated_at)
      SELECT id, CASE WHEN n = ${OTHERS} THEN 'Quokka wombat burrows' ELSE 'Note ' || n END, id,
             'On quokka and wombat burrows, note ' || n, ${now}::timestamptz - n * interval '1 hour', 'test', '{}', now(), now()
      FROM unnest(${ids}::text[]) WITH ORDINALITY AS t(id, n)`;
    // Papers on other things, so the shared words are distinctive (idf > 0).
    await db.$executeRaw`
      INSERT INTO papers (id, title, title_key, abstract, published_at, source, links, created_at, updated_at)
      SELECT 'f' || lpad(n::text, 11, '0'), 'Gardening ' || n, 'f' || n, 'Tomatoes need sun.', ${now}::timestamptz - interval '1 year', 'test', '{}', now(), now()
      FROM generate_series(1, 2000) AS n`;
    await db.paper.create({ data: { id: "s00000000000", title: "Quokka wombat burrows", titleKey: "source", abstract: "Quokka and wombat burrows.", publishedAt: new Date(now.getTime() - HOUR / 2), source: "test" } });
    await db.$executeRawUnsafe("ANALYZE papers");
    await rebuildSearchVocabulary(db);
  }, 60_000);
  afterAll(async () => {
    await db.$disconnect();
  });

  it("scores only the newest SIMILAR_CANDIDATES papers that share a term", async () => {
    const similar = await getSimilarPapers("s00000000000", 20);
    expect(similar).toHaveLength(20);
    const oldestScored = now.getTime() - SIMILAR_CANDIDATES * HOUR;
    for (const paper of similar) expect(paper.publishedAt.getTime()).toBeGreaterThanOrEqual(oldestScored);
    expect(similar.map((p) => p.id)).not.toContain(`o${String(OTHERS - 1).padStart(11, "0")}`);
  });
});
