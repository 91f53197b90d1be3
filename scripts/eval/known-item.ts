/**
 * Known-item search: can a reader who remembers a headline find the article again?
 * The protocol is fixed so numbers stay comparable between runs and engines (docs/benchmarks.md).
 */
import { createRng, sample } from "../corpus/prng.js";

export type Variant = "exact" | "typo" | "half";
export const VARIANTS: Variant[] = ["exact", "typo", "half"];

export interface KnownItem {
  id: string;
  title: string;
}

export interface KnownItemQuery {
  id: string;
  variant: Variant;
  q: string;
  /** The query's words; the last one is a prefix for the `half` variant. */
  words: string[];
  prefixLast: boolean;
}

export const normalizeTitle = (title: string) => title.toLowerCase().replace(/\s+/g, " ").trim();
const splitWords = (title: string) => title.trim().split(/\s+/).filter(Boolean);
const isAlphabetic = (word: string) => /^\p{L}+$/u.test(word);

/** Articles whose case-folded, whitespace-collapsed title is unique in the corpus and has 4–14 words. */
export function knownItemCandidates(articles: readonly KnownItem[]): KnownItem[] {
  const counts = new Map<string, number>();
  for (const a of articles) counts.set(normalizeTitle(a.title), (counts.get(normalizeTitle(a.title)) ?? 0) + 1);
  return articles.filter((a) => {
    const key = normalizeTitle(a.title);
    const n = key ? key.split(" ").length : 0;
    return counts.get(key) === 1 && n >= 4 && n <= 14;
  });
}

/** The seeded sample of candidates the run evaluates. */
export function sampleKnownItems(candidates: readonly KnownItem[], n: number, seed: number): KnownItem[] {
  return sample(createRng(seed), candidates, n);
}

export function exactVariant(title: string): string {
  return title;
}

/**
 * In the longest alphabetic word of ≥ 5 letters (first on ties), swap the adjacent letters at
 * floor(len/2)-1 and floor(len/2); when they are equal, move one pair right. Null when no word qualifies
 * or every pair from the middle on is a doubled letter.
 */
export function typoVariant(title: string): string | null {
  const words = splitWords(title);
  let best = -1;
  for (let i = 0; i < words.length; i++) {
    const len = [...words[i]].length;
    if (isAlphabetic(words[i]) && len >= 5 && (best < 0 || len > [...words[best]].length)) best = i;
  }
  if (best < 0) return null;
  const letters = [...words[best]];
  for (let at = Math.floor(letters.length / 2) - 1; at + 1 < letters.length; at++) {
    if (letters[at] === letters[at + 1]) continue;
    [letters[at], letters[at + 1]] = [letters[at + 1], letters[at]];
    words[best] = letters.join("");
    return words.join(" ");
  }
  return null;
}

/** The first ceil(n/2) words, the last of them cut to max(2, ceil(len × 0.6)) characters: typing in progress. */
export function halfVariant(title: string): string {
  const words = splitWords(title).slice(0, Math.ceil(splitWords(title).length / 2));
  const last = [...words[words.length - 1]];
  words[words.length - 1] = last.slice(0, Math.max(2, Math.ceil(last.length * 0.6))).join("");
  return words.join(" ");
}

/** Every query of the protocol for the sampled items; items without a typo variant are left out of that set only. */
export function knownItemQueries(items: readonly KnownItem[]): KnownItemQuery[] {
  const out: KnownItemQuery[] = [];
  for (const item of items) {
    const exact = exactVariant(item.title);
    out.push({ id: item.id, variant: "exact", q: exact, words: splitWords(exact), prefixLast: false });
    const typo = typoVariant(item.title);
    if (typo !== null) out.push({ id: item.id, variant: "typo", q: typo, words: splitWords(typo), prefixLast: false });
    const half = halfVariant(item.title);
    out.push({ id: item.id, variant: "half", q: half, words: splitWords(half), prefixLast: true });
  }
  return out;
}
