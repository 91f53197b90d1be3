/**
 * One corpus row: the Article input of `POST /v1/articles/batch` plus optional ground truth
 * (Reuters' topics, the generator's topic) that evaluations read but the API never receives.
 */
import type { ArticleInput } from "../../functions/articles/ingest.js";

export interface CorpusArticle extends Omit<ArticleInput, "publishedAt"> {
  id: string;
  /** Rows without a valid date are still sent: the API's answer (rejected) is part of what is measured. */
  publishedAt?: string | null;
  topics?: string[];
  [extra: string]: unknown;
}

/** The fields the API accepts; everything else in a row stays on this side. */
export const ARTICLE_INPUT_FIELDS = [
  "id",
  "title",
  "body",
  "url",
  "summary",
  "section",
  "tags",
  "authors",
  "language",
  "publishedAt",
  "updatedAt",
  "imageUrl",
] as const;

export function toArticleInput(row: CorpusArticle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of ARTICLE_INPUT_FIELDS) if (row[field] !== undefined) out[field] = row[field];
  return out;
}
