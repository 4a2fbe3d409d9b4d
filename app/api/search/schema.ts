import { MAX_RESULTS_OFFSET, searchFiltersSchema } from "@/lib/search/schema";
import { wholeNumberParam } from "@/lib/validation/params";


export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** `limit` on every JSON list: 1 to 100, default 20. */
export const limitParam = wholeNumberParam(1, MAX_LIMIT, DEFAULT_LIMIT);

/** GET /api/search: the filters every search entry point shares, plus paging. */
export const searchApiSchema = searchFiltersSchema.safeExtend({
  limit: limitParam,
  offset: wholeNumberParam(0, MAX_RESULTS_OFFSET, 0),
});

/** A request's query parameters; a repeated one keeps its first value, as the pages do. */
export function queryParams(request: Request): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) params[key] ??= value;
  return params;
}
