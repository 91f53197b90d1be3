/**
 * The pieces of relevance both engines share, as plain functions: which query words are dropped
 * first when no document holds them all, which typo variants a word may take, how a match is
 * weighted, and how freshness scales it. embedded.ts applies them; docs/meilisearch.md says how
 * far Meilisearch follows.
 */

/** Queries with this many different words or more (stop words aside) are ranked by weighted score first. */
export const SCORED_FROM_WORDS = 3;

/**
 * BM25F field weights: a word in the title counts this many times a word in the body, in the
 * summary (the standfirst) this many. Title and summary are short, so each occurrence says more.
 */
export const FIELD_WEIGHTS = { title: 4, summary: 2, body: 1 } as const;

/**
 * A term of a weighted query found in this share of the archive or more is broad: BM25 gives it
 * an idf of at most log 2, next to nothing beside a telling word (log 10,000 for a word in 10 of
 * 100,000 documents), yet scoring every document that holds it is the costliest part of a search.
 */
export const BROAD_TERM_SHARE = 1 / 3;
/** Below this many matching documents no term is broad: scoring them all is cheap. */
export const BROAD_TERM_FLOOR = 3000;

/** How many matching documents make a term broad, in an archive of `documents`. */
export function broadTermMatches(documents: number, floor = BROAD_TERM_FLOOR): number {
  return Math.max(floor, Math.ceil(documents * BROAD_TERM_SHARE));
}

/**
 * A typo variant may be at most this many times as frequent in the index as the word typed, when
 * the index knows that word: "confidence" must not turn into "conference". A word the index has
 * never seen takes every variant within its typo budget.
 */
export const TYPO_FREQUENCY_RATIO = 2;

/** A known word this many times rarer than a neighbour within its typo budget is worth a "did you mean". */
export const SUGGEST_FREQUENCY_RATIO = 20;

export interface DropCandidate {
  /** Documents holding the word, in any form it matches (0: none). */
  count: number;
  /** Still being typed: a prefix, dropped first as the word most likely incomplete. */
  partial: boolean;
}

/**
 * Meilisearch's matchingStrategy "frequency": when no document holds every word, the words the
 * most documents hold are dropped first, so the words that tell documents apart decide the match.
 * A whole word no document holds goes first of all, as in Meilisearch (which counts it as the most
 * frequent): every level keeping it would be empty, so "ferry sanctions" finds the stories on
 * sanctions. Then the word still being typed. Returns term indexes in the order they are dropped
 * (ties: the later word first, as the "last" strategy would).
 */
export function frequencyDropOrder(terms: readonly DropCandidate[]): number[] {
  const absent = (t: DropCandidate) => Number(!t.partial && t.count === 0);
  return terms
    .map((t, i) => ({ ...t, i }))
    .sort((a, b) => absent(b) - absent(a) || Number(b.partial) - Number(a.partial) || b.count - a.count || b.i - a.i)
    .map((t) => t.i);
}

/** The terms a level of `level` matched terms keeps, in query order. */
export function keptTerms(dropOrder: readonly number[], level: number): number[] {
  const dropped = new Set(dropOrder.slice(0, dropOrder.length - level));
  return dropOrder.map((_, i) => i).filter((i) => !dropped.has(i));
}

/**
 * Whether a typo variant may stand for the typed word: never a stop word, and never a word far more
 * frequent than the typed one when the typed word is itself a known word.
 */
export function typoVariantAllowed(typedCount: number, variantCount: number, variantIsStopWord: boolean): boolean {
  if (variantIsStopWord) return false;
  return typedCount === 0 || variantCount <= typedCount * TYPO_FREQUENCY_RATIO;
}

const DAY_MS = 86_400_000;

/**
 * Recency decay: 2^(−age / half-life), 1 for a story published now (or dated in the future), 0.5
 * at one half-life, 0 when the half-life is 0 (freshness off).
 */
export function recencyDecay(publishedMs: number, nowMs: number, halfLifeDays: number): number {
  if (!(halfLifeDays > 0)) return 0;
  const age = Math.max(0, nowMs - publishedMs);
  return Math.pow(2, -age / (halfLifeDays * DAY_MS));
}

/**
 * How freshness scales a relevance score: × (1 + decay), so a story published now counts up to
 * twice a very old one equally relevant, one half-life old 1.5 times. Bounded on purpose: a fresh
 * story with a weak match cannot pass a much better one.
 */
export function withFreshness(score: number, publishedMs: number, nowMs: number, halfLifeDays: number): number {
  return score * (1 + recencyDecay(publishedMs, nowMs, halfLifeDays));
}

/** Default half-life of the recency decay when the editors set none. */
export const DEFAULT_HALF_LIFE_DAYS = 30;
