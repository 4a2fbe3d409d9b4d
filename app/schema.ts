import { z } from "zod";
import { TRENDING_PERIODS } from "@/lib/trending/formula";

export const MAX_PAGE = 1000;

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

/** `?page=` on list pages: a whole number from 1; absent means 1. */
export const pageParam = z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(MAX_PAGE).default(1));

/** The home page: `?period=day|week|month&page=N`. */
export const homeParamsSchema = z.object({
  period: z.preprocess(emptyAsUnset, z.enum(TRENDING_PERIODS).default("day")),
  page: pageParam,
});
