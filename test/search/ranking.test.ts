import { describe, expect, it } from "vitest";
import {
  BROAD_TERM_FLOOR,
  DEFAULT_HALF_LIFE_DAYS,
  broadTermMatches,
  TYPO_FREQUENCY_RATIO,
  frequencyDropOrder,
  keptTerms,
  recencyDecay,
  typoVariantAllowed,
  withFreshness,
} from "../../functions/search/ranking.js";

const DAY = 86_400_000;

describe("frequencyDropOrder (matchingStrategy frequency)", () => {
  it("drops the most frequent word first", () => {
    // "the talks collapse": 900, 40, 3 occurrences.
    expect(frequencyDropOrder([{ count: 900, partial: false }, { count: 40, partial: false }, { count: 3, partial: false }])).toEqual([0, 1, 2]);
    expect(frequencyDropOrder([{ count: 3, partial: false }, { count: 40, partial: false }, { count: 900, partial: false }])).toEqual([2, 1, 0]);
  });

  it("drops the word still being typed before any whole word", () => {
    expect(frequencyDropOrder([{ count: 900, partial: false }, { count: 0, partial: true }])).toEqual([1, 0]);
  });

  it("drops a whole word no document holds before any other, even the word being typed", () => {
    expect(frequencyDropOrder([{ count: 0, partial: false }, { count: 900, partial: false }])).toEqual([0, 1]);
    expect(frequencyDropOrder([{ count: 40, partial: false }, { count: 0, partial: false }, { count: 0, partial: true }])).toEqual([1, 2, 0]);
  });

  it("drops the later word first between equally frequent words", () => {
    expect(frequencyDropOrder([{ count: 5, partial: false }, { count: 5, partial: false }])).toEqual([1, 0]);
  });
});

describe("keptTerms", () => {
  it("keeps the rarest words, in query order", () => {
    const order = [0, 2, 1, 3]; // word 0 dropped first, word 3 last
    expect(keptTerms(order, 4)).toEqual([0, 1, 2, 3]);
    expect(keptTerms(order, 3)).toEqual([1, 2, 3]);
    expect(keptTerms(order, 2)).toEqual([1, 3]);
    expect(keptTerms(order, 1)).toEqual([3]);
    expect(keptTerms(order, 0)).toEqual([]);
  });
});

describe("typoVariantAllowed", () => {
  it("never takes a stop word", () => {
    expect(typoVariantAllowed(0, 1, true)).toBe(false);
    expect(typoVariantAllowed(50, 10, true)).toBe(false);
  });

  it("takes any variant for a word the index does not know", () => {
    expect(typoVariantAllowed(0, 100_000, false)).toBe(true);
  });

  it("refuses a variant far more frequent than a known typed word", () => {
    // "confidence" (120) must not become "conference" (900).
    expect(typoVariantAllowed(120, 900, false)).toBe(false);
    expect(typoVariantAllowed(120, 120 * TYPO_FREQUENCY_RATIO, false)).toBe(true);
    expect(typoVariantAllowed(120, 10, false)).toBe(true);
  });
});

describe("recency decay", () => {
  const now = Date.UTC(2026, 0, 31);

  it("halves at each half-life", () => {
    expect(recencyDecay(now, now, 10)).toBe(1);
    expect(recencyDecay(now - 10 * DAY, now, 10)).toBeCloseTo(0.5, 10);
    expect(recencyDecay(now - 20 * DAY, now, 10)).toBeCloseTo(0.25, 10);
  });

  it("treats a future date as now, and a half-life of 0 as off", () => {
    expect(recencyDecay(now + 5 * DAY, now, 10)).toBe(1);
    expect(recencyDecay(now, now, 0)).toBe(0);
  });

  it("scales a score by 1 + decay: at most twice, 1.5 times at one half-life, unchanged when off", () => {
    expect(withFreshness(3, now, now, 7)).toBe(6);
    expect(withFreshness(3, now - 7 * DAY, now, 7)).toBeCloseTo(4.5, 10);
    expect(withFreshness(3, now - 7000 * DAY, now, 7)).toBeCloseTo(3, 10);
    expect(withFreshness(3, now, now, 0)).toBe(3);
  });

  it("lets a fresh story pass an old one of equal score, never one with more than twice its score", () => {
    const fresh = withFreshness(1, now, now, DEFAULT_HALF_LIFE_DAYS);
    expect(fresh).toBeGreaterThan(withFreshness(1, now - 365 * DAY, now, DEFAULT_HALF_LIFE_DAYS));
    expect(fresh).toBeLessThan(withFreshness(2.01, now - 365 * DAY, now, DEFAULT_HALF_LIFE_DAYS));
  });
});


describe("broadTermMatches", () => {
  it("is a third of the archive, never below the floor", () => {
    expect(broadTermMatches(100_000)).toBe(33_334);
    expect(broadTermMatches(30_000)).toBe(10_000);
    expect(broadTermMatches(2_000)).toBe(BROAD_TERM_FLOOR);
    expect(broadTermMatches(30, 5)).toBe(10);
    expect(broadTermMatches(6, 5)).toBe(5);
  });
});
