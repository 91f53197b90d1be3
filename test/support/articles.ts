import type { Article } from "../../functions/articles/model.js";

/** A stored article with plausible defaults, for tests that do not exercise ingest. */
export function storedArticle(id: string, overrides: Partial<Article> = {}): Article {
  return {
    id,
    title: `Title of ${id}`,
    body: `Body of ${id}.`,
    url: `https://news.example/${id}`,
    summary: `Summary of ${id}`,
    section: "politics",
    tags: ["parliament"],
    authors: ["Desk"],
    language: "en",
    publishedAt: "2025-03-01T10:00:00.000Z",
    updatedAt: "2025-03-01T10:00:00.000Z",
    imageUrl: null,
    entities: { people: [], places: [], orgs: [] },
    version: 1,
    ...overrides,
  };
}
