import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus/generate.js";
import { createRng, sample, zipfSampler } from "../../scripts/corpus/prng.js";

describe("generateCorpus", () => {
  const corpus = generateCorpus({ size: 1500, seed: 99 });

  it("is the same corpus for the same options, and another for another seed", () => {
    expect(generateCorpus({ size: 1500, seed: 99 })).toEqual(corpus);
    const other = generateCorpus({ size: 1500, seed: 100 });
    expect(other.map((a) => a.title)).not.toEqual(corpus.map((a) => a.title));
  });

  it("a smaller corpus is the start of a larger one with the same seed", () => {
    expect(generateCorpus({ size: 100, seed: 99 })).toEqual(corpus.slice(0, 100));
  });

  it("produces articles the API accepts: unique valid ids, title, body, ISO date, http(s) urls", () => {
    expect(corpus).toHaveLength(1500);
    expect(new Set(corpus.map((a) => a.id)).size).toBe(1500);
    for (const a of corpus) {
      expect(a.id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
      expect(a.title.trim().length).toBeGreaterThan(0);
      expect(a.body.trim().length).toBeGreaterThan(0);
      expect(a.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      if (a.url) expect(a.url).toMatch(/^https:\/\//);
      expect(a.topics).toHaveLength(1);
    }
  });

  it("has the configured multilingual share, in Russian and Azerbaijani", () => {
    const share = corpus.filter((a) => a.language !== "en").length / corpus.length;
    expect(share).toBeGreaterThan(0.11);
    expect(share).toBeLessThan(0.19);
    expect(corpus.some((a) => a.language === "ru" && /[а-яё]/.test(a.body))).toBe(true);
    expect(corpus.some((a) => a.language === "az" && /[əğış]/.test(a.body))).toBe(true);
    expect(generateCorpus({ size: 300, seed: 1, multilingualShare: 0 }).every((a) => a.language === "en")).toBe(true);
  });

  it("has news-like lengths: titles mostly 4–14 words, bodies skewed with a long tail", () => {
    const titleWords = corpus.map((a) => a.title.split(/\s+/).length);
    expect(titleWords.filter((n) => n >= 4 && n <= 14).length / corpus.length).toBeGreaterThan(0.9);
    const bodyWords = corpus.map((a) => a.body.split(/\s+/).length).sort((a, b) => a - b);
    const median = bodyWords[Math.floor(bodyWords.length / 2)];
    const p95 = bodyWords[Math.floor(bodyWords.length * 0.95)];
    expect(median).toBeGreaterThan(200);
    expect(median).toBeLessThan(500);
    expect(p95).toBeGreaterThan(median * 1.8);
  });

  it("has Zipf-like word frequencies: frequency falls roughly as 1/rank", () => {
    const counts = new Map<string, number>();
    for (const a of corpus.filter((x) => x.language === "en")) {
      for (const w of a.body.toLowerCase().match(/\p{L}+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const ranked = [...counts.values()].sort((a, b) => b - a);
    // Under 1/rank^1.05, rank 10 is ~11× rarer than rank 1, rank 100 ~ 11× rarer than rank 10.
    expect(ranked[0] / ranked[9]).toBeGreaterThan(5);
    expect(ranked[0] / ranked[9]).toBeLessThan(25);
    expect(ranked[9] / ranked[99]).toBeGreaterThan(5);
    expect(ranked[9] / ranked[99]).toBeLessThan(25);
    expect(ranked.length).toBeGreaterThan(10_000);
  });

  it("repeats a few standing headlines, as newsrooms do", () => {
    const titles = new Map<string, number>();
    for (const a of corpus) titles.set(a.title, (titles.get(a.title) ?? 0) + 1);
    expect([...titles.values()].some((n) => n > 1)).toBe(true);
  });
});

describe("prng", () => {
  it("zipfSampler favours low ranks in proportion to 1/rank", () => {
    const draw = zipfSampler(1000, 1);
    const rng = createRng(5);
    const hits = new Array(1000).fill(0);
    for (let i = 0; i < 200_000; i++) hits[draw(rng)]++;
    expect(hits[0] / hits[1]).toBeGreaterThan(1.8);
    expect(hits[0] / hits[1]).toBeLessThan(2.2);
    expect(hits[0] / hits[9]).toBeGreaterThan(8);
    expect(hits[0] / hits[9]).toBeLessThan(12);
  });

  it("sample draws distinct items", () => {
    const picked = sample(createRng(1), [1, 2, 3, 4, 5, 6], 4);
    expect(new Set(picked).size).toBe(4);
  });
});
