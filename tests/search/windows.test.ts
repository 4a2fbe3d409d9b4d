import { describe, expect, it } from "vitest";
import { firstWindow, quantile, shareBefore, widerWindow, type CorpusTimeline } from "@/lib/search/windows";

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

describe("firstWindow", () => {
  it("searches everything at once when few papers are expected to match, or nothing is known of the corpus", () => {
    expect(firstWindow(even, 800, 1000)).toEqual({ after: null, share: 1 });
    expect(firstWindow(null, 500_000, 1000)).toEqual({ after: null, share: 1 });
    expect(firstWindow({ papers: 1000, bounds: [] }, 500_000, 1000)).toEqual({ after: null, share: 1 });
    // Twice the candidates needed would be more than the corpus.
    expect(firstWindow(even, 1500, 1000)).toEqual({ after: null, share: 1 });
  });

  it("looks in a recent slice sized to hold twice the candidates needed", () => {
    // 100k matches in 1M papers: 1,000 candidates need 1% of the corpus; 2% is tried first.
    expect(firstWindow(even, 100_000, 1000)).toEqual({ after: day(980), share: 0.02 });
    // A more common term: 2,000 / 900,000 of 1,000 days, the last ~2.2 days.
    expect(firstWindow(even, 900_000, 1000).after!.getTime()).toBeCloseTo(day(1000 - 20 / 9).getTime(), -3);
  });

  it("counts back from the end of a date filter, not from the newest paper", () => {
    expect(firstWindow(even, 100_000, 1000, day(500))).toEqual({ after: day(480), share: 0.02 });
  });

  it("never proposes a window thinner than 1/2000 of the corpus", () => {
    expect(firstWindow(even, 1_000_000_000, 1000).after).toEqual(day(999.5));
  });
});

describe("widerWindow", () => {
  const first = firstWindow(even, 100_000, 1000);

  it("sizes the next window from the density just seen, with the same headroom", () => {
    // 400 of 1,000 found in 2%: the matches are 2.5 times sparser than thought; 5 times wider, 10%.
    expect(widerWindow(even, first, 400, 1000)).toEqual({ after: day(900), share: 0.1 });
  });

  it("grows more than twice (the headroom) and at most eight times", () => {
    expect(widerWindow(even, first, 500, 1000)).toEqual({ after: day(920), share: 0.08 });
    expect(widerWindow(even, first, 999, 1000)!.share).toBeGreaterThan(0.04);
    expect(widerWindow(even, first, 10, 1000)).toEqual({ after: day(840), share: 0.16 });
    expect(widerWindow(even, first, 0, 1000)).toEqual({ after: day(840), share: 0.16 });
  });

  it("ends with no bound, then stops", () => {
    const last = widerWindow(even, { after: day(800), share: 0.2 }, 10, 1000);
    expect(last).toEqual({ after: null, share: 1 });
    expect(widerWindow(even, last!, 10, 1000)).toBeNull();
  });
});
