import { describe, expect, it } from "vitest";
import { candidateWindows, quantile, shareBefore, type CorpusTimeline } from "@/lib/search/windows";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000);
// 1M papers, evenly spread over 1,000 days: quantile bounds every 10 days.
const even: CorpusTimeline = { papers: 1_000_000, bounds: Array.from({ length: 101 }, (_, i) => day(i * 10)) };

describe("quantile and shareBefore", () => {
  it("interpolate between the equal-count bounds, and invert each other", () => {
    expect(quantile(even.bounds, 0)).toEqual(day(0));
    expect(quantile(even.bounds, 1)).toEqual(day(1000));
    expect(quantile(even.bounds, 0.5)).toEqual(day(500));
    expect(quantile(even.bounds, 0.123)).toEqual(day(123));
    expect(shareBefore(even.bounds, day(123))).toBeCloseTo(0.123, 10);
    expect(shareBefore(even.bounds, day(-5))).toBe(0);
    expect(shareBefore(even.bounds, day(2000))).toBe(1);
  });

  it("follow an uneven spread: half the papers in the last tenth of the time", () => {
    const bounds = [day(0), day(900), day(1000)];
    expect(quantile(bounds, 0.5)).toEqual(day(900));
    expect(quantile(bounds, 0.75)).toEqual(day(950));
    expect(shareBefore(bounds, day(450))).toBeCloseTo(0.25, 10);
  });

  it("survive repeated bounds (many papers on one day)", () => {
    const bounds = [day(0), day(5), day(5), day(10)];
    expect(shareBefore(bounds, day(5))).toBeCloseTo(1 / 3, 10);
    expect(quantile(bounds, 0.5)).toEqual(day(5));
  });
});

describe("candidateWindows", () => {
  it("searches everything at once when few papers are expected to match, or nothing is known of the corpus", () => {
    expect(candidateWindows(even, 800, 1000)).toEqual([null]);
    expect(candidateWindows(null, 500_000, 1000)).toEqual([null]);
    expect(candidateWindows({ papers: 1000, bounds: [] }, 500_000, 1000)).toEqual([null]);
  });

  it("looks in a recent slice sized to hold three times the candidates needed, then widens eightfold, ending unbounded", () => {
    // 100k matches in 1M papers: 1,000 candidates need ~1% of the corpus; 3% is tried first.
    const windows = candidateWindows(even, 100_000, 1000);
    expect(windows).toEqual([day(970), day(760), null]);
  });

  it("takes a thinner slice for a more common term", () => {
    const [first] = candidateWindows(even, 900_000, 1000);
    // 3,000 / 900,000 of 1,000 days: the last ~3.3 days.
    expect(first!.getTime()).toBeCloseTo(day(1000 - 10 / 3).getTime(), -3);
  });

  it("counts back from the end of a date filter, not from the newest paper", () => {
    const windows = candidateWindows(even, 100_000, 1000, day(500));
    expect(windows).toEqual([day(470), day(260), null]);
  });

  it("never proposes a window thinner than 1/2000 of the corpus", () => {
    const [first] = candidateWindows(even, 1_000_000_000, 1000);
    expect(first).toEqual(day(999.5));
  });
});
