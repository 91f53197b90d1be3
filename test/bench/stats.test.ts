import { describe, expect, it } from "vitest";
import { median, medianOfRounds, quantile, quantileCurve, ratio, sortedCopy, summarize } from "../../scripts/bench/stats.js";

describe("quantile", () => {
  it("interpolates linearly between order statistics, as numpy does by default", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(hundred, 0.99)).toBeCloseTo(99.01);
    expect(quantile(hundred, 0.95)).toBeCloseTo(95.05);
  });

  it("gives the extremes at 0 and 1 and NaN for no data", () => {
    expect(quantile([3, 7, 9], 0)).toBe(3);
    expect(quantile([3, 7, 9], 1)).toBe(9);
    expect(quantile([5], 0.99)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe("sortedCopy", () => {
  it("sorts numerically, not as strings, and leaves the input alone", () => {
    const input = [10, 9, 100, 1.5];
    expect(sortedCopy(input)).toEqual([1.5, 9, 10, 100]);
    expect(input).toEqual([10, 9, 100, 1.5]);
  });
});

describe("summarize", () => {
  it("reports n, extremes, mean and percentiles of unsorted latencies", () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ n: 5, min: 1, max: 5, mean: 3, p50: 3 });
    expect(s.p99).toBeCloseTo(4.96);
  });

  it("is all NaN but n for an empty run", () => {
    const s = summarize([]);
    expect(s.n).toBe(0);
    expect(s.p50).toBeNaN();
    expect(s.mean).toBeNaN();
  });
});

describe("medianOfRounds", () => {
  it("takes each field's median over rounds and sums n", () => {
    const rounds = [summarize([1, 2, 3]), summarize([10, 20, 30]), summarize([4, 5, 6])];
    const m = medianOfRounds(rounds);
    expect(m.n).toBe(9);
    expect(m.p50).toBe(5);
    expect(m.max).toBe(6);
    expect(m.min).toBe(4);
  });

  it("is not pulled by one outlier round the way a mean would be", () => {
    const rounds = [summarize([1]), summarize([1.1]), summarize([500])];
    expect(medianOfRounds(rounds).p50).toBe(1.1);
  });
});

describe("median, quantileCurve and ratio", () => {
  it("median of an even count is the midpoint", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("quantileCurve has evenly spaced quantiles from min to max", () => {
    const curve = quantileCurve(Array.from({ length: 101 }, (_, i) => i), 11);
    expect(curve).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(quantileCurve([])).toEqual([]);
  });

  it("ratio is infinite when only the denominator is zero, NaN when both are", () => {
    expect(ratio(6, 3)).toBe(2);
    expect(ratio(1, 0)).toBe(Infinity);
    expect(ratio(0, 0)).toBeNaN();
    expect(ratio(1, -1)).toBeNaN();
  });
});
