import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Article } from "../articles/model.js";
import { toArticle } from "../store/articles.js";
import { articleIdFromPk, isArticleKey } from "../store/keys.js";
import type { SearchDocument, SearchEngine } from "./engine.js";
import { INDEXED_TERMS, ProfileReader, keyTerms, profileFromJson, profileOf, type StoredProfile } from "../recommend/profile.js";
import { cosine } from "../recommend/features.js";
import { DEFAULT_STORY_THRESHOLDS, STORY_CANDIDATES, STORY_QUERY_TERMS, chooseStory, decodeMinHash, overlapOfDecoded, type StoryCandidate, type StoryThresholds } from "../recommend/stories.js";
import type { RelatedProfiles } from "../store/related.js";

/** The public, searchable part of an article, with its related-stories profile (its key terms indexed). */
export function toSearchDocument(a: Article, profile: StoredProfile = profileOf(a)): SearchDocument {
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
    storyId: profile.storyId ?? a.id,
    related: JSON.stringify(profile),
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
  if (profiles) await assignStories(engine, profiles, made);
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

/** moreLikeThis queries in flight while a batch's stories are assigned. */
const STORY_QUERY_CONCURRENCY = 8;
const DAY_MS = 86_400_000;

/**
 * Sets `storyId` on each profile (recommend/stories.ts). Sticky: an article keeps the story it was
 * given (a replay or an edit reads it back). A new article is compared with the engine's "more like
 * this" candidates published within the window, and with the batch's earlier articles, which the
 * engine does not hold yet; it joins the best matching one's story or starts its own. Costs one
 * BatchGetItem for the batch's stored profiles, one engine query per new article and one
 * BatchGetItem for the candidates' profiles the engine did not hand back.
 */
export async function assignStories(
  engine: SearchEngine,
  profiles: Pick<RelatedProfiles, "get">,
  made: StoredProfile[],
  t: StoryThresholds = DEFAULT_STORY_THRESHOLDS,
  /** Sees each new article's candidates before the choice (scripts/eval/stories.ts). */
  observe?: (p: StoredProfile, candidates: StoryCandidate[]) => void,
): Promise<void> {
  if (made.length === 0) return;
  const stored = await profiles.get(made.map((p) => p.id));
  const fresh: StoredProfile[] = [];
  for (const p of made) {
    const storyId = stored.get(p.id)?.storyId;
    if (storyId) p.storyId = storyId;
    else fresh.push(p);
  }
  if (fresh.length === 0) return;

  const found = new Map<string, string[]>();
  // Candidates the engine handed back with their profile need no read from the table.
  const given = new Map<string, StoredProfile>();
  let next = 0;
  const worker = async () => {
    while (next < fresh.length) {
      const p = fresh[next++];
      const at = Date.parse(p.publishedAt);
      const within = Number.isFinite(at)
        ? { from: new Date(at - t.windowDays * DAY_MS).toISOString(), to: new Date(at + t.windowDays * DAY_MS).toISOString() }
        : undefined;
      const similar = await engine.moreLikeThis({ id: p.id, terms: keyTerms(p, STORY_QUERY_TERMS), limit: STORY_CANDIDATES, within });
      found.set(p.id, similar.map((m) => m.id));
      for (const m of similar) {
        const profile = m.related ? profileFromJson(m.related) : null;
        if (profile?.id === m.id) given.set(m.id, profile);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STORY_QUERY_CONCURRENCY, fresh.length) }, worker));
  const batchIds = new Set(made.map((p) => p.id));
  const candidates = await profiles.get([...new Set([...found.values()].flat())].filter((id) => !batchIds.has(id) && !given.has(id)));
  for (const [id, profile] of given) if (!batchIds.has(id)) candidates.set(id, profile);

  const reader = new ProfileReader();
  const vectors = new Map<string, ReturnType<ProfileReader["read"]>>();
  const read = (p: StoredProfile) => {
    let v = vectors.get(p.id);
    if (!v) vectors.set(p.id, (v = reader.read(p)));
    return v;
  };
  const signatures = new Map<string, Uint16Array | null>();
  const signature = (p: StoredProfile) => {
    let s = signatures.get(p.id);
    if (s === undefined) signatures.set(p.id, (s = decodeMinHash(p.minHash)));
    return s;
  };
  // A candidate whose wording overlaps less than both thresholds cannot be chosen whatever its
  // cosine (chooseStory), so only the others are compared in full: with every earlier article of
  // the batch in the pool, that spares most of a large batch's pairs. The observer sees them all.
  const least = observe ? -Infinity : Math.min(t.overlap, t.copy);
  const earlier: StoredProfile[] = [];
  for (const p of made) {
    if (!p.storyId) {
      const pool = [...(found.get(p.id) ?? []).flatMap((id) => candidates.get(id) ?? []), ...earlier];
      const compared: StoryCandidate[] = [];
      for (const c of pool) {
        const overlap = overlapOfDecoded(signature(p), signature(c));
        if (overlap < least) continue;
        const publishedAtMs = Date.parse(c.publishedAt);
        const cos = cosine(read(p).termVector, read(c).termVector);
        compared.push({ id: c.id, storyId: c.storyId ?? c.id, publishedAtMs, minHash: c.minHash, cosine: cos, overlap });
      }
      observe?.(p, compared);
      const match = chooseStory({ publishedAtMs: Date.parse(p.publishedAt), minHash: p.minHash ?? "" }, compared, t);
      p.storyId = match?.storyId ?? p.id;
    }
    earlier.push(p);
  }
}
