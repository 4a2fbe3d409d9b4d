import { describe, expect, it } from "vitest";
import { AGE_OFFSET_HOURS, GRAVITY, trendingScore } from "@/lib/trending/formula";

describe("trendingScore", () => {
  it("is votes over (age + offset) to the power of gravity", () => {
    expect(trendingScore(10, 22)).toBeCloseTo(10 / Math.pow(22 + AGE_OFFSET_HOURS, GRAVITY), 12);
  });

  it("grows with votes at equal age and falls with age at equal votes", () => {
    expect(trendingScore(11, 5)).toBeGreaterThan(trendingScore(10, 5));
    expect(trendingScore(10, 5)).toBeGreaterThan(trendingScore(10, 6));
  });

  it("lets a fresh paper with few votes beat an old one with many", () => {
    expect(trendingScore(5, 2)).toBeGreaterThan(trendingScore(50, 48));
  });

  it("is zero without votes and treats a future date as age zero", () => {
    expect(trendingScore(0, 1)).toBe(0);
    expect(trendingScore(3, -10)).toBe(trendingScore(3, 0));
  });
});
