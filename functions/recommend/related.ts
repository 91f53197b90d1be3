/**
 * Related-story scoring over plain data: content similarity, co-reading, time and diversity.
 * No I/O: the model (index.ts) picks candidates and hands their profiles here.
 *
 *   content  = (terms·cos(terms) + entities·shared(entities) + tags·shared(tags)) / (weights the source can use)
 *   shared   = 1 − exp(−Σ idf of what both have / evidenceScale)
 *   coRead   = log(1 + readers) / log(1 + most readers among candidates), when readers ≥ minCoReads
 *   semantic = the search engine's embedding similarity, when an embedder is configured (else 0)
 *   score    = (content + coRead·w + semantic·w) × time(|Δt|, content)
 *   time     = floor + (1 − floor) · 2^(−|Δt| / halfLife), floor rising with content strength
 *
 * then maximal marginal relevance picks the list so near-duplicates do not stand side by side.
 * docs/related.md explains the defaults.
 */
import { cosine, sharedEvidence, type ArticleProfile, type EntityKind } from "./features.js";

export interface RelatedWeights {
  /** Share of content similarity from key terms (tf-idf cosine). */
  terms: number;
  /** Share from named entities (shared names' idf, saturated). */
  entities: number;
  /** Share from tags (the newsroom's story labels; shared tags' idf, saturated). */
  tags: number;
  /** Summed idf of shared names or tags at which their evidence reaches 63%: about one rare name. */
  evidenceScale: number;
  /** Weight of co-reading, added to content similarity. */
  coRead: number;
  /** Fewer shared readers than this is noise, not a signal. */
  minCoReads: number;
  /** Weight of semantic similarity from the engine's embedder (only when one is configured). */
  semantic: number;
  /** Semantic similarity below this is not shown as a reason. */
  semanticReason: number;
  /** |Δt| at which the time factor has fallen halfway to its floor. */
  halfLifeDays: number;
  /** Time factor never falls below this for a weak match... */
  timeFloor: number;
  /** ...nor below this for a strong one: old background stays when it is truly the same story. */
  strongTimeFloor: number;
  /** Content similarity from which a match counts as strong (the floor rises linearly up to it). */
  strongMatch: number;
  /** MMR trade-off: 1 = relevance only, 0 = diversity only. */
  mmrLambda: number;
  /** Similarity between two picks above which the second is a near-duplicate and waits. */
  nearDuplicate: number;
  /** Candidates with a score below this are not worth showing. */
  minScore: number;
}

export const DEFAULT_RELATED_WEIGHTS: RelatedWeights = {
  terms: 0.8,
  // Shared names earn no precision (docs/related.md: with the extracted entities production stores,
  // 0.05 cost 0.7 / 0.4 points of P@5 on Reuters); they still give readers the "same people" reasons.
  entities: 0,
  tags: 0.15,
  evidenceScale: 5,
  coRead: 0.3,
  minCoReads: 2,
  semantic: 0.3,
  semanticReason: 0.8,
  halfLifeDays: 14,
  timeFloor: 0.4,
  strongTimeFloor: 0.85,
  strongMatch: 0.5,
  mmrLambda: 0.9,
  nearDuplicate: 0.95,
  minScore: 0.02,
};

export interface CoReadCount {
  articleId: string;
  count: number;
}

/** Semantic neighbours from the search engine's embedder, similarity in [0, 1]. */
export interface SemanticMatch {
  articleId: string;
  score: number;
}

export interface RelatedQuery {
  source: ArticleProfile;
  /** Profiles to consider; the source and excluded ids among them are skipped. */
  candidates: Iterable<ArticleProfile>;
  /** Readers of the source who also read these articles. */
  coReads?: CoReadCount[];
  /** Close in meaning by the engine's embedder (absent: no embedder configured). */
  semantic?: SemanticMatch[];
  /** Ids never to return (what the visitor has read). */
  exclude?: ReadonlySet<string>;
  limit: number;
  weights?: Partial<RelatedWeights>;
}

