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

/** Earliest publication date taken; anything before is a typo or a placeholder. */
const EARLIEST = Date.parse("1900-01-01T00:00:00Z");
/** Embargoes reach at most this far ahead. */
const MAX_EMBARGO_MS = 5 * 365 * 86_400_000;
/** CMS clocks drift; an updatedAt further ahead than this would make every later update look stale. */
const MAX_UPDATED_SKEW_MS = 86_400_000;

/** Dates that are real but out of bounds: one far in the future would freeze the article (later updates look stale). */
function checkDates(publishedAt: string, updatedAt: string, now: Date): void {
  const published = Date.parse(publishedAt);
  const updated = Date.parse(updatedAt);
  if (published < EARLIEST || updated < EARLIEST) throw new UnstorableArticleError("dates before 1900 are not taken");
  if (published > now.getTime() + MAX_EMBARGO_MS) throw new UnstorableArticleError("publishedAt lies more than 5 years ahead");
  if (updated > Math.max(now.getTime() + MAX_UPDATED_SKEW_MS, published)) {
    throw new UnstorableArticleError("updatedAt lies in the future (more than a day ahead, and after publishedAt)");
  }
}

/** Turns CMS input into the article of record: clean text, derived summary, detected language, entities. */
export function prepareArticle(id: string, input: ArticleInput, now: Date): Omit<Article, "version"> {
  const title = cleanTitle(input.title);
  const body = cleanBody(input.body);
  if (!title) throw new UnstorableArticleError("title is empty after cleaning");
  if (!body) throw new UnstorableArticleError("body is empty after cleaning");
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new UnstorableArticleError(`the clean body is over ${MAX_BODY_BYTES / 1000} kB; split the article`);
  }
  const publishedAt = toIsoUtc(input.publishedAt);
  const updatedAt = toIsoUtc(input.updatedAt ?? input.publishedAt ?? now.toISOString());
  checkDates(publishedAt, updatedAt, now);
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
    publishedAt,
    updatedAt,
    imageUrl: input.imageUrl ?? null,
    entities: extractEntities(title, body, language),
  };
}

export function toIsoUtc(value: string): string {
  return new Date(value).toISOString().replace(".000Z", "Z");
}

const unique = (xs: string[]) => [...new Set(xs)];
