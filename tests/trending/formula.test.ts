import { describe, expect, it } from "vitest";
import { AGE_OFFSET_HOURS, PERIOD_RULES, maxAgeHours, trendingScore } from "@/lib/trending/formula";

describe("trendingScore", () => {
  it("is votes over (age + offset) to the power of the period's gravity", () => {
    expect(trendingScore(10, 22, "day")).toBeCloseTo(10 / Math.pow(22 + AGE_OFFSET_HOURS, PERIOD_RULES.day.gravity), 12);
    expect(trendingScore(10, 22, "month")).toBeCloseTo(10 / Math.pow(22 + AGE_OFFSET_HOURS, PERIOD_RULES.month.gravity), 12);
  });

  it("grows with votes at equal age and falls with age at equal votes", () => {
    expect(trendingScore(11, 5, "day")).toBeGreaterThan(trendingScore(10, 5, "day"));
    expect(trendingScore(10, 5, "day")).toBeGreaterThan(trendingScore(10, 6, "day"));
  });

  it("lets a fresh paper with few votes beat an old one with many today, but not over the month", () => {
    expect(trendingScore(5, 2, "day")).toBeGreaterThan(trendingScore(50, 48, "day"));
    expect(trendingScore(5, 2, "month")).toBeLessThan(trendingScore(50, 48, "month"));
  });

  it("punishes age less in longer periods", () => {
    expect(PERIOD_RULES.day.gravity).toBeGreaterThan(PERIOD_RULES.week.gravity);
    expect(PERIOD_RULES.week.gravity).toBeGreaterThan(PERIOD_RULES.month.gravity);
  });

  it("is zero without votes and treats a future date as age zero", () => {
    expect(trendingScore(0, 1, "day")).toBe(0);
    expect(trendingScore(3, -10, "week")).toBe(trendingScore(3, 0, "week"));
  });
});

describe("maxAgeHours", () => {
  it("caps today and this week at the configured age, and keeps the whole month", () => {
    expect(maxAgeHours("day", 14)).toBe(14 * 24);
    expect(maxAgeHours("week", 14)).toBe(14 * 24);
    expect(maxAgeHours("week", 3)).toBe(7 * 24);
    expect(maxAgeHours("month", 14)).toBe(30 * 24);
  });
});
