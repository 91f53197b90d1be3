import { describe, expect, it } from "vitest";
import { precisionAt, reutersArticle, simulateReaders, tfidfBaseline, type EvalArticle, type FetchRelated } from "../../scripts/eval/related.js";

const article = (id: string, topics: string[], body = `${id} story`, day = 1): EvalArticle =>
  reutersArticle({ id, title: id, body, topics, publishedAt: `1987-03-${String(day).padStart(2, "0")}T10:00:00Z` });

describe("related P@k by shared topic", () => {
  const articles = [article("a", ["cocoa"]), article("b", ["cocoa"]), article("c", []), article("e", ["cocoa", "sugar"]), article("g", ["gold"])];
  const lists: Record<string, string[]> = { a: ["c", "b", "g", "e"] };
  const fetchRelated: FetchRelated = async (id, limit) => (lists[id] ?? []).slice(0, limit);

  it("counts an unlabelled suggestion as a miss", async () => {
    const r = await precisionAt(articles, fetchRelated, { k: 2, sample: 1 });
    expect(r.evaluated).toBe(1);
    expect(r.precision).toBeCloseTo(0.5); // c (unlabelled), then b (cocoa)
  });

  it("skips unlabelled suggestions in the condensed list and judges the next labelled ones", async () => {
    const r = await precisionAt(articles, fetchRelated, { k: 2, sample: 1, judgedOnly: true });
    expect(r.precision).toBeCloseTo(0.5); // b (cocoa), g (gold): c is skipped
    const k3 = await precisionAt(articles, fetchRelated, { k: 3, sample: 1, judgedOnly: true });
    expect(k3.precision).toBeCloseTo(2 / 3); // b, g, e
  });
});

describe("tf-idf baseline", () => {
  it("ranks the article sharing rare words first and never returns the article itself", async () => {
    const articles = [
      article("cocoa-1", ["cocoa"], "Cocoa exporters in Ivory Coast raised cocoa bean prices"),
      article("cocoa-2", ["cocoa"], "Ivory Coast cocoa bean exports rose as prices climbed"),
      article("gold-1", ["gold"], "Gold prices climbed in London trading"),
      article("oil-1", ["crude"], "Crude oil output fell in the Gulf"),
    ];
    const related = await tfidfBaseline(articles)("cocoa-1", 3);
    expect(related[0]).toBe("cocoa-2");
    expect(related).not.toContain("cocoa-1");
  });
});

describe("simulated readers", () => {
  it("ends on a corpus too small for every reader to find new stories, with rates between 0 and 1", async () => {
    const topics = ["cocoa", "gold", "crude"];
    const articles = Array.from({ length: 60 }, (_, i) =>
      article(`s${i}`, [topics[i % 3]], `${topics[i % 3]} market report number ${i} prices traders`, 1 + (i % 28)),
    );
    const result = await simulateReaders(articles, { readers: 40, readsPerReader: 30 });
    expect(result.readers).toBeGreaterThan(0);
    expect(result.readers).toBeLessThanOrEqual(40);
    expect(result.heldOutReads).toBeGreaterThan(0);
    for (const rate of [result.relatedHitRate.coReadingOn, result.relatedHitRate.coReadingOff, result.recommendationHitRate.coReadingOn]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
  }, 20_000);
});
