/**
 * The related-stories model: derived data, like the search index, rebuilt from DynamoDB at will.
 *
 * It holds the content features of every article, an inverted index over their key terms,
 * entities and tags, and the corpus statistics that weight them. It loads once per process at first
 * use (ArticleRepository.all(): month partitions, no Scan) and then stays fresh in one of two ways:
 * - fed by the table's stream (local runtime: `apply()` next to the search indexer) — changes, and
 *   deletions above all, show at once;
 * - otherwise (the API Lambda, which does not see the stream) by re-reading the newest months after
 *   `refreshAfterMs` and reloading everything after `fullReloadAfterMs`, both in the background.
 * It never calls the search engine, so answers are the same whichever adapter runs; only a configured
 * Meilisearch embedder adds semantic neighbours, through the route (docs/related.md).
 */
import type { Article } from "../articles/model.js";
import type { ArticleChange } from "../search/indexer.js";
import {
  buildProfile,
  CorpusStats,
  extractFeatures,
  type ArticleLike,
  type ArticleProfile,
  type ContentFeatures,
  type FeatureOptions,
  type ProfileOptions,
} from "./features.js";
import { rankRelated, resolveWeights, timeFactor, type CoReadCount, type RelatedWeights, type ScoredArticle, type SemanticMatch } from "./related.js";

/** Where the model reads articles from: ArticleRepository, or any list in tests and evaluations. */
export interface ArticleSource {
  /** Every article, month by month, newest month first. */
  all(): AsyncGenerator<Article[]>;
}

/** What a widget shows of an article. */
export interface ArticleCard {
  id: string;
  title: string;
  url: string | null;
  publishedAt: string;
  imageUrl: string | null;
}

export interface RelatedModelOptions {
  source?: ArticleSource;
  weights?: Partial<RelatedWeights>;
  profile?: ProfileOptions;
  features?: FeatureOptions;
  /** Without a stream: re-read the newest months this often (ms). */
  refreshAfterMs?: number;
  /** How many of the newest publication months a refresh re-reads. */
  recentMonths?: number;
  /** Without a stream: reload everything this often, to catch edits and deletions of old articles. */
  fullReloadAfterMs?: number;
  /** Candidates scored in full per request, chosen by the inverted index. */
  candidatePool?: number;
  /** Terms or entities in more than this share of articles do not generate candidates (they still score). */
  commonShare?: number;
  now?: () => number;
}

export const MODEL_DEFAULTS = {
  refreshAfterMs: 60_000,
  recentMonths: 2,
  fullReloadAfterMs: 60 * 60_000,
  candidatePool: 200,
  commonShare: 0.15,
} as const;

interface Entry {
  /** Position in the accumulator arrays; reused after removal. */
  slot: number;
  /** Unique per stored version, so postings of a replaced version are recognised as dead. */
  serial: number;
  version: number;
  updatedAt: string;
  card: ArticleCard;
  features: ContentFeatures;
  profile: ArticleProfile;
}

/** A snapshot read in progress: stream changes that arrive meanwhile are replayed after it. */
interface Snapshot {
  done: Promise<void>;
  pending: ArticleChange[];
}

export class RelatedModel {
  private entries = new Map<string, Entry>();
  private stats = new CorpusStats();
  /** Corpus size the profiles were weighted with; a drift beyond 10% re-weights them all. */
  private profiledAtDocs = 0;
  private readonly postings = { terms: new Map<string, PostingList>(), entities: new Map<string, PostingList>(), tags: new Map<string, PostingList>() };
  /** slot → the serial of the entry living there (-1 when free), and slot → its profile. */
  private slotSerial: number[] = [];
  private slotProfile: Array<ArticleProfile | undefined> = [];
  private slotTime = new Float64Array(1024);
  private freeSlots: number[] = [];
  private nextSerial = 1;
  private scores = new Float64Array(1024);

