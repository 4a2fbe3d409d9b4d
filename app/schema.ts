import { z } from "zod";
import { categoryParam } from "@/lib/papers/categories";
import { TRENDING_PERIODS } from "@/lib/trending/formula";
import { emptyAsUnset, wholeNumberParam } from "@/lib/validation/params";

export const MAX_PAGE = 1000;

/** `?page=` on list pages: a whole number from 1; absent means 1. */
export const pageParam = wholeNumberParam(1, MAX_PAGE, 1);

/** The home page: `?period=day|week|month&category=cs.LG&page=N`. */
export const homeParamsSchema = z.object({
  period: z.preprocess(emptyAsUnset, z.enum(TRENDING_PERIODS).default("day")),
  category: categoryParam,
  page: pageParam,
});

/** The papers of a day: `?category=cs.LG`. */
export const dayParamsSchema = z.object({ category: categoryParam });
