/**
 * Stories: near-duplicate copies and follow-ups of one event share a storyId. Pure: no I/O.
 *
 * Two pieces of evidence decide, both stored with the article's related profile so that neither
 * needs the corpus:
 *   - the cosine of the profiles' key-term vectors (what the article is about);
 *   - a MinHash of its word 3-shingles, whose agreement estimates the shingle Jaccard of two texts
 *     (how much of the wording is the same). Same topic is not same story; same wording is.
 * docs/related.md gives the thresholds and how they were measured (scripts/eval/stories.ts).
 */
import { words } from "../text/index.js";

/** Hash functions of the MinHash; 16 bits kept of each: 128 × 2 bytes = 344 base64 characters. */
export const MINHASH_SIZE = 128;
/** Words per shingle. */
const SHINGLE_WORDS = 3;
/** Words of the text shingled: the opening carries the story and keeps the cost per article bounded. */
const SHINGLE_TEXT_WORDS = 600;

export interface StoryThresholds {
  /** Key-term cosine from which a candidate may be the same story... */
  cosine: number;
  /** ...when its wording overlaps at least this much (shingle Jaccard estimate). */
  overlap: number;
  /** Wording overlap from which a candidate is a copy, whatever the cosine. */
  copy: number;
  /** Candidates published further apart than this are not looked at. */
  windowDays: number;
}

export const DEFAULT_STORY_THRESHOLDS: StoryThresholds = { cosine: 0.7, overlap: 0.4, copy: 0.5, windowDays: 7 };

/** Related lists skip an item whose wording overlaps the source's or a kept item's this much. */
export const NEAR_DUPLICATE_OVERLAP = 0.65;

/** Engine candidates a new article is compared with. */
export const STORY_CANDIDATES = 10;

/**
 * The new article's strongest key terms its candidates are looked up by. A copy or follow-up shares
 * most of its wording (it must, to pass the overlap threshold), so ten find it; twenty read twice
 * the postings at index time.
 */
export const STORY_QUERY_TERMS = 10;

// ---------------------------------------------------------------------------------------------
// MinHash

/** Seeds of the hash family: fixed, so stored signatures stay comparable across deploys. */
const SEEDS = (() => {
  const out = new Uint32Array(MINHASH_SIZE * 2);
  let x = 0x9e3779b9;
  for (let i = 0; i < out.length; i++) {
    // xorshift32
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = (x >>> 0) | 1;
  }
  return out;
})();

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mixes a shingle hash with one seed pair into 32 well-spread bits (murmur3's finaliser). */
function mix(h: number, a: number, b: number): number {
  let x = (Math.imul(h, a) + b) | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The MinHash signature of a text's word shingles, as base64 (16 bits per hash function). */
export function minHashOf(title: string, body: string): string {
  const ws = words(`${title} ${body}`).slice(0, SHINGLE_TEXT_WORDS);
  const n = Math.max(1, ws.length - SHINGLE_WORDS + 1);
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = fnv1a(ws.slice(i, i + SHINGLE_WORDS).join(" "));
  const mins = new Uint16Array(MINHASH_SIZE);
  for (let f = 0; f < MINHASH_SIZE; f++) {
    const a = SEEDS[2 * f];
    const b = SEEDS[2 * f + 1];
    let min = 0xffffffff;
    for (let i = 0; i < n; i++) {
      const v = mix(hashes[i], a, b);
      if (v < min) min = v;
    }
    mins[f] = min & 0xffff;
  }
  return Buffer.from(mins.buffer, mins.byteOffset, mins.byteLength).toString("base64");
}

/** Estimated shingle Jaccard of two signatures; 0 when either is missing or malformed. */
export function overlapOf(a: string | undefined, b: string | undefined): number {
  if (!a || !b || a.length !== b.length) return 0;
  return overlapOfDecoded(decodeMinHash(a), decodeMinHash(b));
}

/** A signature's hash values, or null when it is missing or malformed; decoded once, compared many times. */
export function decodeMinHash(s: string | undefined): Uint16Array | null {
  if (!s) return null;
  const bytes = Buffer.from(s, "base64");
  if (bytes.length !== MINHASH_SIZE * 2) return null;
  const out = new Uint16Array(MINHASH_SIZE);
  for (let i = 0; i < MINHASH_SIZE; i++) out[i] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
  return out;
}

/** overlapOf on decoded signatures. */
export function overlapOfDecoded(x: Uint16Array | null, y: Uint16Array | null): number {
  if (!x || !y) return 0;
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (x[i] === y[i]) same++;
  return same / MINHASH_SIZE;
}

// ---------------------------------------------------------------------------------------------
// Assignment

/** What the decision needs of an article already in a story. */
export interface StoryCandidate {
  id: string;
  storyId: string;
  publishedAtMs: number;
  minHash?: string;
  /** Key-term cosine with the new article. */
  cosine: number;
  /** The wording overlap, when already known (else estimated from the signatures). */
  overlap?: number;
}

export interface StoryMatch {
  storyId: string;
  /** The candidate that decided it. */
  via: string;
  cosine: number;
  overlap: number;
}

/**
 * The story a new article joins: the candidate with the most evidence among those within the
 * window that are the same story (cosine and overlap) or a copy (overlap alone); null starts a story.
 */
export function chooseStory(
  article: { publishedAtMs: number; minHash: string },
  candidates: Iterable<StoryCandidate>,
  t: StoryThresholds = DEFAULT_STORY_THRESHOLDS,
): StoryMatch | null {
  const window = t.windowDays * 86_400_000;
  let best: StoryMatch | null = null;
  let bestValue = -Infinity;
  for (const c of candidates) {
    if (Math.abs(c.publishedAtMs - article.publishedAtMs) > window) continue;
    const overlap = c.overlap ?? overlapOf(article.minHash, c.minHash);
    if (!((c.cosine >= t.cosine && overlap >= t.overlap) || overlap >= t.copy)) continue;
    const value = c.cosine + overlap;
    if (value > bestValue) {
      bestValue = value;
      best = { storyId: c.storyId, via: c.id, cosine: c.cosine, overlap };
    }
  }
  return best;
}

/**
 * A related list without near-duplicates: items (best first) whose wording overlaps the source's or
 * an already kept item's by `threshold` or more are skipped. Items without a signature are kept.
 */
export function withoutNearDuplicates<T>(
  sourceMinHash: string | undefined,
  items: readonly T[],
  minHashOf: (item: T) => string | undefined,
  limit: number,
  threshold = NEAR_DUPLICATE_OVERLAP,
): T[] {
  const kept: T[] = [];
  const signatures: string[] = sourceMinHash ? [sourceMinHash] : [];
  for (const item of items) {
    if (kept.length >= limit) break;
    const m = minHashOf(item);
    if (m && signatures.some((s) => overlapOf(s, m) >= threshold)) continue;
    kept.push(item);
    if (m) signatures.push(m);
  }
  return kept;
}
