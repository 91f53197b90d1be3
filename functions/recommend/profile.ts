/**
 * The stored form of an article's related-stories evidence: what the request path reads instead of
 * a whole-corpus model. Pure: no I/O.
 *
 * A profile depends on the article alone (no corpus statistics), so it is computed once per version
 * where the article changes (the stream consumer, and reindex) and never goes stale when other
 * articles arrive. Rarity — the idf that tf-idf would bring — comes from the search engine when it
 * picks candidates (`SearchEngine.moreLikeThis`); the dampened idf the old in-memory model used
 * (idf^0.15) made no measurable difference once the engine chose the candidates (docs/related.md).
 */
import type { Article } from "../articles/model.js";
import { minHashOf } from "./stories.js";
import { extractFeatures, type ArticleLike, type ArticleProfile, type EntityKind, type EntityMention, type TermVector } from "./features.js";

/** What a widget shows of an article. */
export interface ArticleCard {
  id: string;
  title: string;
  url: string | null;
  publishedAt: string;
  imageUrl: string | null;
}

/** The DynamoDB item's attributes (besides its keys): the card and the evidence, compactly. */
export interface StoredProfile extends ArticleCard {
  version: number;
  /** Key terms and unit-length weights, strongest first: "key weight key weight …". */
  terms: string;
  /** The folded word each key stands for, in the same order, for reasons ("also about: …"). */
  labels: string;
  /** Entities as [key, label, kind] triples. */
  entities: Array<[string, string, EntityKind]>;
  tags: string[];
  /** MinHash of the text's word shingles (stories.ts): how much wording two articles share. */
  minHash?: string;
  /** The story the article belongs to, set once by the indexer (stories.ts) and kept. */
  storyId?: string;
}

/** Key terms kept per article: the backbone of "same story", small enough for one item. */
export const PROFILE_TERMS = 60;
/** Key terms of a source article that the engine is asked to match ("more like this"). */
export const QUERY_TERMS = 20;
/** Key terms of each article the engine indexes for "more like this". */
export const INDEXED_TERMS = 30;
/**
 * Weight of a shared name or tag in the evidence sum, in idf units. Without corpus statistics every
 * name counts the same: one shared name gives 1 − e^(−3/5) ≈ 45% evidence, two 70%.
 */
export const NAME_WEIGHT = 3;

/** The related-stories profile of an article version: sublinear term frequencies, unit length. */
export function profileOf(article: ArticleLike & Partial<Pick<Article, "url" | "imageUrl" | "version">>): StoredProfile {
  const f = extractFeatures(article);
  const scored: Array<[string, number]> = [];
  for (let i = 0; i < f.termKeys.length; i++) scored.push([f.termKeys[i], 1 + Math.log(f.termCounts[i])]);
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = scored.slice(0, PROFILE_TERMS);
  const norm = Math.hypot(...top.map(([, w]) => w)) || 1;
  return {
    id: article.id,
    title: article.title,
    url: article.url ?? null,
    publishedAt: article.publishedAt,
    imageUrl: article.imageUrl ?? null,
    version: article.version ?? 1,
    terms: top.map(([k, w]) => `${k} ${round(w / norm)}`).join(" "),
    labels: top.map(([k]) => f.termLabels.get(k) ?? k).join(" "),
    entities: [...f.entities].map(([key, m]) => [key, m.label, m.kind]),
    tags: f.tags,
    minHash: minHashOf(article.title, article.body),
  };
}

/** A profile the search engine kept as JSON (SearchDocument.related); null when it is not one. */
export function profileFromJson(text: string): StoredProfile | null {
  try {
    const p = JSON.parse(text) as Partial<StoredProfile> | null;
    const ok = p && typeof p.id === "string" && typeof p.title === "string" && typeof p.publishedAt === "string" && typeof p.terms === "string";
    return ok ? (p as StoredProfile) : null;
  } catch {
    return null;
  }
}

/** The strongest key terms of a profile, for the engine's "more like this" (query or index). */
export function keyTerms(p: Pick<StoredProfile, "terms">, limit: number): Array<{ term: string; weight: number }> {
  const parts = p.terms ? p.terms.split(" ") : [];
  const out: Array<{ term: string; weight: number }> = [];
  for (let i = 0; i + 1 < parts.length && out.length < limit; i += 2) out.push({ term: parts[i], weight: Number(parts[i + 1]) });
  return out;
}

export function cardOf(p: ArticleCard): ArticleCard {
  return { id: p.id, title: p.title, url: p.url ?? null, publishedAt: p.publishedAt, imageUrl: p.imageUrl ?? null };
}

/**
 * Turns stored profiles into the scorer's profiles. Term ids are interned per reader, so one request's
 * handful of profiles share ids and nothing accumulates across requests.
 */
export class ProfileReader {
  private readonly ids = new Map<string, number>();

  read(p: StoredProfile): ArticleProfile {
    const parts = p.terms ? p.terms.split(" ") : [];
    const labelList = p.labels ? p.labels.split(" ") : [];
    const terms = new Map<string, number>();
    const termLabels = new Map<string, string>();
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const key = parts[i];
      const w = Number(parts[i + 1]);
      if (!(w > 0) || terms.has(key)) continue;
      terms.set(key, w);
      termLabels.set(key, labelList[i / 2] ?? key);
      let id = this.ids.get(key);
      if (id === undefined) this.ids.set(key, (id = this.ids.size));
      pairs.push([id, w]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const termVector: TermVector = { ids: Int32Array.from(pairs, (x) => x[0]), weights: Float64Array.from(pairs, (x) => x[1]) };
    const entities = new Map<string, number>();
    const entityLabels = new Map<string, EntityMention>();
    for (const [key, label, kind] of p.entities ?? []) {
      entities.set(key, NAME_WEIGHT);
      entityLabels.set(key, { label, kind });
    }
    return {
      id: p.id,
      publishedAtMs: Date.parse(p.publishedAt),
      terms,
      termVector,
      entities,
      tags: new Map((p.tags ?? []).map((t) => [t, NAME_WEIGHT])),
      termLabels,
      entityLabels,
    };
  }
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;
