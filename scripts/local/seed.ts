import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ArticleInputSchema } from "../../functions/routes/article-writes.js";
import { prepareArticle } from "../../functions/articles/ingest.js";
import type { ArticleRepository } from "../../functions/store/articles.js";

export const DEMO_CORPUS = fileURLToPath(new URL("../demo/articles.ndjson", import.meta.url));

/** Loads the demo corpus when the store holds no article yet. Returns how many were stored. */
export async function seedDemoIfEmpty(articles: ArticleRepository, now = new Date()): Promise<number> {
  if ((await articles.months()).length > 0) return 0;
  let stored = 0;
  for (const line of readFileSync(DEMO_CORPUS, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const raw = JSON.parse(line);
    const input = ArticleInputSchema.parse(raw);
    await articles.save(prepareArticle(raw.id, input, now));
    stored++;
  }
  return stored;
}
