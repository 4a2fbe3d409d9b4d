import { z } from "zod";
import { limitParam } from "@/app/api/search/schema";
import { categoryParam } from "@/lib/papers/categories";
import { TRENDING_PERIODS } from "@/lib/trending/formula";
import { emptyAsUnset } from "@/lib/validation/params";

/** `period=day|week|month`, default day: shared by the JSON API and the Atom feed. */
export const periodParam = z.preprocess(
  emptyAsUnset,
  z.enum(TRENDING_PERIODS, { message: "must be day, week or month" }).default("day"),
);

/** GET /api/papers/trending */
export const trendingApiSchema = z.object({ period: periodParam, limit: limitParam, category: categoryParam });