  private loaded = false;
  private snapshot?: Snapshot;
  private streamFed = false;
  private lastRefresh = 0;
  private lastFullLoad = 0;
  private readonly opts: Required<Omit<RelatedModelOptions, "source" | "weights" | "profile" | "features">>;
  readonly weights: RelatedWeights;

  constructor(private readonly options: RelatedModelOptions = {}) {
    this.weights = resolveWeights(options.weights);
    this.opts = {
      refreshAfterMs: options.refreshAfterMs ?? MODEL_DEFAULTS.refreshAfterMs,
      recentMonths: options.recentMonths ?? MODEL_DEFAULTS.recentMonths,
      fullReloadAfterMs: options.fullReloadAfterMs ?? MODEL_DEFAULTS.fullReloadAfterMs,
      candidatePool: options.candidatePool ?? MODEL_DEFAULTS.candidatePool,
      commonShare: options.commonShare ?? MODEL_DEFAULTS.commonShare,
      now: options.now ?? Date.now,
    };
  }

  /** A model over a fixed list (evaluations, tests); no source to refresh from. */
  static fromArticles(articles: Iterable<ArticleLike & Partial<Article>>, options: Omit<RelatedModelOptions, "source"> = {}): RelatedModel {
    const model = new RelatedModel(options);
    model.replaceAll([...articles].map(toCardArticle));
    model.loaded = true;
    model.streamFed = true;
    return model;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Loads at first use; afterwards starts a background refresh when one is due (no stream). */
  async ready(): Promise<void> {
    if (!this.loaded) {
      await this.load();
      return;
    }
    if (this.streamFed || this.snapshot || !this.options.source) return;
    const now = this.opts.now();
    // Attempts count as done: a failing table is retried after the interval, not on every request.
    if (now - this.lastFullLoad >= this.opts.fullReloadAfterMs) {
      this.lastFullLoad = this.lastRefresh = now;
      void this.load().catch(() => {});
    } else if (now - this.lastRefresh >= this.opts.refreshAfterMs) {
      this.lastRefresh = now;
      void this.refreshRecent().catch(() => {});
    }
  }

  /** Applies a batch of table changes from the stream. Idempotent; deletions take effect at once. */
  apply(change: ArticleChange): void {
    this.streamFed = true;
    if (!this.loaded && !this.snapshot) return; // the first load will read the table as it is now
    if (this.snapshot) {
      this.snapshot.pending.push(change);
      if (!this.loaded) return;
    }
    this.applyNow(change);
  }

  /**
   * Adds an article read from the table on demand (one the model has not seen yet, e.g. published
   * since the last refresh), so its own related list works at once.
   */
  include(article: Article): void {
    const change = { upserts: [article], removals: [] };
    if (this.snapshot) this.snapshot.pending.push(change);
    if (this.loaded) this.applyNow(change);
  }

  /** Loads (or reloads) every article from the source; stream changes meanwhile are replayed after. */
  async load(): Promise<void> {
    if (this.snapshot) return this.snapshot.done;
    const source = this.options.source;
    if (!source) {
      this.loaded = true;
      return;
    }
    const snapshot: Snapshot = { pending: [], done: Promise.resolve() };
    snapshot.done = (async () => {
      try {
        const articles: Article[] = [];
        for await (const page of source.all()) articles.push(...page);
        this.replaceAll(articles);
        for (const change of snapshot.pending) this.applyNow(change);
        this.loaded = true;
        this.lastFullLoad = this.lastRefresh = this.opts.now();
      } finally {
        this.snapshot = undefined;
      }
    })();
    this.snapshot = snapshot;
    return snapshot.done;
  }

  /** Re-reads the newest publication months: new and edited articles appear, deleted ones leave. */
  async refreshRecent(): Promise<void> {
    const source = this.options.source;
    if (!source) return;
    if (this.snapshot) return this.snapshot.done;
    const snapshot: Snapshot = { pending: [], done: Promise.resolve() };
    snapshot.done = (async () => {
      try {
        const seen = new Map<string, Article>();
        const months = new Set<string>();
        for await (const page of source.all()) {
          const month = page[0]?.publishedAt.slice(0, 7);
          if (!month) continue;
          if (!months.has(month) && months.size >= this.opts.recentMonths) break;
          months.add(month);
          for (const a of page) seen.set(a.id, a);
        }
        for (const [id, entry] of this.entries) {
          if (months.has(entry.card.publishedAt.slice(0, 7)) && !seen.has(id)) this.removeOne(id);
        }
        for (const a of seen.values()) {
          const current = this.entries.get(a.id);
          if (!current || current.version !== a.version || current.updatedAt !== a.updatedAt) this.upsertOne(a);
        }
        this.reweighIfDrifted();
        for (const change of snapshot.pending) this.applyNow(change);
        this.lastRefresh = this.opts.now();
      } finally {
        this.snapshot = undefined;
      }
    })();
    this.snapshot = snapshot;
    return snapshot.done;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  card(id: string): ArticleCard | undefined {
    return this.entries.get(id)?.card;
  }

  profile(id: string): ArticleProfile | undefined {
    return this.entries.get(id)?.profile;
  }

  /** Newest articles first, for visitors the model knows nothing about. */
  newest(limit: number, exclude: ReadonlySet<string> = new Set()): ArticleCard[] {
    return [...this.entries.values()]
      .map((e) => e.card)
      .filter((c) => !exclude.has(c.id))
      .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a.id < b.id ? -1 : 1))
      .slice(0, limit);
  }

