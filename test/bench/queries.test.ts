import { describe, expect, it } from "vitest";
import { createRng } from "../../scripts/corpus/prng.js";
import {
  buildIdSequence,
  buildSearchQueries,
  buildSuggestQueries,
  contentWords,
  eventBatchFactory,
  frequentWords,
  prefixOf,
  typoOf,
} from "../../scripts/bench/queries.js";
import { generateCorpus } from "../../scripts/corpus/generate.js";

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

describe("typoOf", () => {
  it("makes exactly one edit, never at the first letter, with letters of the word's own script", () => {
    const rng = createRng(7);
    for (const word of ["parliament", "coalition", "sanctions", "правительство", "hökumət", "aabbcc"]) {
      for (let i = 0; i < 50; i++) {
        const typo = typoOf(word, rng);
        expect(editDistance(word, typo)).toBe(1);
        expect(typo[0]).toBe(word[0]);
        for (const letter of typo) expect(word).toContain(letter);
      }
    }
  });

  it("leaves words under three letters alone", () => {
    expect(typoOf("eu", createRng(1))).toBe("eu");
  });
});

describe("prefixOf", () => {
  it("is a strict prefix of at least two letters and 40 % of the word", () => {
    const rng = createRng(3);
    for (let i = 0; i < 100; i++) {
      const p = prefixOf("referendum", rng);
      expect("referendum".startsWith(p)).toBe(true);
      expect(p.length).toBeGreaterThanOrEqual(4);
      expect(p.length).toBeLessThan("referendum".length);
    }
    expect(prefixOf("abc", rng)).toMatch(/^ab$/);
  });
});

describe("search query mix", () => {
  const corpus = generateCorpus({ size: 300, seed: 11 });
  const vocabulary = new Set(corpus.flatMap((a) => contentWords(`${a.title} ${a.body}`)));

  it("is the same for the same seed", () => {
    expect(buildSearchQueries(corpus, 200, 5)).toEqual(buildSearchQueries(corpus, 200, 5));
    expect(buildSearchQueries(corpus, 200, 5)).not.toEqual(buildSearchQueries(corpus, 200, 6));
  });

  it("draws 1–3 corpus words, with typo and prefix shares near the mix", () => {
    const queries = buildSearchQueries(corpus, 2000, 5, { typo: 0.2, prefix: 0.2 });
    expect(queries).toHaveLength(2000);
    const kinds = { words: 0, typo: 0, prefix: 0 };
    for (const q of queries) {
      kinds[q.kind]++;
      expect(q.words.length).toBeGreaterThanOrEqual(1);
      expect(q.words.length).toBeLessThanOrEqual(3);
      expect(q.q).toBe(q.words.join(" "));
      const intact = q.kind === "words" ? q.words : q.kind === "prefix" ? q.words.slice(0, -1) : [];
      for (const w of intact) expect(vocabulary.has(w)).toBe(true);
      if (q.kind === "prefix") {
        const last = q.words[q.words.length - 1];
        expect([...vocabulary].some((w) => w.startsWith(last) && w !== last)).toBe(true);
        expect(q.prefixLast).toBe(true);
      }
    }
    // A typo can land on another real word now and then, but rarely.
    const typos = queries.filter((q) => q.kind === "typo");
    expect(typos.filter((q) => q.words.some((w) => !vocabulary.has(w))).length / typos.length).toBeGreaterThan(0.9);
    expect(kinds.typo / 2000).toBeGreaterThan(0.12);
    expect(kinds.typo / 2000).toBeLessThan(0.25);
    expect(kinds.prefix / 2000).toBeGreaterThan(0.12);
    expect(kinds.prefix / 2000).toBeLessThan(0.25);
  });

  it("leaves out words most articles contain", () => {
    const frequent = frequentWords(corpus);
    expect(frequent.has("the")).toBe(true);
    for (const q of buildSearchQueries(corpus, 500, 9)) {
      // Only words as drawn: a typo or a cut-off word may happen to spell a frequent one ("thereby" → "the").
      const intact = q.kind === "words" ? q.words : q.kind === "prefix" ? q.words.slice(0, -1) : [];
      for (const w of intact) expect(frequent.has(w)).toBe(false);
    }
  });
});

describe("suggest, ids and events", () => {
  it("suggest queries are lower-cased starts of real titles", () => {
    const titles = ["Parliament Passes Budget", "Senate  rejects tax plan"];
    for (const q of buildSuggestQueries(titles, 100, 1)) {
      expect(q.length).toBeGreaterThanOrEqual(2);
      expect(titles.some((t) => t.toLowerCase().replace(/\s+/g, " ").startsWith(q))).toBe(true);
    }
  });

  it("id sequences only use the given ids", () => {
    const ids = ["a", "b", "c"];
    const seq = buildIdSequence(ids, 100, 1);
    expect(seq).toHaveLength(100);
    expect(seq.every((id) => ids.includes(id))).toBe(true);
  });

  it("event batches hold ten valid events with ids never used before", () => {
    const next = eventBatchFactory(["a1", "a2"], 1);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { events } = next();
      expect(events).toHaveLength(10);
      for (const e of events) {
        expect(seen.has(e.eventId)).toBe(false);
        seen.add(e.eventId);
        expect(e.visitorId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
        expect(["a1", "a2"]).toContain(e.articleId);
        expect(["view", "read"]).toContain(e.type);
      }
    }
  });
});
