import "server-only";
import { db } from "@/lib/db";
import { correctableWords, parseQuery, replaceWords } from "./parse-query";

/**
 * "Did you mean": each word of the query that no paper uses is replaced by the
 * most similar word of the corpus vocabulary (pg_trgm trigram similarity through
 * the trigram index on search_words; ties go to the more common word).
 * Returns null when nothing needed, or could find, a correction.
 */
export async function suggestCorrection(query: string): Promise<string | null> {
  const words = correctableWords(parseQuery(query));
  if (words.length === 0) return null;

  // Known words are set aside first (MATERIALIZED keeps that order): the trigram
  // search is the expensive part and only runs for words no paper uses.
  const rows = await db.$queryRaw<{ input: string; correction: string }[]>`
    WITH unknown AS MATERIALIZED (
      SELECT w.input FROM unnest(${words}::text[]) AS w(input)
      WHERE NOT EXISTS (SELECT 1 FROM search_words known WHERE known.word = w.input)
    )
    SELECT u.input, best.word AS correction
    FROM unknown u
    CROSS JOIN LATERAL (
      SELECT s.word FROM search_words s
      WHERE s.word % u.input
      ORDER BY similarity(s.word, u.input) DESC, s.ndoc DESC, s.word
      LIMIT 1
    ) best`;
  if (rows.length === 0) return null;

  const corrected = replaceWords(query, new Map(rows.map((row) => [row.input, row.correction])));
  return corrected === query ? null : corrected;
}
