import { describe, expect, it } from "vitest";
import { averagePrecision, mean, ndcgAt, precisionAt, reciprocalRank } from "../../scripts/eval/metrics.js";

describe("reciprocalRank", () => {
  it("is 1/rank within the cut-off and 0 beyond it or when absent", () => {
    expect(reciprocalRank(["a", "b", "c"], "a")).toBe(1);
    expect(reciprocalRank(["a", "b", "c"], "c")).toBeCloseTo(1 / 3);
    expect(reciprocalRank(["a", "b", "c"], "z")).toBe(0);
    const long = Array.from({ length: 20 }, (_, i) => `d${i}`);
    expect(reciprocalRank(long, "d9", 10)).toBeCloseTo(0.1);
    expect(reciprocalRank(long, "d10", 10)).toBe(0);
  });

  it("averages into MRR", () => {
    const rrs = [reciprocalRank(["x", "a"], "a"), reciprocalRank(["a"], "a"), reciprocalRank([], "a")];
    expect(mean(rrs)).toBeCloseTo((0.5 + 1 + 0) / 3);
  });
});

describe("averagePrecision", () => {
  it("averages precision at each relevant rank over all relevant documents", () => {
    // relevant at ranks 1 and 3: (1/1 + 2/3) / 2
    expect(averagePrecision(["a", "x", "b", "y"], new Set(["a", "b"]))).toBeCloseTo((1 + 2 / 3) / 2);
  });

  it("counts relevant documents never retrieved as zeros", () => {
    // one of three relevant found, at rank 2: (1/2) / 3
    expect(averagePrecision(["x", "a"], new Set(["a", "b", "c"]))).toBeCloseTo(0.5 / 3);
  });

  it("respects the depth cut-off and does not reward duplicates", () => {
    expect(averagePrecision(["x", "y", "a"], new Set(["a"]), 2)).toBe(0);
    expect(averagePrecision(["a", "a"], new Set(["a", "b"]))).toBeCloseTo(0.5);
  });

  it("is undefined (NaN) without relevant documents", () => {
    expect(averagePrecision(["a"], new Set())).toBeNaN();
  });
});

describe("ndcgAt", () => {
  it("is 1 for an ideal ranking and less when relevant documents come later", () => {
    expect(ndcgAt(["a", "b", "x"], new Set(["a", "b"]))).toBeCloseTo(1);
    // one relevant at rank 2: (1/log2 3) / (1/log2 2)
    expect(ndcgAt(["x", "a"], new Set(["a"]))).toBeCloseTo(1 / Math.log2(3));
  });

  it("normalises by the best possible ranking within k", () => {
    const relevant = new Set(Array.from({ length: 15 }, (_, i) => `r${i}`));
    const ranking = Array.from({ length: 10 }, (_, i) => `r${i}`);
    expect(ndcgAt(ranking, relevant, 10)).toBeCloseTo(1);
    expect(ndcgAt(["x", ...ranking], relevant, 10)).toBeLessThan(1);
  });

  it("is 0 when nothing relevant is in the top k", () => {
    expect(ndcgAt(["x", "y"], new Set(["a"]))).toBe(0);
  });
});

describe("precisionAt", () => {
  it("divides by k even when fewer results came back", () => {
    expect(precisionAt(["a", "x"], new Set(["a"]), 5)).toBeCloseTo(0.2);
    expect(precisionAt(["a", "b", "c", "d", "e", "f"], new Set(["a", "f"]), 5)).toBeCloseTo(0.2);
  });
});