  /**
   * Related stories of an article, or null when the model does not know it. Candidates come from the
   * inverted index (shared key terms, entities, tags) and from co-reading; the pure scorer ranks them.
   */
  related(
    id: string,
    opts: { limit: number; exclude?: ReadonlySet<string>; coReads?: CoReadCount[]; semantic?: SemanticMatch[]; weights?: Partial<RelatedWeights> },
  ): ScoredArticle[] | null {
    const source = this.entries.get(id)?.profile;
    if (!source) return null;
    const weights = opts.weights ? { ...this.weights, ...opts.weights } : this.weights;
    const candidates = this.candidates(source, weights, opts.exclude);
    // Co-read and semantic neighbours join the textual candidates (duplicates are skipped when ranking).
    for (const c of [...(opts.coReads ?? []), ...(opts.semantic ?? [])]) {
      const p = this.entries.get(c.articleId)?.profile;
      if (p) candidates.push(p);
    }
    return rankRelated({ source, candidates, coReads: opts.coReads, semantic: opts.semantic, exclude: opts.exclude, limit: opts.limit, weights });
  }

  /** The best-looking candidates by a quick dot product over the postings of the source's features. */
  private candidates(source: ArticleProfile, w: RelatedWeights, exclude?: ReadonlySet<string>): ArticleProfile[] {
    const maxPostings = Math.max(200, this.entries.size * this.opts.commonShare);
    const scores = this.scores;
    const touched: number[] = [];
    const gather = (features: Map<string, number>, postings: Map<string, PostingList>, weight: number) => {
      for (const [key, wq] of features) {
        const list = postings.get(key);
        if (!list || list.slots.length - list.dead > maxPostings) continue;
        const f = weight * wq;
        const { slots, serials, weights } = list;
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i];
          if (this.slotSerial[slot] !== serials[i]) continue; // a removed or replaced version
          if (scores[slot] === 0) touched.push(slot);
          scores[slot] += f * weights[i];
        }
      }
    };
    gather(source.terms, this.postings.terms, w.terms);
    // Names and tags are posted with weight 1; the query side carries their idf.
    gather(source.entities, this.postings.entities, w.entities / w.evidenceScale);
    gather(source.tags, this.postings.tags, w.tags / w.evidenceScale);

    // Only slots are touched here; profiles are read for the few that make the pool.
    const skip = new Set<number>();
    const sourceSlot = this.entries.get(source.id)?.slot;
    if (sourceSlot !== undefined) skip.add(sourceSlot);
    for (const id of exclude ?? []) {
      const slot = this.entries.get(id)?.slot;
      if (slot !== undefined) skip.add(slot);
    }
    const best = new TopK<number>(this.opts.candidatePool);
    const t0 = source.publishedAtMs;
    for (const slot of touched) {
      const dot = scores[slot];
      scores[slot] = 0;
      // The time factor is at most 1: a candidate that cannot enter the heap is not worth computing it for.
      if (dot <= best.threshold || skip.has(slot)) continue;
      best.offer(slot, dot * timeFactor(this.slotTime[slot] - t0, dot, w));
    }
    return best.items().map((slot) => this.slotProfile[slot]!);
  }

  // -------------------------------------------------------------------------------------------
  // Updates

  private applyNow(change: ArticleChange): void {
    for (const id of change.removals) this.removeOne(id);
    for (const a of change.upserts) {
      const current = this.entries.get(a.id);
      // Replays after a snapshot may carry an older version than the one read; the newer one stays.
      if (current && current.version > a.version) continue;
      this.upsertOne(a);
    }
    this.reweighIfDrifted();
  }

  private replaceAll(articles: Article[]): void {
    this.entries = new Map();
    this.stats = new CorpusStats();
    const featured = articles.map((a) => ({ a, f: extractFeatures(a, this.options.features) }));
    for (const { f } of featured) this.stats.add(f);
    this.slotSerial = [];
    this.slotProfile = [];
    this.freeSlots = [];
    for (const { a, f } of featured) {
      this.entries.delete(a.id); // a duplicate id in the list: the later one wins
      this.entries.set(a.id, { ...this.claimSlot(), version: a.version, updatedAt: a.updatedAt, card: toCard(a), features: f, profile: undefined as never });
    }
    this.reweighAll();
  }

  private upsertOne(a: Article): void {
    this.removeOne(a.id);
    const features = extractFeatures(a, this.options.features);
    this.stats.add(features);
    const profile = buildProfile(features, this.stats, this.options.profile);
    const entry: Entry = { ...this.claimSlot(), version: a.version, updatedAt: a.updatedAt, card: toCard(a), features, profile };
    this.entries.set(a.id, entry);
    this.index(entry);
  }

  private claimSlot(): { slot: number; serial: number } {
    const slot = this.freeSlots.pop() ?? this.slotSerial.length;
    const serial = this.nextSerial++;
    this.slotSerial[slot] = serial;
    if (slot >= this.scores.length) {
      const size = Math.max(slot + 1, this.scores.length * 2);
      const grown = new Float64Array(size);
      grown.set(this.scores);
      this.scores = grown;
      const times = new Float64Array(size);
      times.set(this.slotTime);
      this.slotTime = times;
    }
    return { slot, serial };
  }

  private removeOne(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.stats.remove(entry.features);
    // Mark the slot free first, so a sweep inside unindex drops this entry's postings too.
    this.slotSerial[entry.slot] = -1;
    this.slotProfile[entry.slot] = undefined;
    this.unindex(entry);
    this.freeSlots.push(entry.slot);
  }

  private reweighIfDrifted(): void {
    if (Math.abs(this.stats.docs - this.profiledAtDocs) > Math.max(10, this.profiledAtDocs * 0.1)) this.reweighAll();
  }

  /** Recomputes every profile with the current idf and rebuilds the postings. */
  private reweighAll(): void {
    for (const postings of Object.values(this.postings)) postings.clear();
    for (const entry of this.entries.values()) {
      entry.profile = buildProfile(entry.features, this.stats, this.options.profile);
      this.index(entry);
    }
    this.profiledAtDocs = this.stats.docs;
  }

  private index(e: Entry): void {
    this.slotProfile[e.slot] = e.profile;
    this.slotTime[e.slot] = e.profile.publishedAtMs;
    post(this.postings.terms, e.profile.terms, e);
    post(this.postings.entities, e.profile.entities, e, 1);
    post(this.postings.tags, e.profile.tags, e, 1);
  }

  private unindex(e: Entry): void {
    if (!e.profile) return;
    unpost(this.postings.terms, e.profile.terms, this.slotSerial);
    unpost(this.postings.entities, e.profile.entities, this.slotSerial);
    unpost(this.postings.tags, e.profile.tags, this.slotSerial);
  }
}

