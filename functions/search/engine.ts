/**
 * The search port. Two adapters implement it: `embedded` (SQLite FTS5, local and tests)
 * and `meilisearch` (the cloud). Everything above this file is engine-agnostic.
 */

/** What the engines index: the public part of an Article (see articles/model.ts). */
export interface SearchDocument {
  id: string;
  title: string;
  summary: string;
  body: string;
  url: string | null;
  section: string;
  tags: string[];
  authors: string[];
  language: string;
  publishedAt: string; // ISO 8601 UTC
  imageUrl: string | null;
  /** Match keys (text.ts) of the article's strongest terms, for moreLikeThis; absent: none indexed. */
  keyTerms?: string[];
  /** The article's story (recommend/stories.ts); absent: its own id. */
  storyId?: string;
  /**
   * The article's related-stories profile (recommend/profile.ts) as JSON, kept opaque: moreLikeThis
   * hands it back with each candidate, so a related list needs no second read for them. Absent: none.
   */
  related?: string;
}

export const FACET_NAMES = ["tags", "authors", "language", "month"] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/** Values inside one filter are OR-ed; different filters are AND-ed. */
export interface SearchFilters {
  tags?: string[];
  authors?: string[];
  language?: string[];
  section?: string[];
  /** Months of publishedAt, "YYYY-MM" (UTC). */
  month?: string[];
  /** Inclusive bounds on publishedAt, ISO 8601. */
  from?: string;
  to?: string;
}

export interface SearchRequest {
  q: string;
  filters: SearchFilters;
  sort: "relevance" | "newest";
  page: number; // 1-based
  limit: number;
  facets: FacetName[];
  /** Half-life in days of the recency decay (ranking.ts); 0 turns freshness off. Default: DEFAULT_HALF_LIFE_DAYS. */
  halfLifeDays?: number;
  /** The time freshness is measured from, epoch ms (default: now). */
  now?: number;
  /** "story": one hit per story (its best), totals count stories. */
  collapse?: "story";
}

export interface SearchHit {
  id: string;
  title: string;
  url: string | null;
  summary: string;
  publishedAt: string;
  tags: string[];
  authors: string[];
  imageUrl: string | null;
  language: string;
  section: string;
  /** The story the article belongs to (its own id when it starts one). */
  storyId: string;
  /** HTML: matched words in <mark>…</mark>, everything else escaped. */
  highlight: { title: string; snippet: string };
}

export interface SearchResult {
  /** Exact up to MAX_TOTAL_HITS, then capped at it. */
  total: number;
  hits: SearchHit[];
  facets: Partial<Record<FacetName, Record<string, number>>>;
  /** "Did you mean": the query with the spellings the index knows, when nothing or only typos matched. */
  suggestion?: string;
}

export interface Suggestion {
  id: string;
  title: string;
  url: string | null;
  highlight: string;
}

/** Totals are exact up to this many matches (Meilisearch's default maxTotalHits). */
export const MAX_TOTAL_HITS = 1000;

export interface SimilarArticle {
  id: string;
  /** Meilisearch's ranking score of the semantic match, in [0, 1]. */
  score: number;
  /** moreLikeThis: the candidate's indexed related profile (SearchDocument.related), when it has one. */
  related?: string;
}

/** "More like this": the key terms of one article, to find others that share the rare ones. */
export interface MoreLikeThisQuery {
  /** The source article: never returned. */
  id: string;
  /** Match keys with their weight in the source, strongest first. */
  terms: Array<{ term: string; weight: number }>;
  limit: number;
  /** Only articles published within these inclusive bounds (ISO 8601), when given. */
  within?: { from: string; to: string };
}

export interface EngineTaskQueue {
  /** Tasks enqueued or processing. */
  pending: number;
  /** When the oldest of them was enqueued; null when there are none. */
  oldestEnqueuedAt: string | null;
}

export interface SearchEngine {
  readonly name: "embedded" | "meilisearch";
  /** Creates the index and applies settings; safe to call again. */
  init(): Promise<void>;
  /** Insert or replace by id. Idempotent. */
  upsert(docs: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Drops every document (used by reindex before a full rebuild). */
  clear(): Promise<void>;
  search(req: SearchRequest): Promise<SearchResult>;
  /** Titles for autocomplete; `filters` bound them like a search's (the API passes the embargo's `to`). */
  suggest(q: string, limit: number, filters?: SearchFilters): Promise<Suggestion[]>;
  /** Each group is a set of equivalent words or phrases. Replaces the previous set. */
  setSynonyms(groups: string[][]): Promise<void>;
  count(): Promise<number>;
  /**
   * Articles close in meaning to one article, by the engine's vector embedder, best first, with a
   * similarity in [0, 1]. Only Meilisearch with MEILISEARCH_EMBEDDER set has it (docs/related.md).
   */
  similar?(id: string, limit: number): Promise<SimilarArticle[]>;
  /**
   * Candidates for related stories: articles sharing the query's key terms, rare ones weighing more
   * (the engine holds the corpus statistics), best first, scores comparable within one answer only.
   */
  moreLikeThis(q: MoreLikeThisQuery): Promise<SimilarArticle[]>;
  /**
   * One document's related profile (SearchDocument.related), when the engine holds it and reading it
   * costs less than the table's read: the embedded engine, in process. Meilisearch leaves it out (one
   * more HTTP call, no cheaper than DynamoDB's read of the profile item).
   */
  relatedProfile?(id: string): Promise<string | undefined>;
  /**
   * Work the engine has accepted and not finished: Meilisearch's enqueued and processing tasks on
   * the index. Engines that write synchronously (embedded) have none and leave it out.
   */
  taskQueue?(): Promise<EngineTaskQueue>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
