import { describe, expect, it } from "vitest";
import {
  halfVariant,
  knownItemCandidates,
  knownItemQueries,
  normalizeTitle,
  sampleKnownItems,
  typoVariant,
} from "../../scripts/eval/known-item.js";

describe("knownItemCandidates", () => {
  it("keeps titles that are unique after case folding and whitespace collapsing, with 4–14 words", () => {
    const articles = [
      { id: "1", title: "Parliament passes the budget" },
      { id: "2", title: "PARLIAMENT  passes the   budget" }, // same title, other case and spacing
      { id: "3", title: "Senate rejects the new tax plan" },
      { id: "4", title: "Too short title" },
      { id: "5", title: Array.from({ length: 15 }, (_, i) => `w${i}`).join(" ") },
      { id: "6", title: Array.from({ length: 14 }, (_, i) => `w${i}`).join(" ") },
    ];
    expect(knownItemCandidates(articles).map((a) => a.id)).toEqual(["3", "6"]);
  });

  it("normalises titles the same way the uniqueness rule does", () => {
    expect(normalizeTitle("  Peace\tTALKS \n resume ")).toBe("peace talks resume");
  });
});

describe("typoVariant", () => {
  it("swaps the two middle letters of the longest alphabetic word", () => {
    // "parliament": length 10, positions 4 and 5 ('i', 'a')
    expect(typoVariant("Parliament passes budget")).toBe("Parlaiment passes budget");
  });

  it("takes the first of equally long words", () => {
    // "budget" and "saving" both 6 letters: positions 2 and 3 of "budget" ('d', 'g')
    expect(typoVariant("big budget saving")).toBe("big bugdet saving");
  });

  it("moves to the next pair when the middle letters are equal", () => {
    // "balloon": length 7, positions 2 and 3 are "ll", so 3 and 4 ('l', 'o') are swapped
    expect(typoVariant("red balloon flies")).toBe("red balolon flies");
  });

  it("ignores words with digits or punctuation and words under 5 letters", () => {
    expect(typoVariant("U.S.-backed 2024 plan")).toBeNull();
    expect(typoVariant("Tax cut for all")).toBeNull();
    expect(typoVariant("U.S.-backed truce holds")).toBe("U.S.-backed turce holds");
  });

  it("works letter by letter for non-Latin scripts", () => {
    // "правительство": 13 letters, positions 5 and 6 ('т', 'е')
    expect(typoVariant("правительство уходит")).toBe("правиетльство уходит");
  });
});

describe("halfVariant", () => {
  it("keeps the first ceil(n/2) words and cuts the last to max(2, ceil(len × 0.6)) characters", () => {
    // 6 words → 3; "the" → max(2, ceil(1.8)) = 2
    expect(halfVariant("Senate approves the new defence budget")).toBe("Senate approves th");
    // 5 words → 3; "meet" (4) → ceil(2.4) = 3
    expect(halfVariant("Foreign ministers meet in Baku")).toBe("Foreign ministers mee");
    expect(halfVariant("Parliament debates pension reform")).toBe("Parliament debat");
  });

  it("does not lengthen a word shorter than two characters", () => {
    expect(halfVariant("A b c d")).toBe("A b");
  });
});

describe("sampling and queries", () => {
  const items = Array.from({ length: 50 }, (_, i) => ({ id: `a${i}`, title: `Article number ${i} about parliament` }));

  it("samples the same items for the same seed and other items for another", () => {
    const a = sampleKnownItems(items, 10, 42);
    expect(a).toHaveLength(10);
    expect(new Set(a.map((x) => x.id)).size).toBe(10);
    expect(sampleKnownItems(items, 10, 42)).toEqual(a);
    expect(sampleKnownItems(items, 10, 43)).not.toEqual(a);
  });

  it("takes everything when the sample is larger than the candidates", () => {
    expect(sampleKnownItems(items, 1000, 1)).toHaveLength(50);
  });

  it("leaves items without a typo word out of the typo set only", () => {
    const queries = knownItemQueries([
      { id: "x", title: "Parliament passes budget" },
      { id: "y", title: "Tax cut for all" },
    ]);
    expect(queries.map((q) => `${q.id}:${q.variant}`)).toEqual(["x:exact", "x:typo", "x:half", "y:exact", "y:half"]);
    expect(queries.find((q) => q.variant === "half")).toMatchObject({ q: "Parliament pass", words: ["Parliament", "pass"], prefixLast: true });
  });
});
