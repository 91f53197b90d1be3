import { afterAll, describe, expect, it } from "vitest";
import { Fts5Baseline, fts5MatchExpression } from "../../scripts/bench/fts5.js";

describe("fts5MatchExpression", () => {
  it("quotes every word and ANDs them, so operators and punctuation are literal", () => {
    expect(fts5MatchExpression(["peace", "OR", "talks"], false)).toBe('"peace" AND "OR" AND "talks"');
    expect(fts5MatchExpression(['say "no"'], false)).toBe('"say ""no"""');
  });

  it("makes only the last word a prefix", () => {
    expect(fts5MatchExpression(["peace", "tal"], true)).toBe('"peace" AND "tal"*');
  });

  it("drops words without a letter or digit, and then nothing is a prefix", () => {
    expect(fts5MatchExpression(["peace", "-", "talks"], false)).toBe('"peace" AND "talks"');
    expect(fts5MatchExpression(["peace", "—"], true)).toBe('"peace"');
    expect(fts5MatchExpression(["--", "…"], false)).toBeNull();
  });
});

describe("Fts5Baseline", () => {
  const baseline = new Fts5Baseline(":memory:");
  baseline.load([
    { id: "a", title: "Café owners protest new tax", body: "The tax on cafés rises in spring." },
    { id: "b", title: "Parliament passes budget", body: "The budget includes a tax cut for farmers." },
    { id: "c", title: "Farmers march on the capital", body: "Farmers protest against the budget." },
  ]);
  afterAll(() => baseline.close());

  it("requires every word (AND) and ranks by BM25", () => {
    expect(baseline.search(["budget", "farmers"], false)).toEqual(expect.arrayContaining(["b", "c"]));
    expect(baseline.search(["budget", "farmers"], false)).toHaveLength(2);
    expect(baseline.search(["protest"], false)).toEqual(expect.arrayContaining(["a", "c"]));
  });

  it("matches other word forms only when stemmed", () => {
    const stemmed = new Fts5Baseline(":memory:", { stemmed: true });
    stemmed.load([{ id: "m", title: "Farmers marched", body: "Protesters marching on the capital." }]);
    try {
      expect(stemmed.searchAny(["march"])).toEqual(["m"]);
      expect(baseline.searchAny(["march"])).toEqual(["c"]);
    } finally {
      stemmed.close();
    }
  });

  it("suggests from titles only, the typed last word as a prefix unless a space ends it", () => {
    expect(baseline.timedSuggest("farm").ids).toEqual(["c"]); // b has farmers in its body only
    expect(baseline.timedSuggest("parliament pa").ids).toEqual(["b"]);
    expect(baseline.timedSuggest("parliament pa ").ids).toEqual([]);
    expect(baseline.timedSuggest("  ").ids).toEqual([]);
    expect(baseline.timedSuggest("caf").ms).toBeGreaterThanOrEqual(0);
  });

  it("folds case and diacritics (unicode61, remove_diacritics 2)", () => {
    expect(baseline.search(["CAFE"], false)).toEqual(["a"]);
  });

  it("matches the last word as a prefix only when asked, and has no typo tolerance", () => {
    expect(baseline.search(["parliament", "pas"], true)).toEqual(["b"]);
    expect(baseline.search(["parliament", "pas"], false)).toEqual([]);
    expect(baseline.search(["parliamnet"], false)).toEqual([]);
  });

  it("honours the limit and answers [] for a query with no word", () => {
    expect(baseline.search(["the"], false, 1)).toHaveLength(1);
    expect(baseline.search(["…"], false)).toEqual([]);
    expect(baseline.size).toBe(3);
  });
});
