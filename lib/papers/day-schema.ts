import { z } from "zod";
import { isoDay } from "@/lib/format/dates";

const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * True for a YYYY-MM-DD that names a real calendar day (no 2026-02-30). The Gregorian
 * calendar has no year 0: JavaScript's Date takes 0000-01-01, PostgreSQL refuses it
 * ("date/time field value out of range"), which made a 500 of `?to=0000-01-01`.
 */
export function isRealDay(day: string): boolean {
  if (!DAY_FORMAT.test(day) || day.startsWith("0000")) return false;
  const date = new Date(`${day}T00:00:00.000Z`);
  // Date rolls 2026-02-30 over to March 2nd; a real day survives the round trip.
  return !Number.isNaN(date.getTime()) && isoDay(date) === day;
}

/**
 * A UTC day in the URL, e.g. `/date/2026-11-23`: a real calendar day, not after
 * `now`'s UTC day (days are UTC everywhere, see lib/papers/daily.ts). Each issue
 * message is a whole sentence, fit to show a person or return as a 400 error.
 */
export function daySchema(now: Date) {
  const today = isoDay(now);
  return z.string().superRefine((day, ctx) => {
    if (!DAY_FORMAT.test(day)) {
      ctx.addIssue({ code: "custom", message: "Dates look like 2026-11-23 (year-month-day)." });
    } else if (!isRealDay(day)) {
      ctx.addIssue({ code: "custom", message: `${day} is not a real calendar date.` });
    } else if (day > today) {
      // ISO days compare correctly as strings.
      ctx.addIssue({ code: "custom", message: `${day} is in the future.` });
    }
  });
}
