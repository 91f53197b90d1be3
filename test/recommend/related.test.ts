import { describe, expect, it } from "vitest";
import {
  DEFAULT_RELATED_WEIGHTS,
  contentSimilarity,
  rankRelated,
  timeFactor,
  timeReason,
} from "../../functions/recommend/related.js";
import { article, daysAfter, newsroom, profiles } from "./fixtures.js";

const DAY = 86_400_000;

describe("rankRelated", () => {
  const all = profiles(newsroom());
  const candidates = [...all.values()];

  it("ranks the same story first and never returns the article itself", () => {
    const out = rankRelated({ source: all.get("peace-1")!, candidates, limit: 5 });
    expect(out.map((r) => r.id)).not.toContain("peace-1");
    expect(out.slice(0, 2).map((r) => r.id).sort()).toEqual(["peace-2", "peace-3"]);
    for (let i = 1; i < out.length; i++) expect(out[i - 1].score).toBeGreaterThanOrEqual(out[i].score * 0.5);
  });

  it("never returns an article the visitor has read", () => {
    const out = rankRelated({ source: all.get("peace-1")!, candidates, limit: 5, exclude: new Set(["peace-2"]) });
    expect(out.map((r) => r.id)).not.toContain("peace-2");
    expect(out[0].id).toBe("peace-3");
  });

  it("explains each item in words: people, story tag, shared terms and time", () => {
    const [first] = rankRelated({ source: all.get("peace-1")!, candidates, limit: 1 });
    expect(first.reasons).toContain("same story: peace-talks");
    expect(first.reasons.find((r) => r.startsWith("same people:"))).toMatch(/Ilham Aliyev/);
    expect(first.reasons.find((r) => r.startsWith("same places:"))).toMatch(/Karabakh/);
    expect(first.reasons.some((r) => r.startsWith("also about:"))).toBe(true);
    expect(first.reasons.at(-1)).toMatch(/^published the same (day|week)$/);
    for (const r of rankRelated({ source: all.get("budget-1")!, candidates, limit: 5 })) expect(r.reasons.length).toBeGreaterThan(0);
  });

  it("adds co-read articles with the reason 'readers also read', and ignores a single shared reader", () => {
    const source = all.get("peace-1")!;
    const strong = rankRelated({ source, candidates, limit: 5, coReads: [{ articleId: "football-1", count: 6 }] });
    const football = strong.find((r) => r.id === "football-1");
    expect(football?.reasons).toContain("readers also read");
    expect(football!.signals.coRead).toBe(1);

    const weak = rankRelated({ source, candidates, limit: 5, coReads: [{ articleId: "football-1", count: 1 }] });
    expect(weak.find((r) => r.id === "football-1")?.reasons ?? []).not.toContain("readers also read");
  });

  it("adds semantic neighbours from an embedder, saying 'similar in meaning' only when close", () => {
    const source = all.get("peace-1")!;
    const out = rankRelated({ source, candidates, limit: 5, semantic: [{ articleId: "football-1", score: 0.9 }, { articleId: "budget-1", score: 0.5 }] });
    const football = out.find((r) => r.id === "football-1");
    expect(football?.signals.semantic).toBeCloseTo(0.9);
    expect(football?.reasons).toContain("similar in meaning");
    expect(out.find((r) => r.id === "budget-1")?.reasons ?? []).not.toContain("similar in meaning");
    const without = rankRelated({ source, candidates, limit: 5 });
    expect(without.find((r) => r.id === "football-1")?.score ?? 0).toBeLessThan(football!.score);
    expect(out.slice(0, 2).map((r) => r.id).sort()).toEqual(["peace-2", "peace-3"]);
  });

  it("keeps near-duplicates apart (MMR)", () => {
    const base = newsroom();
    const copy = article({ ...base.find((a) => a.id === "peace-2")!, id: "peace-2-copy", url: "https://news.example/copy" });
    const set = profiles([...base, copy]);
    const out = rankRelated({ source: set.get("peace-1")!, candidates: [...set.values()], limit: 4 }).map((r) => r.id);
    const a = out.indexOf("peace-2");
    const b = out.indexOf("peace-2-copy");
    expect(a).toBeGreaterThanOrEqual(0);
    expect(Math.abs(a - b)).toBeGreaterThan(1);
    // Without diversity the copy sits right next to its original.
    const plain = rankRelated({
      source: set.get("peace-1")!,
      candidates: [...set.values()],
      limit: 4,
      weights: { mmrLambda: 1, nearDuplicate: 2 },
    }).map((r) => r.id);
    expect(Math.abs(plain.indexOf("peace-2") - plain.indexOf("peace-2-copy"))).toBe(1);
  });

  it("ranks developments close in time above the same development published much later", () => {
    const source = article({ id: "src", title: "Ceasefire agreed on the border", body: "Both sides agreed a ceasefire on the border after talks overnight; monitors will watch the line.", publishedAt: daysAfter(0) });
    const near = article({ ...source, id: "near", title: "Ceasefire on the border holds", publishedAt: daysAfter(1) });
    const far = article({ ...source, id: "far", title: "Ceasefire on the border holds", publishedAt: daysAfter(120) });
    const filler = newsroom();
    const set = profiles([source, near, far, ...filler]);
    const out = rankRelated({ source: set.get("src")!, candidates: [...set.values()], limit: 3, weights: { mmrLambda: 1, nearDuplicate: 2 } });
    expect(out[0].id).toBe("near");
    expect(out.findIndex((r) => r.id === "far")).toBeGreaterThan(0);
    expect(out.find((r) => r.id === "far")!.reasons.at(-1)).toBe("a later development, 4 months after");
  });
});

