import { z } from "zod";
import { categoryParam } from "@/lib/papers/categories";
import { isRealDay } from "@/lib/papers/day-schema";
import { emptyAsUnset } from "@/lib/validation/params";

export const MAX_QUERY_LENGTH = 256;
/**
 * Search ranks the newest this-many matches and serves no results past them: nobody
 * pages that deep, and the cap bounds the work (lib/search/newest-matches.ts).
 */
export const MAX_RESULTS = 500;
export const MAX_RESULTS_OFFSET = MAX_RESULTS - 1;
export const SEARCH_SORTS = ["relevance", "newest", "trending"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/** Control characters (NUL breaks Postgres text) become spaces; runs of space collapse. */
const cleanQuery = (raw: string) =>
  raw
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-11-23")
  .refine(isRealDay, { message: "must be a real calendar date" });

export const searchQuerySchema = z
  .string({ message: "Type something to search for." })
  .transform(cleanQuery)
  .pipe(
    z
      .string()
      .min(1, "Type something to search for.")
      .max(MAX_QUERY_LENGTH, `Searches are limited to ${MAX_QUERY_LENGTH} characters.`),
  );

/** What every search entry point (page, JSON API, feed) accepts besides paging. */
export const searchFiltersSchema = z
  .object({
    q: searchQuerySchema,
    sort: z.preprocess(emptyAsUnset, z.enum(SEARCH_SORTS, { message: "must be relevance, newest or trending" }).default("relevance")),
    from: z.preprocess(emptyAsUnset, isoDay.optional()),
    to: z.preprocess(emptyAsUnset, isoDay.optional()),
    category: categoryParam,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "must not be after to", path: ["from"] });

export type SearchFilters = z.infer<typeof searchFiltersSchema>;

/** The first problem, as one sentence for a person: "from must be a date like 2026-11-23". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue.path[0];
  return field === undefined || field === "q" ? issue.message : `${String(field)} ${issue.message}`;
}
