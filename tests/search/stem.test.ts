// Matches are marked in Node (lib/search/highlight.ts) by stemming a title's or an
// abstract's words and comparing with the lexemes Postgres made of the query, so the
// stemmer must agree with Postgres' english_stem word for word.
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { readDemoDumps } from "@/lib/ingest/demo/load-demo";
import { STEM_KEEPS, stemOf } from "@/lib/search/stem";

const db = createPrismaClient(process.env.DATABASE_URL!, { poolSize: 1 });
afterAll(() => db.$disconnect());

// Porter2's exceptional forms, and words where its suffix rules rewrite the most.
const HARD_WORDS = ["dying", "lying", "tying", "skies", "idly", "gently", "ugly", "early", "only", "singly", "news", "atlas",
  "cosmos", "bias", "andes", "yelling", "youth", "generalization", "relational", "conditional", "happiness", "cries", "ties"];

async function demoWords(): Promise<string[]> {
  const words = new Set(HARD_WORDS);
  for (const dump of await readDemoDumps()) {
    for (const { title, abstract } of dump) {
      for (const [word] of `${title} ${abstract}`.toLowerCase().matchAll(/[\p{L}\p{M}\p{N}]+/gu)) words.add(word);
    }
  }
  return [...words];
}

describe("stemOf", () => {
  it("stems every word of the demo corpus as Postgres' english_stem does", async () => {
    const words = await demoWords();
    expect(words.length).toBeGreaterThan(5_000);
    const rows = await db.$queryRaw<{ word: string; stems: string[] | null }[]>`
      SELECT word, ts_lexize('english_stem', word) AS stems FROM unnest(${words}::text[]) AS w(word)`;
    // english_stem gives stopwords no lexeme; they never match a query's lexemes.
    const disagreements = rows.filter(({ word, stems }) => stems?.length && stems[0] !== stemOf(word)).map(({ word, stems }) => `${word}: ${stems}/${stemOf(word)}`);
    expect(disagreements).toEqual([]);
  });

  it("keeps the first STEM_KEEPS letters of every word, which highlight.ts relies on to skip stemming", async () => {
    const changed = (await demoWords()).filter((word) => stemOf(word).slice(0, STEM_KEEPS) !== word.slice(0, STEM_KEEPS));
    expect(changed).toEqual([]);
  });

  it("gives the same stem when asked again", () => {
    expect(stemOf("learning")).toBe("learn");
    expect(stemOf("learning")).toBe("learn");
  });
});
