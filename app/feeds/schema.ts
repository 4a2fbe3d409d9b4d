import { z } from "zod";
import { periodParam } from "@/app/api/papers/trending/schema";
import { SEARCH_FEED_DEFAULT_SORT } from "@/lib/feeds/urls";
import { searchFiltersSchema } from "@/lib/search/schema";

/** GET /feeds/trending.xml?period=day|week|month */
export const trendingFeedSchema = z.object({ period: periodParam });

/** GET /feeds/search.xml: the search filters, but newest first unless `sort` says otherwise. */
export const searchFeedSchema = z.preprocess(
  (params) =>
    typeof params === "object" && params !== null && !("sort" in params && params.sort)
      ? { ...params, sort: SEARCH_FEED_DEFAULT_SORT }
      : params,
  searchFiltersSchema,
);
