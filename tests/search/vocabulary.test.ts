// The vocabulary that ingest batches keep current must equal a rebuild from every paper:
// new papers add their words, a changed title or abstract takes its old words away.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { IngestRecord } from "@/lib/ingest/record";
import { mergeBatch } from "@/lib/ingest/write/merge-batch";
import { rebuildSearchVocabulary } from "@/lib/search/vocabulary";
import { resetDatabase } from "../setup/reset-database";

const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 2 });
afterAll(() => db.$disconnect());
beforeEach(() => resetDatabase());

const record = (arxivId: string, arxivVersion: number, title: string, abstract: string): IngestRecord => ({
  arxivId, arxivVersion, title, abstract, authors: [], publishedAt: new Date("2026-11-01T00:00:00Z"), sourceUpdatedAt: null,
  categories: [], comment: null, links: [], observation: null,
});

async function vocabulary() {
  const words = await db.searchWord.findMany({ orderBy: { word: "asc" } });
  const lexemes = await db.searchLexeme.findMany({ orderBy: { lexeme: "asc" } });
  return { words: words.map((w) => [w.word, w.ndoc]), lexemes: lexemes.map((l) => [l.lexeme, l.ndoc]) };
}

describe("the search vocabulary", () => {
  it("after inserts, new versions and re-ingests equals a rebuild from scratch", async () => {
    await mergeBatch(db, [record("2611.00001", 1, "Quantum annealing schedules", "We anneal qubits slowly."), record("2611.00002", 1, "Annealing for routing", "Routing with simulated annealing.")], "arxiv");
    // v2 drops "qubits" and "slowly", adds "photons".
    await mergeBatch(db, [record("2611.00001", 2, "Quantum annealing schedules", "We anneal photons.")], "arxiv");
    // The same record again changes nothing.
    await mergeBatch(db, [record("2611.00002", 1, "Annealing for routing", "Routing with simulated annealing.")], "arxiv");

    const incremental = await vocabulary();
    expect(incremental.words).toContainEqual(["annealing", 2]);
    expect(incremental.words).toContainEqual(["photons", 1]);
    expect(incremental.words.map(([word]) => word)).not.toContain("qubits");
    expect(incremental.lexemes).toContainEqual(["anneal", 2]);

    await rebuildSearchVocabulary(db);
    expect(await vocabulary()).toEqual(incremental);
  });
});
