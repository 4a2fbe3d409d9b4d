import { z } from "zod";
import { searchFiltersSchema, MAX_RESULTS_OFFSET } from "@/lib/search/schema";
import { pageParam } from "../schema";

export const SEARCH_PAGE_SIZE = 20;
export const MAX_SEARCH_PAGE = Math.ceil((MAX_RESULTS_OFFSET + 1) / SEARCH_PAGE_SIZE);

/** /search?q=&sort=&from=&to=&page= */
export const searchPageSchema = searchFiltersSchema.and(
  z.object({ page: pageParam.pipe(z.number().max(MAX_SEARCH_PAGE, `page must be at most ${MAX_SEARCH_PAGE}`)) }),
);

/** Search params arrive as string | string[]; a repeated parameter keeps its first value. */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
}
