/**
 * Content features of an article for related stories: key terms weighted by tf-idf against the
 * corpus, named entities, tags and publication time. Pure: no I/O, no clock.
 *
 * Terms are the text module's Latin match keys (folded, stemmed, transliterated), so an article in
 * Russian about "Алиев" and one in English about "Aliyev" meet on the same term.
 */
import type { Article, Entities } from "../articles/model.js";
import { TOPICLESS, foldText, searchKey, words } from "../text/index.js";

export type EntityKind = keyof Entities;

/** What related stories need of an article (the stored Article satisfies it). */
export type ArticleLike = Pick<Article, "id" | "title" | "body" | "tags" | "language" | "publishedAt"> & {
  entities?: Partial<Entities>;
};

export interface EntityMention {
  label: string;
  kind: EntityKind;
}

/** Corpus-independent features, computed once per article version. */
export interface ContentFeatures {
  id: string;
  publishedAtMs: number;
  /** Match keys and their counts (title words count TITLE_WEIGHT times), parallel arrays. */
  termKeys: string[];
  termCounts: Float32Array;
  /** Match key → the (folded) word as the article first uses it, for reasons. */
  termLabels: Map<string, string>;
  /** Entity key (folded match keys of its words) → how the article names it. */
  entities: Map<string, EntityMention>;
  /** Lowercase tags as stored. */
  tags: string[];
}

/** Corpus-dependent view: unit-length weight vectors ready for cosine similarity. */
export interface ArticleProfile {
  id: string;
  publishedAtMs: number;
  /** Top key terms by tf-idf, L2-normalised. */
  terms: Map<string, number>;
  /** The same vector packed by term id (ascending), for fast dot products. */
  termVector: TermVector;
  /** Entities with their idf: sharing a rare name says more than sharing a common one. */
  entities: Map<string, number>;
  /** Tags with their idf. */
  tags: Map<string, number>;
  termLabels: Map<string, string>;
  entityLabels: Map<string, EntityMention>;
}

/** Title words count like body words: boosting them favoured one-off headline words over the story's vocabulary (docs/related.md). */
export const TITLE_WEIGHT = 1;
/**
 * Dampened idf (idf^0.15): rare words still weigh more, but a story's recurring vocabulary is not
 * drowned by one-off names and typos; names get their own channel (entities). Measured in docs/related.md.
 */
export const IDF_POWER = 0.15;

/** Key terms kept per article: enough to describe a story, few enough to keep the index small. */
export const MAX_KEY_TERMS = 80;

// ---------------------------------------------------------------------------------------------
// Terms

/** Stemming dominates feature extraction; newsroom vocabulary is small enough to memoise. */
const keyCaches = new Map<string, Map<string, string>>();
const KEY_CACHE_LIMIT = 200_000;

function matchKey(norm: string, language: string): string {
  let cache = keyCaches.get(language);
  if (!cache) keyCaches.set(language, (cache = new Map()));
  let key = cache.get(norm);
  if (key === undefined) {
    if (cache.size >= KEY_CACHE_LIMIT) cache.clear();
    key = searchKey(norm, language);
    cache.set(norm, key);
  }
  return key;
}

