/**
 * Visitor recommendations and trending lists over plain data. No I/O.
 *
 * History strategy: each recent read is a seed whose weight decays with its position in the history
 * and with its age; the related stories of every seed are summed by those weights, so an article
 * related to several recent reads rises. What the visitor has read is never returned.
 * Trending strategy: for a visitor without history, the most read articles of the window.
 */
import type { TrendingEntry, TrendingWindow } from "../store/signals.js";

export interface RecommendationWeights {
  /** Weight multiplier per step back in the history (newest read = 1). */
  positionDecay: number;
  /** Age of a read at which its weight has halved. */
  halfLifeHours: number;
  /** Reads used as seeds. */
  maxSeeds: number;
  /** At most this share of a list may come from one seed, so one read does not fill the widget. */
  maxShareFromOneSeed: number;
}

export const DEFAULT_RECOMMENDATION_WEIGHTS: RecommendationWeights = {
  positionDecay: 0.85,
  halfLifeHours: 72,
  maxSeeds: 10,
  maxShareFromOneSeed: 0.6,
};

export interface Read {
  articleId: string;
  readAt: string;
}

export interface HistoryItem {
  articleId: string;
  weight: number;
}

export interface Suggestion {
  id: string;
  score: number;
  reasons: string[];
}

/** Seed weights for recent reads (newest first): decaying by position and by age. */
export function historyWeights(reads: Read[], now: Date, w: Partial<RecommendationWeights> = {}): HistoryItem[] {
  const cfg = { ...DEFAULT_RECOMMENDATION_WEIGHTS, ...w };
  const seen = new Set<string>();
  const out: HistoryItem[] = [];
  for (const r of reads) {
    if (seen.has(r.articleId)) continue;
    seen.add(r.articleId);
    const ageHours = Math.max(0, (now.getTime() - Date.parse(r.readAt)) / 3_600_000);
    const weight = Math.pow(cfg.positionDecay, out.length) * Math.pow(2, -ageHours / cfg.halfLifeHours);
    out.push({ articleId: r.articleId, weight });
    if (out.length >= cfg.maxSeeds) break;
  }
  return out;
}

export interface HistoryRecommendationInput {
  history: HistoryItem[];
  /** Related stories of one article (already without what the visitor read, or not: both are fine). */
  relatedOf: (articleId: string) => Suggestion[];
  titleOf: (articleId: string) => string | undefined;
  /** Everything the visitor has read. */
  exclude: ReadonlySet<string>;
  limit: number;
  weights?: Partial<RecommendationWeights>;
}

/** Sums the related stories of the visitor's reads by seed weight; explains each pick by its strongest seed. */
export function recommendFromHistory(input: HistoryRecommendationInput): Suggestion[] {
  const cfg = { ...DEFAULT_RECOMMENDATION_WEIGHTS, ...input.weights };
  const seeds = new Set(input.history.map((h) => h.articleId));
  const acc = new Map<string, { score: number; best: number; seed: string; reasons: string[]; seeds: number }>();
  for (const { articleId, weight } of input.history.slice(0, cfg.maxSeeds)) {
    if (weight <= 0) continue;
    for (const r of input.relatedOf(articleId)) {
      if (input.exclude.has(r.id) || seeds.has(r.id)) continue;
      const contribution = weight * r.score;
      const cur = acc.get(r.id);
      if (!cur) acc.set(r.id, { score: contribution, best: contribution, seed: articleId, reasons: r.reasons, seeds: 1 });
      else {
        cur.score += contribution;
        cur.seeds++;
        if (contribution > cur.best) Object.assign(cur, { best: contribution, seed: articleId, reasons: r.reasons });
      }
    }
  }
  const ranked = [...acc.entries()].sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1));

  const perSeedCap = Math.max(1, Math.ceil(input.limit * cfg.maxShareFromOneSeed));
  const fromSeed = new Map<string, number>();
  const picked: Array<(typeof ranked)[number]> = [];
  const held: Array<(typeof ranked)[number]> = [];
  for (const entry of ranked) {
    if (picked.length >= input.limit) break;
    const n = fromSeed.get(entry[1].seed) ?? 0;
    if (n >= perSeedCap) {
      held.push(entry);
      continue;
    }
    fromSeed.set(entry[1].seed, n + 1);
    picked.push(entry);
  }
  // A short list is better filled from one seed than left short.
  for (const entry of held) if (picked.length < input.limit) picked.push(entry);

  return picked.map(([id, s]) => {
    const title = input.titleOf(s.seed);
    const reasons = [title ? `because you read “${title}”` : "because of what you read"];
    if (s.seeds > 1) reasons.push(`related to ${s.seeds} articles you read`);
    // The seed's own best evidence (people, story, terms, co-reading), without its time note.
    reasons.push(...s.reasons.filter((r) => !isTimeReason(r)).slice(0, 2));
    return { id, score: round(s.score), reasons };
  });
}

const isTimeReason = (r: string) => r.startsWith("published ") || r.startsWith("a later development") || r.startsWith("earlier coverage");

// ---------------------------------------------------------------------------------------------
// Trending

export interface TrendingSuggestion extends Suggestion {
  reads: number;
}

const WINDOW_WORDS: Record<TrendingWindow, string> = { "1h": "the last hour", "24h": "the last 24 hours", "7d": "the last 7 days" };

/**
 * Orders trending counters by their decayed score (recent reads weigh more), then by reads;
 * drops articles that no longer exist and those to exclude.
 */
export function rankTrending(
  entries: TrendingEntry[],
  opts: { window: TrendingWindow; limit: number; exists: (id: string) => boolean; exclude?: ReadonlySet<string> },
): TrendingSuggestion[] {
  return entries
    .filter((e) => e.score > 0 && opts.exists(e.articleId) && !opts.exclude?.has(e.articleId))
    .sort((a, b) => b.score - a.score || b.reads - a.reads || (a.articleId < b.articleId ? -1 : 1))
    .slice(0, opts.limit)
    .map((e) => ({
      id: e.articleId,
      score: round(e.score),
      reads: e.reads,
      reasons: [`trending: ${e.reads} ${e.reads === 1 ? "read" : "reads"} in ${WINDOW_WORDS[opts.window]}`],
    }));
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
