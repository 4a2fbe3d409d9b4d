import { z } from "zod";
import { searchQuerySchema } from "@/lib/search/schema";

export const MAX_KEYWORDS = 20;

/**
 * Followed keywords: each one a saved search in the search syntax. A form sends
 * them as one text (one per line or comma-separated); the API as an array.
 */
export const keywordsSchema = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => {
    const list = value === undefined ? [] : Array.isArray(value) ? value : value.split(/[\n,]/);
    return list.map((keyword) => keyword.trim()).filter(Boolean);
  })
  .pipe(z.array(searchQuerySchema))
  // Duplicates are dropped before counting: "a, A, a" is one keyword.
  .transform((keywords) => [...new Set(keywords.map((keyword) => keyword.toLowerCase()))])
  .pipe(z.array(z.string()).max(MAX_KEYWORDS, `Follow at most ${MAX_KEYWORDS} keywords.`));