export interface RelatedSignals {
  content: number;
  terms: number;
  entities: number;
  tags: number;
  coRead: number;
  semantic: number;
  time: number;
}

export interface ScoredArticle {
  id: string;
  score: number;
  reasons: string[];
  signals: RelatedSignals;
}

const DAY_MS = 86_400_000;

export function resolveWeights(w?: Partial<RelatedWeights>): RelatedWeights {
  return { ...DEFAULT_RELATED_WEIGHTS, ...w };
}

/** Content similarity of two profiles in [0, 1], over the signals the first one has. */
export function contentSimilarity(a: ArticleProfile, b: ArticleProfile, w: RelatedWeights = DEFAULT_RELATED_WEIGHTS) {
  const terms = cosine(a.termVector, b.termVector);
  const entities = sharedEvidence(a.entities, b.entities, w.evidenceScale);
  const tags = sharedEvidence(a.tags, b.tags, w.evidenceScale);
  const available = (a.terms.size ? w.terms : 0) + (a.entities.size ? w.entities : 0) + (a.tags.size ? w.tags : 0);
  const content = available > 0 ? (w.terms * terms + w.entities * entities + w.tags * tags) / available : 0;
  return { content, terms, entities, tags };
}

/** Time factor: developments close in time rank higher; old ones only when strongly related. */
export function timeFactor(deltaMs: number, content: number, w: RelatedWeights = DEFAULT_RELATED_WEIGHTS): number {
  const strength = Math.min(1, Math.max(0, content / w.strongMatch));
  const floor = w.timeFloor + (w.strongTimeFloor - w.timeFloor) * strength;
  if (!Number.isFinite(deltaMs)) return floor; // an unknown date neither helps nor sinks a match
  const decay = Math.exp((-Math.LN2 * Math.abs(deltaMs)) / (DAY_MS * w.halfLifeDays));
  return floor + (1 - floor) * decay;
}

/** Ranks candidates for the source and picks `limit` of them with MMR. */
export function rankRelated(q: RelatedQuery): ScoredArticle[] {
  const w = resolveWeights(q.weights);
  const coReads = new Map<string, number>();
  let maxCoRead = 0;
  for (const c of q.coReads ?? []) {
    if (c.count < w.minCoReads || c.articleId === q.source.id) continue;
    coReads.set(c.articleId, c.count);
    maxCoRead = Math.max(maxCoRead, c.count);
  }

  const semantic = new Map<string, number>();
  for (const m of q.semantic ?? []) semantic.set(m.articleId, Math.min(1, Math.max(0, m.score)));

  const scored: Array<{ profile: ArticleProfile; score: number; signals: RelatedSignals }> = [];
  const seen = new Set<string>();
  for (const c of q.candidates) {
    if (c.id === q.source.id || q.exclude?.has(c.id) || seen.has(c.id)) continue;
    seen.add(c.id);
    const sim = contentSimilarity(q.source, c, w);
    const readers = coReads.get(c.id) ?? 0;
    const coRead = readers > 0 ? Math.log1p(readers) / Math.log1p(maxCoRead) : 0;
    const meaning = semantic.get(c.id) ?? 0;
    // The time factor's floor follows the strongest evidence, textual or semantic.
    const time = timeFactor(c.publishedAtMs - q.source.publishedAtMs, Math.max(sim.content, meaning * w.strongMatch), w);
    const score = (sim.content + w.coRead * coRead + w.semantic * meaning) * time;
    if (score < w.minScore) continue;
    const signals = { content: sim.content, terms: sim.terms, entities: sim.entities, tags: sim.tags, coRead, semantic: meaning, time };
    scored.push({ profile: c, score, signals });
  }
  scored.sort((a, b) => b.score - a.score || (a.profile.id < b.profile.id ? -1 : 1));

  return pickDiverse(scored, q.limit, w).map((s) => ({
    id: s.profile.id,
    score: round(s.score),
    reasons: explain(q.source, s.profile, s.signals, coReads.get(s.profile.id) ?? 0, w),
    signals: s.signals,
  }));
}

