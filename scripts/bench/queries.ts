/**
 * The request mix of the load test, drawn from the corpus itself with a seeded generator:
 * search queries of 1–3 words that occur together in an article (some with a typo, some cut
 * short as if still being typed), title prefixes for suggest, random ids, event batches.
 */
import { createRng, deriveSeed, pick, randomInt, type Rng } from "../corpus/prng.js";

export type SearchQueryKind = "words" | "typo" | "prefix";

export interface BenchSearchQuery {
  q: string;
  kind: SearchQueryKind;
  /** The words as sent; for "prefix" the last one is incomplete. */
  words: string[];
  prefixLast: boolean;
}

export interface QueryMix {
  typo: number;
  prefix: number;
}

/** 60 % plain words, 20 % with one typo, 20 % with the last word cut short. */
export const DEFAULT_MIX: QueryMix = { typo: 0.2, prefix: 0.2 };

export interface TextDoc {
  title: string;
  body: string;
}

const WORD = /\p{L}+/gu;

/** Words of ≥ 3 letters, lower-cased, in text order. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((w) => [...w].length >= 3);
}

/** Words in more than `share` of the documents: what a reader rarely types ("the", "said"). */
export function frequentWords(docs: readonly TextDoc[], share = 0.1): Set<string> {
  const df = new Map<string, number>();
  for (const d of docs) for (const w of new Set(contentWords(`${d.title} ${d.body}`))) df.set(w, (df.get(w) ?? 0) + 1);
  return new Set([...df].filter(([, n]) => n > share * docs.length).map(([w]) => w));
}

/**
 * One random edit — swap two adjacent letters, drop, replace or insert a letter — never at the
 * first letter. New letters come from the word itself, so a Cyrillic word gets a Cyrillic typo.
 */
export function typoOf(word: string, rng: Rng): string {
  const letters = [...word];
  if (letters.length < 3) return word;
  const at = randomInt(rng, 1, letters.length - 2);
  const others = [...new Set(letters)].filter((l) => l !== letters[at]);
  const edit = others.length ? randomInt(rng, 0, 3) : 1;
  if (edit === 0 && letters[at] !== letters[at + 1]) [letters[at], letters[at + 1]] = [letters[at + 1], letters[at]];
  else if (edit === 2) letters[at] = pick(rng, others);
  else if (edit === 3) letters.splice(at, 0, pick(rng, others));
  else letters.splice(at, 1);
  return letters.join("");
}

/** The word as typed so far: at least 2 letters (40 % of the word), never the whole word. */
export function prefixOf(word: string, rng: Rng): string {
  const letters = [...word];
  if (letters.length < 3) return word;
  const min = Math.max(2, Math.ceil(letters.length * 0.4));
  return letters.slice(0, randomInt(rng, Math.min(min, letters.length - 1), letters.length - 1)).join("");
}

export function buildSearchQueries(docs: readonly TextDoc[], count: number, seed: number, mix: QueryMix = DEFAULT_MIX): BenchSearchQuery[] {
  const rng = createRng(deriveSeed(seed, "search"));
  const frequent = frequentWords(docs);
  const queries: BenchSearchQuery[] = [];
  const wordsOf = new Map<number, string[]>();
  for (let attempts = 0; queries.length < count && attempts < count * 20; attempts++) {
    const at = Math.floor(rng() * docs.length);
    let words = wordsOf.get(at);
    if (!words) wordsOf.set(at, (words = contentWords(`${docs[at].title} ${docs[at].body}`).filter((w) => !frequent.has(w))));
    if (!words.length) continue;
    const r = rng();
    const k = Math.min(words.length, r < 0.4 ? 1 : r < 0.8 ? 2 : 3);
    const start = randomInt(rng, 0, words.length - k);
    const picked = [...new Set(words.slice(start, start + k))];
    const roll = rng();
    if (roll < mix.typo) {
      const longest = picked.reduce((best, w, i) => ([...w].length > [...picked[best]].length ? i : best), 0);
      if ([...picked[longest]].length >= 5) {
        picked[longest] = typoOf(picked[longest], rng);
        queries.push({ q: picked.join(" "), kind: "typo", words: picked, prefixLast: false });
        continue;
      }
    } else if (roll < mix.typo + mix.prefix && [...picked[picked.length - 1]].length >= 4) {
      picked[picked.length - 1] = prefixOf(picked[picked.length - 1], rng);
      queries.push({ q: picked.join(" "), kind: "prefix", words: picked, prefixLast: true });
      continue;
    }
    queries.push({ q: picked.join(" "), kind: "words", words: picked, prefixLast: false });
  }
  return queries;
}

/** What a reader has typed into the search box so far: the start of a real headline, lower-cased. */
export function buildSuggestQueries(titles: readonly string[], count: number, seed: number): string[] {
  const rng = createRng(deriveSeed(seed, "suggest"));
  const out: string[] = [];
  for (let attempts = 0; out.length < count && attempts < count * 20; attempts++) {
    const title = [...pick(rng, titles).toLowerCase().replace(/\s+/g, " ").trim()];
    if (title.length < 2) continue;
    const q = title.slice(0, randomInt(rng, 2, Math.min(20, title.length))).join("").trim();
    if ([...q].length >= 2) out.push(q);
  }
  return out;
}

export function buildIdSequence(ids: readonly string[], count: number, seed: number): string[] {
  const rng = createRng(deriveSeed(seed, "ids"));
  return Array.from({ length: count }, () => pick(rng, ids));
}

export interface ReadingEvent {
  eventId: string;
  visitorId: string;
  articleId: string;
  type: "view" | "read";
  dwellMs?: number;
}

/** Event batches from a pool of visitors; every eventId is new, so none is a duplicate. */
export function eventBatchFactory(ids: readonly string[], seed: number, batchSize = 10, visitors = 500) {
  const rng = createRng(deriveSeed(seed, "events"));
  const visitorIds = Array.from({ length: visitors }, (_, i) => `bench-visitor-${i.toString(36).padStart(6, "0")}-${Math.floor(rng() * 1e9).toString(36)}`);
  let sequence = 0;
  return (): { events: ReadingEvent[] } => ({
    events: Array.from({ length: batchSize }, () => {
      const read = rng() < 0.3;
      return {
        eventId: `bench-${seed}-${++sequence}`,
        visitorId: pick(rng, visitorIds),
        articleId: pick(rng, ids),
        type: read ? "read" : "view",
        ...(read ? { dwellMs: randomInt(rng, 5_000, 300_000) } : {}),
      };
    }),
  });
}
