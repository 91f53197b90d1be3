import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Article } from "../articles/model.js";
import { toArticle } from "../store/articles.js";
import { articleIdFromPk, isArticleKey } from "../store/keys.js";
import type { SearchDocument, SearchEngine } from "./engine.js";
import { INDEXED_TERMS, keyTerms, profileOf, type StoredProfile } from "../recommend/profile.js";
import type { RelatedProfiles } from "../store/related.js";

/** The public, searchable part of an article, with the key terms of its related-stories profile. */
export function toSearchDocument(a: Article, profile: Pick<StoredProfile, "terms"> = profileOf(a)): SearchDocument {
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
    keyTerms: keyTerms(profile, INDEXED_TERMS).map((t) => t.term),
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

/** Where article changes go: the search index, and the related-stories profiles when given. */
export interface ChangeTargets {
  engine: SearchEngine;
  profiles?: RelatedProfiles;
}

/**
 * The one fan-out of article changes, for the Lambda indexer, the local poller and reindex: the
 * search index and the related-stories profiles, each written idempotently. Throws when either
 * fails, so the caller retries the same batch: nothing is lost.
 */
export async function indexChanges(targets: ChangeTargets | SearchEngine, change: ArticleChange): Promise<void> {
  const { engine, profiles } = "upsert" in targets ? { engine: targets, profiles: undefined } : targets;
  const made = change.upserts.map(profileOf);
  await Promise.all([
    (async () => {
      if (change.upserts.length) await engine.upsert(change.upserts.map((a, i) => toSearchDocument(a, made[i])));
      if (change.removals.length) await engine.remove(change.removals);
    })(),
    (async () => {
      if (!profiles) return;
      await profiles.put(made);
      await profiles.remove(change.removals);
    })(),
  ]);
}