/**
 * Maximal marginal relevance: each pick maximises λ·relevance − (1 − λ)·similarity to what is
 * already picked. A near-duplicate of a pick waits until nothing else is left.
 */
export function pickDiverse<T extends { profile: ArticleProfile; score: number }>(ranked: T[], limit: number, w: RelatedWeights): T[] {
  const pool = ranked.slice(0, Math.max(limit * 6, 30));
  if (pool.length === 0) return [];
  const top = pool[0].score;
  const picked: T[] = [];
  const maxSim = new Array<number>(pool.length).fill(0);
  const taken = new Array<boolean>(pool.length).fill(false);
  const duplicates: T[] = [];

  while (picked.length < limit) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i] || maxSim[i] >= w.nearDuplicate) continue;
      const value = w.mmrLambda * (pool[i].score / top) - (1 - w.mmrLambda) * maxSim[i];
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    taken[best] = true;
    picked.push(pool[best]);
    for (let i = 0; i < pool.length; i++) {
      if (taken[i]) continue;
      maxSim[i] = Math.max(maxSim[i], contentSimilarity(pool[i].profile, pool[best].profile, w).content);
    }
  }
  // Near-duplicates only fill the end of a list that would otherwise be short.
  for (let i = 0; i < pool.length && picked.length + duplicates.length < limit; i++) {
    if (!taken[i]) duplicates.push(pool[i]);
  }
  return [...picked, ...duplicates];
}

// ---------------------------------------------------------------------------------------------
// Reasons

const KIND_PHRASE: Record<EntityKind, string> = { people: "same people", places: "same places", orgs: "same organisations" };
const MAX_NAMES = 3;

/** Why a candidate is shown, in words a reader understands; strongest evidence first. */
export function explain(source: ArticleProfile, c: ArticleProfile, s: RelatedSignals, readers: number, w: RelatedWeights = DEFAULT_RELATED_WEIGHTS): string[] {
  const reasons: string[] = [];

  const sharedTags = [...source.tags.keys()].filter((t) => c.tags.has(t));
  if (sharedTags.length) reasons.push(`same story: ${sharedTags.slice(0, 2).join(", ")}`);

  const byKind = new Map<EntityKind, Array<{ label: string; weight: number }>>();
  for (const [key, weight] of source.entities) {
    if (!c.entities.has(key)) continue;
    const mention = source.entityLabels.get(key);
    if (!mention) continue;
    const list = byKind.get(mention.kind) ?? [];
    list.push({ label: mention.label, weight: weight * (c.entities.get(key) ?? 0) });
    byKind.set(mention.kind, list);
  }
  for (const kind of ["people", "places", "orgs"] as const) {
    const list = byKind.get(kind);
    if (!list) continue;
    list.sort((a, b) => b.weight - a.weight);
    reasons.push(`${KIND_PHRASE[kind]}: ${list.slice(0, MAX_NAMES).map((e) => e.label).join(", ")}`);
  }

  const sharedTerms = [...source.terms]
    .filter(([k]) => c.terms.has(k))
    .map(([k, v]) => ({ label: source.termLabels.get(k) ?? k, weight: v * (c.terms.get(k) ?? 0) }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3);
  if (sharedTerms.length && s.terms >= 0.05) reasons.push(`also about: ${sharedTerms.map((t) => t.label).join(", ")}`);

  if (s.semantic >= w.semanticReason) reasons.push("similar in meaning");
  if (readers > 0) reasons.push("readers also read");
  reasons.push(timeReason(c.publishedAtMs - source.publishedAtMs));
  return reasons;
}

export function timeReason(deltaMs: number): string {
  const days = Math.abs(deltaMs) / DAY_MS;
  if (days < 1) return "published the same day";
  if (days < 7) return "published the same week";
  const when = days < 60 ? count(Math.round(days / 7), "week") : count(Math.round(days / 30), "month");
  return deltaMs > 0 ? `a later development, ${when} after` : `earlier coverage, ${when} before`;
}

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
const round = (x: number) => Math.round(x * 10_000) / 10_000;
