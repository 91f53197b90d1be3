import { describe, expect, it } from "vitest";
import { historyWeights, rankTrending, recommendFromHistory, type Suggestion } from "../../functions/recommend/recommendations.js";
import { InProcessRelated } from "../../scripts/eval/in-process.js";
import { newsroom } from "./fixtures.js";

const NOW = new Date("2025-05-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

describe("historyWeights", () => {
  it("weighs recent reads more, by position and by age, and counts a re-read once", () => {
    const w = historyWeights(
      [
        { articleId: "a", readAt: hoursAgo(1) },
        { articleId: "b", readAt: hoursAgo(2) },
        { articleId: "a", readAt: hoursAgo(3) },
        { articleId: "c", readAt: hoursAgo(200) },
      ],
      NOW,
    );
    expect(w.map((h) => h.articleId)).toEqual(["a", "b", "c"]);
    expect(w[0].weight).toBeGreaterThan(w[1].weight);
    expect(w[1].weight).toBeGreaterThan(w[2].weight * 3); // 200 hours old: several half-lives
  });

  it("uses at most maxSeeds reads", () => {
    const reads = Array.from({ length: 30 }, (_, i) => ({ articleId: `a${i}`, readAt: hoursAgo(i) }));
    expect(historyWeights(reads, NOW, { maxSeeds: 4 })).toHaveLength(4);
  });
});

describe("recommendFromHistory", () => {
  const related: Record<string, Suggestion[]> = {
    read1: [
      { id: "x", score: 0.8, reasons: ["same people: Aliyev", "published the same day"] },
      { id: "shared", score: 0.5, reasons: ["same story: peace-talks"] },
      { id: "read2", score: 0.9, reasons: [] },
    ],
    read2: [
      { id: "shared", score: 0.5, reasons: ["same story: peace-talks"] },
      { id: "y", score: 0.6, reasons: ["also about: budget"] },
    ],
  };
  const titles: Record<string, string> = { read1: "Talks open", read2: "Budget debate" };
  const run = (history: { articleId: string; weight: number }[], limit = 5) =>
    recommendFromHistory({
      history,
      relatedOf: (id) => related[id] ?? [],
      titleOf: (id) => titles[id],
      exclude: new Set(["read1", "read2"]),
      limit,
    });

  it("never returns what the visitor read, and lifts articles related to several reads", () => {
    const out = run([{ articleId: "read1", weight: 1 }, { articleId: "read2", weight: 0.9 }]);
    expect(out.map((r) => r.id)).not.toContain("read2");
    expect(out[0].id).toBe("shared"); // 0.5 + 0.45 beats 0.8
    expect(out[0].reasons).toContain("related to 2 articles you read");
  });

  it("explains each pick by the read it comes from, without the time note", () => {
    const out = run([{ articleId: "read1", weight: 1 }]);
    const x = out.find((r) => r.id === "x")!;
    expect(x.reasons[0]).toBe("because you read “Talks open”");
    expect(x.reasons).toContain("same people: Aliyev");
    expect(x.reasons).not.toContain("published the same day");
  });

  it("follows the newer read when weights differ", () => {
    const recentBudget = run([{ articleId: "read2", weight: 1 }, { articleId: "read1", weight: 0.1 }]);
    expect(recentBudget.findIndex((r) => r.id === "y")).toBeLessThan(recentBudget.findIndex((r) => r.id === "x"));
  });

  it("caps what one read contributes while other reads have candidates", () => {
    const many: Record<string, Suggestion[]> = {
      a: Array.from({ length: 6 }, (_, i) => ({ id: `a-${i}`, score: 1 - i * 0.01, reasons: [] })),
      b: [{ id: "b-0", score: 0.2, reasons: [] }],
    };
    const out = recommendFromHistory({
      history: [{ articleId: "a", weight: 1 }, { articleId: "b", weight: 1 }],
      relatedOf: (id) => many[id],
      titleOf: () => undefined,
      exclude: new Set(),
      limit: 4,
    });
    expect(out.map((r) => r.id)).toContain("b-0");
    expect(out).toHaveLength(4);
  });

  it("works on the real profiles and scorer: reading a peace-talks story recommends the rest of that story", () => {
    const model = new InProcessRelated(newsroom());
    const read = new Set(["peace-1"]);
    const out = recommendFromHistory({
      history: [{ articleId: "peace-1", weight: 1 }],
      relatedOf: (id) => model.related(id, { limit: 10, exclude: read }),
      titleOf: (id) => model.title(id),
      exclude: read,
      limit: 3,
    });
    expect(out.slice(0, 2).map((r) => r.id).sort()).toEqual(["peace-2", "peace-3"]);
  });
});

describe("rankTrending", () => {
  it("orders by decayed score, not raw reads; drops deleted and excluded articles", () => {
    const entries = [
      { articleId: "old-burst", reads: 50, score: 8 },
      { articleId: "fresh", reads: 20, score: 15 },
      { articleId: "gone", reads: 90, score: 40 },
      { articleId: "seen", reads: 30, score: 12 },
    ];
    const out = rankTrending(entries, { window: "24h", limit: 10, exists: (id) => id !== "gone", exclude: new Set(["seen"]) });
    expect(out.map((r) => r.id)).toEqual(["fresh", "old-burst"]);
    expect(out[0]).toMatchObject({ reads: 20, score: 15, reasons: ["trending: 20 reads in the last 24 hours"] });
  });

  it("respects the limit", () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ articleId: `a${i}`, reads: 1, score: 5 - i }));
    const out = rankTrending(entries, { window: "1h", limit: 2, exists: () => true });
    expect(out.map((r) => r.id)).toEqual(["a0", "a1"]);
    expect(out[0].reasons).toEqual(["trending: 1 read in the last hour"]);
  });
});
