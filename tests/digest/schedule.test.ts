import { describe, expect, it } from "vitest";
import { editionDateOf, isDue, isWeekend, weekdayOf } from "@/lib/digest/schedule";

// A week of November 2026, Monday first.
const WEEK = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29"];

describe("weekdayOf / isWeekend (UTC)", () => {
  it("numbers the days as getUTCDay does, Sunday 0", () => {
    expect(WEEK.map(weekdayOf)).toEqual([1, 2, 3, 4, 5, 6, 0]);
  });

  it("counts Saturday and Sunday only as the weekend", () => {
    expect(WEEK.map(isWeekend)).toEqual([false, false, false, false, false, true, true]);
  });

  it("reads the date as a UTC day, whatever the process's time zone", () => {
    // 2024-02-29 was a Thursday, 2025-01-01 a Wednesday, 2028-12-31 a Sunday.
    expect(["2024-02-29", "2025-01-01", "2028-12-31"].map(weekdayOf)).toEqual([4, 3, 0]);
  });
});

describe("isDue", () => {
  const due = (frequency: string, skipWeekends: boolean) => WEEK.map((date) => isDue({ frequency, skipWeekends }, date));

  it("daily: every day", () => {
    expect(due("daily", false)).toEqual([true, true, true, true, true, true, true]);
  });

  it("daily, skipping weekends: Monday to Friday", () => {
    expect(due("daily", true)).toEqual([true, true, true, true, true, false, false]);
  });

  it("weekly: Mondays only, with or without skipWeekends", () => {
    expect(due("weekly", false)).toEqual([true, false, false, false, false, false, false]);
    expect(due("weekly", true)).toEqual([true, false, false, false, false, false, false]);
  });
});

describe("editionDateOf", () => {
  it.each([
    ["2026-11-23T00:00:00.000Z", "2026-11-23"],
    ["2026-11-23T23:59:59.999Z", "2026-11-23"],
    ["2026-11-24T00:00:00.000Z", "2026-11-24"],
    // Evening in New York is already the next day in UTC.
    ["2026-11-23T20:30:00-05:00", "2026-11-24"],
    // Morning in Tokyo is still the previous day in UTC.
    ["2026-11-24T08:00:00+09:00", "2026-11-23"],
    ["2028-02-29T12:00:00.000Z", "2028-02-29"],
    ["2026-12-31T23:59:59.999Z", "2026-12-31"],
  ])("%s is the edition of %s", (instant, date) => {
    expect(editionDateOf(new Date(instant))).toBe(date);
  });
});
