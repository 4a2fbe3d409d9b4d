import { z } from "zod";

export const MAX_PAGE = 1000;

/** `?page=` on list pages: a whole number from 1; absent means 1. */
export const pageParamSchema = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
});
