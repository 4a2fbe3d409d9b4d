// Loads the demo corpus shipped in prisma/demo into a database. Idempotent:
// papers are keyed by normalised title and votes by (paper, voter), so a second
// load adds nothing.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { demoVotes, uniquePapers } from "./demo-papers";
import { parseDump } from "./parse-dump";

export const DEMO_DIR = path.join(process.cwd(), "prisma", "demo");

export type DemoLoadResult = { listings: number; papers: number; insertedPapers: number; insertedVotes: number };

export async function readDemoDumps(dir = DEMO_DIR) {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".txt")).sort();
  return Promise.all(files.map(async (file) => parseDump(await readFile(path.join(dir, file), "utf8"))));
}

export async function loadDemoCorpus(db: Database, options: { now: Date; dir?: string }): Promise<DemoLoadResult> {
  const dumps = await readDemoDumps(options.dir);
  const papers = uniquePapers(dumps, options.now);
  const votes = demoVotes(papers, options.now);

  const [insertedPapers, insertedVotes] = await db.$transaction(async (tx) => {
    const paperRows = await tx.paper.createMany({
      data: papers.map((p) => ({
        id: p.id,
        title: p.title,
        titleKey: p.titleKey,
        abstract: p.abstract,
        links: p.links,
        publishedAt: p.publishedAt,
        source: "demo",
      })),
      skipDuplicates: true,
    });
    const voteRows = await tx.vote.createMany({ data: votes, skipDuplicates: true });
    return [paperRows.count, voteRows.count];
    // Prisma's 5 s default is too short for ~7k rows on the embedded database on a busy machine.
  }, { timeout: 120_000 });
  if (insertedPapers > 0) await rebuildSearchVocabulary(db);

  return {
    listings: dumps.reduce((sum, dump) => sum + dump.length, 0),
    papers: papers.length,
    insertedPapers,
    insertedVotes,
  };
}