/** Documents holding one feature, with their weights; removals are marked dead and swept later. */
interface PostingList {
  slots: number[];
  serials: number[];
  weights: number[];
  dead: number;
}

function post(postings: Map<string, PostingList>, features: Map<string, number>, e: { slot: number; serial: number }, weight?: number) {
  for (const [key, w] of features) {
    let list = postings.get(key);
    if (!list) postings.set(key, (list = { slots: [], serials: [], weights: [], dead: 0 }));
    list.slots.push(e.slot);
    list.serials.push(e.serial);
    list.weights.push(weight ?? w);
  }
}

function unpost(postings: Map<string, PostingList>, features: Map<string, number>, slotSerial: number[]) {
  for (const key of features.keys()) {
    const list = postings.get(key);
    if (!list) continue;
    list.dead++;
    if (list.dead * 2 < list.slots.length) continue;
    // Sweep: keep the postings whose slot still holds the version they were made for.
    const keep = { slots: [] as number[], serials: [] as number[], weights: [] as number[], dead: 0 };
    for (let i = 0; i < list.slots.length; i++) {
      if (slotSerial[list.slots[i]] !== list.serials[i]) continue;
      keep.slots.push(list.slots[i]);
      keep.serials.push(list.serials[i]);
      keep.weights.push(list.weights[i]);
    }
    if (keep.slots.length === 0) postings.delete(key);
    else postings.set(key, keep);
  }
}