describe("timeFactor", () => {
  const w = DEFAULT_RELATED_WEIGHTS;

  it("decays with |Δt| in both directions", () => {
    expect(timeFactor(0, 0.3)).toBeCloseTo(1);
    expect(timeFactor(w.halfLifeDays * DAY, 0.3)).toBeLessThan(timeFactor(DAY, 0.3));
    expect(timeFactor(-10 * DAY, 0.3)).toBeCloseTo(timeFactor(10 * DAY, 0.3));
  });

  it("keeps old articles only when strongly related: the floor rises with content similarity", () => {
    const year = 365 * DAY;
    expect(timeFactor(year, 0.05)).toBeLessThan(w.timeFloor + 0.05);
    expect(timeFactor(year, w.strongMatch)).toBeGreaterThanOrEqual(w.strongTimeFloor);
    expect(timeFactor(Number.NaN, 0.2)).toBeGreaterThan(0);
  });

  it("says when in words", () => {
    expect(timeReason(3 * 3_600_000)).toBe("published the same day");
    expect(timeReason(-3 * DAY)).toBe("published the same week");
    expect(timeReason(-8 * DAY)).toBe("earlier coverage, 1 week before");
    expect(timeReason(90 * DAY)).toBe("a later development, 3 months after");
  });
});

describe("contentSimilarity", () => {
  it("is high within a story, low across stories, and symmetric in its term part", () => {
    const all = profiles(newsroom());
    const within = contentSimilarity(all.get("peace-1")!, all.get("peace-2")!);
    const across = contentSimilarity(all.get("peace-1")!, all.get("budget-1")!);
    expect(within.content).toBeGreaterThan(across.content * 2);
    expect(within.terms).toBeCloseTo(contentSimilarity(all.get("peace-2")!, all.get("peace-1")!).terms, 10);
    expect(within.entities).toBeGreaterThan(0.5);
    expect(across.entities).toBe(0);
  });

  it("matches names across scripts: Алиев and Aliyev are one entity", () => {
    const en = article({ id: "en", title: "Aliyev visits Moscow", body: "President Aliyev arrived in Moscow for talks on trade.", entities: { people: ["Aliyev"], places: ["Moscow"], orgs: [] } });
    const ru = article({ id: "ru", language: "ru", title: "Алиев прибыл в Москву", body: "Президент Алиев прибыл в Москву для переговоров о торговле.", entities: { people: ["Алиев"], places: ["Москва"], orgs: [] } });
    const set = profiles([en, ru, ...newsroom()]);
    expect(contentSimilarity(set.get("ru")!, set.get("en")!).entities).toBeGreaterThan(0);
  });
});
