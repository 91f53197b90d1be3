import type { Article } from "./model.js";
import { cleanBody, cleanTitle } from "./clean.js";
import { detectLanguage } from "./language.js";
import { deriveSummary } from "./summary.js";
import { extractEntities } from "./entities.js";

/** What the CMS sends (validated by the route schema). */
export interface ArticleInput {
  title: string;
  body: string;
  url?: string;
  summary?: string;
  section?: string;
  tags?: string[];
  authors?: string[];
  language?: string;
  publishedAt: string;
  updatedAt?: string;
  imageUrl?: string;
}

/** Input that passes the schema but cannot become an article (empty after cleaning, too large to store). */
export class UnstorableArticleError extends Error {}

/** DynamoDB items hold at most 400 KB; the clean body must leave room for the other fields. */
export const MAX_BODY_BYTES = 300_000;

/** Turns CMS input into the article of record: clean text, derived summary, detected language, entities. */
export function prepareArticle(id: string, input: ArticleInput, now: Date): Omit<Article, "version"> {
  const title = cleanTitle(input.title);
  const body = cleanBody(input.body);
  if (!title) throw new UnstorableArticleError("title is empty after cleaning");
  if (!body) throw new UnstorableArticleError("body is empty after cleaning");
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new UnstorableArticleError(`the clean body is over ${MAX_BODY_BYTES / 1000} kB; split the article`);
  }
  const summary = input.summary ? cleanBody(input.summary).replace(/\s*\n+\s*/g, " ") : deriveSummary(body);
  const language = input.language?.toLowerCase() ?? detectLanguage(`${title}\n${body}`);
  return {
    id,
    title,
    body,
    url: input.url ?? null,
    summary,
    section: (input.section ?? "politics").trim().toLowerCase(),
    tags: unique((input.tags ?? []).map((t) => t.trim().toLowerCase()).filter(Boolean)),
    authors: unique((input.authors ?? []).map((a) => a.trim().replace(/\s+/g, " ")).filter(Boolean)),
    language,
    publishedAt: toIsoUtc(input.publishedAt),
    updatedAt: toIsoUtc(input.updatedAt ?? input.publishedAt ?? now.toISOString()),
    imageUrl: input.imageUrl ?? null,
    entities: extractEntities(title, body, language),
  };
}

export function toIsoUtc(value: string): string {
  return new Date(value).toISOString().replace(".000Z", "Z");
}

const unique = (xs: string[]) => [...new Set(xs)];
