import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Article } from "../articles/model.js";
import { toArticle } from "../store/articles.js";
import { articleIdFromPk, isArticleKey } from "../store/keys.js";
import type { SearchDocument, SearchEngine } from "./engine.js";

/** The public, searchable part of an article. */
export function toSearchDocument(a: Article): SearchDocument {
  return {
    id: a.id,
    title: a.title,
    summary: a.summary,
    body: a.body,
    url: a.url,
    section: a.section,
    tags: a.tags,
    authors: a.authors,
    language: a.language,
    publishedAt: a.publishedAt,
    imageUrl: a.imageUrl,
  };
}

/** The shape shared by DynamoDB Streams records in Lambda events and from the Streams API. */
export interface ChangeRecord {
  eventName?: string;
  dynamodb?: {
    Keys?: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
  };
}

export interface ArticleChange {
  upserts: Article[];
  removals: string[];
}

/** Picks article writes out of a batch of table changes; the last change of an id wins. */
export function articleChanges(records: ChangeRecord[]): ArticleChange {
  const latest = new Map<string, Article | null>();
  for (const r of records) {
    const keys = r.dynamodb?.Keys ? unmarshall(r.dynamodb.Keys) : undefined;
    if (!keys || !isArticleKey(String(keys.pk), String(keys.sk))) continue;
    const id = articleIdFromPk(String(keys.pk));
    latest.set(id, r.eventName === "REMOVE" || !r.dynamodb?.NewImage ? null : toArticle(unmarshall(r.dynamodb.NewImage)));
  }
  const upserts: Article[] = [];
  const removals: string[] = [];
  for (const [id, a] of latest) a ? upserts.push(a) : removals.push(id);
  return { upserts, removals };
}

/**
 * Applies table changes to the search index. Throws when the engine fails, so the caller
 * (Lambda's stream event source, or the local poller) retries the same batch: nothing is lost.
 */
export async function indexChanges(engine: SearchEngine, change: ArticleChange): Promise<void> {
  if (change.upserts.length) await engine.upsert(change.upserts.map(toSearchDocument));
  if (change.removals.length) await engine.remove(change.removals);
}
