import { describe, expect, it } from "vitest";
import { keyTerms, profileOf, ProfileReader } from "../../functions/recommend/profile.js";
import { contentSimilarity } from "../../functions/recommend/related.js";
import { cosine } from "../../functions/recommend/features.js";
import { newsroom } from "./fixtures.js";

describe("stored related-stories profiles", () => {
  const articles = newsroom();
  const byId = new Map(articles.map((a) => [a.id, a]));

  it("depend on the article alone, so another article's arrival never changes one", () => {
    const a = byId.get("peace-1")!;
    expect(profileOf(a)).toEqual(profileOf(structuredClone(a)));
    const p = profileOf(a);
    expect(p).toMatchObject({ id: "peace-1", title: a.title, url: a.url, publishedAt: a.publishedAt, version: 1 });
    expect(p.tags).toEqual(["peace-talks"]);
    expect(p.entities.map(([, label]) => label)).toContain("Ilham Aliyev");
  });

  it("keep unit-length key terms, strongest first, with the words they stand for", () => {
    const p = profileOf(byId.get("peace-1")!);
    const terms = keyTerms(p, 100);
    expect(terms.length).toBeGreaterThan(3);
    for (let i = 1; i < terms.length; i++) expect(terms[i - 1].weight).toBeGreaterThanOrEqual(terms[i].weight);
    const profile = new ProfileReader().read(p);
    expect(cosine(profile.termVector, profile.termVector)).toBeCloseTo(1, 3);
    expect([...profile.termLabels.values()]).toContain("peace");
  });

  it("read back into the scorer: a story's articles are closer to each other than to another story", () => {
    const reader = new ProfileReader();
    const read = (id: string) => reader.read(profileOf(byId.get(id)!));
    const peace = contentSimilarity(read("peace-1"), read("peace-2")).content;
    const other = contentSimilarity(read("peace-1"), read("budget-1")).content;
    expect(peace).toBeGreaterThan(other * 2);
  });
});