/** The k best items by value, kept in a min-heap so a pass over thousands of candidates stays linear. */
class TopK<T> {
  private readonly items_: T[] = [];
  private readonly values: number[] = [];
  constructor(private readonly k: number) {}

  offer(item: T, value: number): void {
    const { items_: items, values } = this;
    let i: number;
    if (items.length < this.k) {
      // Sift up from the new leaf.
      i = items.length;
      items.push(item);
      values.push(value);
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (values[parent] <= value) break;
        items[i] = items[parent];
        values[i] = values[parent];
        i = parent;
      }
    } else {
      if (this.k === 0 || value <= values[0]) return;
      // Replace the smallest and sift down.
      i = 0;
      const n = items.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const c = l + 1 < n && values[l + 1] < values[l] ? l + 1 : l;
        if (values[c] >= value) break;
        items[i] = items[c];
        values[i] = values[c];
        i = c;
      }
    }
    items[i] = item;
    values[i] = value;
  }

  items(): T[] {
    return [...this.items_];
  }

  /** The value an item must beat to enter: the smallest kept, once the heap is full. */
  get threshold(): number {
    return this.items_.length < this.k ? -Infinity : this.values[0];
  }
}

function toCard(a: Article): ArticleCard {
  return { id: a.id, title: a.title, url: a.url ?? null, publishedAt: a.publishedAt, imageUrl: a.imageUrl ?? null };
}

/** Fills what a plain list may lack, so evaluations can pass corpus records. */
function toCardArticle(a: ArticleLike & Partial<Article>): Article {
  return {
    summary: "",
    section: "politics",
    authors: [],
    url: null,
    imageUrl: null,
    updatedAt: a.publishedAt,
    version: 1,
    ...a,
    entities: { people: a.entities?.people ?? [], places: a.entities?.places ?? [], orgs: a.entities?.orgs ?? [] },
  } as Article;
}