/** Numbers, codes and amounts ("1987", "4.5", "g7") say little about which story it is. */
function hasDigit(norm: string): boolean {
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Content words of a text as match keys, with the folded word; stop words, topicless words (text module) and numbers dropped. */
export function contentTerms(text: string, language: string): Array<{ key: string; word: string }> {
  const out: Array<{ key: string; word: string }> = [];
  for (const word of words(text)) {
    if (word.length < 2 || hasDigit(word) || TOPICLESS.has(word)) continue;
    const key = matchKey(word, language);
    if (key.length < 2) continue;
    out.push({ key, word });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Features

/** The match key of a name: its words folded and keyed, so "Əliyev" and "Aliyev" are one entity. */
export function entityKey(name: string): string {
  return words(name)
    .map((w) => matchKey(w, ""))
    .join(" ");
}

export interface FeatureOptions {
  titleWeight?: number;
}

export function extractFeatures(article: ArticleLike, opts: FeatureOptions = {}): ContentFeatures {
  const counts = new Map<string, number>();
  const labels = new Map<string, string>();
  const add = (text: string, weight: number) => {
    for (const { key, word } of contentTerms(text, article.language)) {
      counts.set(key, (counts.get(key) ?? 0) + weight);
      // The first form seen wins; the title comes first, so labels read like headlines.
      if (!labels.has(key)) labels.set(key, word);
    }
  };
  add(article.title, opts.titleWeight ?? TITLE_WEIGHT);
  add(article.body, 1);


  const entities = new Map<string, EntityMention>();
  for (const kind of ["people", "places", "orgs"] as const) {
    for (const label of article.entities?.[kind] ?? []) {
      const key = entityKey(label);
      if (key && !entities.has(key)) entities.set(key, { label: label.trim(), kind });
    }
  }
  const tags = [...new Set(article.tags.map((t) => foldText(t.trim())).filter(Boolean))];

  return {
    id: article.id,
    publishedAtMs: Date.parse(article.publishedAt),
    termKeys: [...counts.keys()],
    termCounts: Float32Array.from(counts.values()),
    termLabels: labels,
    entities,
    tags,
  };
}

// ---------------------------------------------------------------------------------------------
// Corpus statistics and profiles

/** A sparse unit vector over interned term ids, ids ascending. */
export interface TermVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Document frequencies of terms, entities and tags; updated as articles come and go. */
export class CorpusStats {
  docs = 0;
  /** Term → a small integer id, so vectors can be compared by merging two sorted arrays. */
  private readonly termIds = new Map<string, number>();
  readonly termDf = new Map<string, number>();
  readonly entityDf = new Map<string, number>();
  readonly tagDf = new Map<string, number>();

  add(f: ContentFeatures): void {
    this.docs++;
    for (const k of f.termKeys) bump(this.termDf, k, 1);
    for (const k of f.entities.keys()) bump(this.entityDf, k, 1);
    for (const k of f.tags) bump(this.tagDf, k, 1);
  }

  remove(f: ContentFeatures): void {
    this.docs--;
    for (const k of f.termKeys) bump(this.termDf, k, -1);
    for (const k of f.entities.keys()) bump(this.entityDf, k, -1);
    for (const k of f.tags) bump(this.tagDf, k, -1);
  }

  termId(key: string): number {
    let id = this.termIds.get(key);
    if (id === undefined) this.termIds.set(key, (id = this.termIds.size));
    return id;
  }

  termIdf(key: string): number {
    return idf(this.docs, this.termDf.get(key) ?? 0);
  }
  entityIdf(key: string): number {
    return idf(this.docs, this.entityDf.get(key) ?? 0);
  }
  tagIdf(key: string): number {
    return idf(this.docs, this.tagDf.get(key) ?? 0);
  }
}

function bump(m: Map<string, number>, k: string, by: number) {
  const n = (m.get(k) ?? 0) + by;
  if (n > 0) m.set(k, n);
  else m.delete(k);
}

/** Smoothed idf: positive even for a term in every document, so a tiny corpus still has weights. */
export function idf(docs: number, df: number): number {
  return Math.log((docs + 1) / (df + 0.5));
}

export interface ProfileOptions {
  maxTerms?: number;
  /** Exponent on term idf: below 1 flattens it, so a story's recurring vocabulary outweighs one-off names. */
  idfPower?: number;
  /** How repeated words count: "log" (1 + ln tf), "sqrt" or "raw". */
  tf?: "log" | "sqrt" | "raw";
}

const TF_SHAPES = {
  log: (tf: number) => 1 + Math.log(tf),
  sqrt: (tf: number) => Math.sqrt(tf),
  raw: (tf: number) => tf,
};

/** Weights a document's features against the corpus: sublinear tf × idf, top terms, unit length. */
export function buildProfile(f: ContentFeatures, stats: CorpusStats, opts: ProfileOptions = {}): ArticleProfile {
  const maxTerms = opts.maxTerms ?? MAX_KEY_TERMS;
  const idfPower = opts.idfPower ?? IDF_POWER;
  const tf = TF_SHAPES[opts.tf ?? "log"];
  const scored: Array<[string, number]> = [];
  for (let i = 0; i < f.termKeys.length; i++) {
    const key = f.termKeys[i];
    scored.push([key, tf(f.termCounts[i]) * Math.pow(stats.termIdf(key), idfPower)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const terms = normalise(scored.slice(0, maxTerms));
  const termLabels = new Map<string, string>();
  for (const key of terms.keys()) termLabels.set(key, f.termLabels.get(key) ?? key);

  return {
    id: f.id,
    publishedAtMs: f.publishedAtMs,
    terms,
    termVector: packTerms(terms, stats),
    entities: new Map([...f.entities.keys()].map((k) => [k, stats.entityIdf(k)])),
    tags: new Map(f.tags.map((k) => [k, stats.tagIdf(k)])),
    termLabels,
    entityLabels: f.entities,
  };
}

function packTerms(terms: Map<string, number>, stats: CorpusStats): TermVector {
  const pairs = [...terms].map(([key, w]) => [stats.termId(key), w] as const).sort((a, b) => a[0] - b[0]);
  return { ids: Int32Array.from(pairs, (p) => p[0]), weights: Float64Array.from(pairs, (p) => p[1]) };
}

function normalise(entries: Array<[string, number]>): Map<string, number> {
  let sum = 0;
  for (const [, w] of entries) sum += w * w;
  const norm = Math.sqrt(sum);
  const out = new Map<string, number>();
  if (norm === 0) return out;
  for (const [k, w] of entries) if (w > 0) out.set(k, w / norm);
  return out;
}

/**
 * Evidence from shared names or tags in [0, 1): the idf of what both have, summed and saturated.
 * One shared rare name (idf ≈ scale) gives ≈ 0.63; a shared name that half the corpus has, ≈ 0.1.
 */
export function sharedEvidence(a: Map<string, number>, b: Map<string, number>, scale: number): number {
  if (a.size === 0 || b.size === 0) return 0;
  // Written without destructuring or iterators: this runs for every candidate of every request.
  const small = a.size <= b.size ? a : b;
  const large = small === a ? b : a;
  let sum = 0;
  small.forEach((w, k) => {
    const v = large.get(k);
    if (v !== undefined) sum += Math.min(w, v);
  });
  return sum > 0 ? 1 - Math.exp(-sum / scale) : 0;
}

/** Dot product of two sparse unit vectors (their cosine similarity): one merge of the sorted ids. */
export function cosine(a: TermVector, b: TermVector): number {
  const ai = a.ids, bi = b.ids;
  let i = 0, j = 0, dot = 0;
  while (i < ai.length && j < bi.length) {
    const x = ai[i], y = bi[j];
    if (x === y) dot += a.weights[i++] * b.weights[j++];
    else if (x < y) i++;
    else j++;
  }
  return dot;
}
