/**
 * Typo expansion against the index vocabulary, with Meilisearch's default rules: no typo below
 * 5 characters, one from 5, two from 9, none for numbers; a swap of two adjacent letters is one
 * typo (optimal string alignment distance).
 *
 * The vocabulary is a trie walked with one edit-distance row per depth, pruned as soon as the
 * best cell of a row exceeds the allowed typos (the Levenshtein-automaton idea Meilisearch uses
 * on its FST). That visits a few thousand nodes for a 100k-word vocabulary. In prefix mode a
 * node whose path is within the allowed typos of the whole query stands for every word below
 * it, which is what search-as-you-type needs for the last word.
 */
import { isNumeric } from "../text/index.js";

export const ONE_TYPO_FROM = 5;
export const TWO_TYPOS_FROM = 9;

/** Typos a query word of this (folded) form may have. */
export function allowedTypos(word: string): number {
  if (isNumeric(word)) return 0;
  const length = [...word].length;
  if (length >= TWO_TYPOS_FROM) return 2;
  if (length >= ONE_TYPO_FROM) return 1;
  return 0;
}

export interface TypoMatch {
  /** A vocabulary word, or when `prefix` is set, the start of the vocabulary words it stands for. */
  term: string;
  typos: number;
  prefix: boolean;
  /** Occurrences of the word in the index (0 for a prefix). */
  count: number;
}

export interface ExpandOptions {
  /** Also match words that start with something within the allowed typos of the query. */
  prefix?: boolean;
  /** Overrides allowedTypos(word). */
  maxTypos?: number;
  /** Keep at most this many matches, fewest typos first. */
  limit?: number;
}

class TrieNode {
  /** Code points of the children, parallel to `kids`. */
  codes: number[] = [];
  kids: TrieNode[] = [];
  /** Occurrences of the word ending here (0 when none does). */
  count = 0;

  child(c: string): TrieNode | undefined {
    const i = this.codes.indexOf(c.codePointAt(0)!);
    return i < 0 ? undefined : this.kids[i];
  }

  childOrNew(c: string): TrieNode {
    const existing = this.child(c);
    if (existing) return existing;
    const node = new TrieNode();
    this.codes.push(c.codePointAt(0)!);
    this.kids.push(node);
    return node;
  }
}

const CACHE_SIZE = 2000;

export class Vocabulary {
  private root = new TrieNode();
  private words = 0;
  private cache = new Map<string, TypoMatch[]>();
  /** Edit-distance rows, one per trie depth, reused by every walk. */
  private readonly rows: Int32Array[] = [];

  get size(): number {
    return this.words;
  }

  /** Adds a word (or adds to its count); true when the word is new. Words are expected folded, as tokenize() yields them. */
  add(word: string, count = 1): boolean {
    if (word === "") return false;
    let node = this.root;
    for (const c of word) node = node.childOrNew(c);
    const isNew = node.count === 0;
    if (isNew) this.words++;
    node.count += Math.max(1, count);
    if (this.cache.size > 0) this.cache.clear();
    return isNew;
  }

  has(word: string): boolean {
    return this.count(word) > 0;
  }

  /** Occurrences of the word in the index (0 when unknown). */
  count(word: string): number {
    let node: TrieNode | undefined = this.root;
    for (const c of word) {
      node = node.child(c);
      if (!node) return 0;
    }
    return node.count;
  }

  clear(): void {
    this.root = new TrieNode();
    this.words = 0;
    this.cache.clear();
  }

  /**
   * Vocabulary words within the allowed typos of `word` (the word itself included when known,
   * with 0 typos). Fewest typos first, then the more frequent word.
   */
  expand(word: string, options: ExpandOptions = {}): TypoMatch[] {
    const maxTypos = options.maxTypos ?? allowedTypos(word);
    const prefix = options.prefix ?? false;
    const limit = options.limit ?? 50;
    const key = `${prefix ? "p" : "w"}${maxTypos}:${limit}:${word}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Refresh the entry's position so the cache evicts the least recently used.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    if (word === "") return [];
    const found = this.walk([...word], maxTypos, prefix);
    found.sort((a, b) => a.typos - b.typos || b.weight - a.weight || a.term.length - b.term.length);
    const result = found.slice(0, limit).map(({ term, typos, prefix: isPrefix, weight }) => ({ term, typos, prefix: isPrefix, count: weight }));
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, result);
    return result;
  }

  /**
   * Meilisearch counts a typo on the first letter as two, so with one typo allowed the first
   * letter is fixed, and with two the other first letters are tried with one edit left.
   */
  private walk(query: string[], maxTypos: number, prefixMode: boolean): Found[] {
    const out: Found[] = [];
    const first = query[0];
    const codes = query.map((c) => c.codePointAt(0)!);
    const sameFirst = this.root.child(first);
    if (sameFirst) {
      if (query.length === 1) {
        if (prefixMode) out.push({ term: first, typos: 0, prefix: true, weight: 0 });
        else if (sameFirst.count > 0) out.push({ term: first, typos: 0, prefix: false, weight: sameFirst.count });
      } else walkFrom(sameFirst, first, codes.slice(1), maxTypos, 0, prefixMode, out, this.rows);
    }
    if (maxTypos >= 2) {
      const firstCode = codes[0];
      const one = new TrieNode();
      for (let k = 0; k < this.root.kids.length; k++) {
        if (this.root.codes[k] === firstCode) continue;
        one.codes = [this.root.codes[k]];
        one.kids = [this.root.kids[k]];
        walkFrom(one, "", codes, maxTypos - 1, 1, prefixMode, out, this.rows);
      }
    }
    return out;
  }
}

interface Found extends Omit<TypoMatch, "count"> {
  weight: number;
}

/**
 * Depth-first walk below `start` (whose path is `startPath`) with one optimal-string-alignment
 * row per depth; branches are cut once no cell of the row is within `maxTypos`. Only the band of
 * cells within `maxTypos` of the diagonal can stay within budget, so only those are computed.
 * `q` holds the query's code points; `rows` is scratch, reused from walk to walk.
 */
function walkFrom(start: TrieNode, startPath: string, q: number[], maxTypos: number, extraTypos: number, prefixMode: boolean, out: Found[], rows: Int32Array[]): void {
  const n = q.length;
  const OUT = maxTypos + 1;
  const row = (depth: number) => {
    if (rows.length <= depth || rows[depth].length < n + 1) rows[depth] = new Int32Array(Math.max(n + 1, 32));
    return rows[depth];
  };
  const top = row(0);
  for (let i = 0; i <= n; i++) top[i] = Math.min(i, OUT);
  const path: number[] = [];
  const emit = (depth: number, typos: number, prefix: boolean, weight: number) =>
    out.push({ term: startPath + String.fromCodePoint(...path.slice(0, depth)), typos: typos + extraTypos, prefix, weight });

  const visit = (node: TrieNode, depth: number, coveredTypos: number): void => {
    const prev = rows[depth];
    const prevPrev = depth > 0 ? rows[depth - 1] : undefined;
    const previousChar = depth > 0 ? path[depth - 1] : -1;
    const current = row(depth + 1);
    const length = depth + 1;
    const lo = Math.max(1, length - maxTypos);
    const hi = Math.min(n, length + maxTypos);
    // A letter that equals no query letter within reach (neither matches nor swaps) makes every cell
    // at least one more than the cells it comes from: when that is over budget, its branch is cut
    // here without computing its row.
    let floor = lo === 1 ? Math.min(length, OUT) : OUT;
    for (let i = lo - 1; i <= hi; i++) if (prev[i] < floor) floor = prev[i];
    const blind = floor + 1 > maxTypos;
    const reachFrom = Math.max(0, lo - 2);
    for (let k = 0; k < node.kids.length; k++) {
      const c = node.codes[k];
      if (blind) {
        let reachable = false;
        for (let j = reachFrom; j < hi; j++) {
          if (q[j] === c) {
            reachable = true;
            break;
          }
        }
        if (!reachable) continue;
      }
      current[0] = Math.min(length, OUT);
      if (lo > 1) current[lo - 1] = OUT;
      let best = OUT;
      for (let i = lo; i <= hi; i++) {
        let v = prev[i - 1] + (q[i - 1] === c ? 0 : 1);
        const insert = current[i - 1] + 1;
        if (insert < v) v = insert;
        const remove = prev[i] + 1;
        if (remove < v) v = remove;
        if (prevPrev !== undefined && i > 1 && q[i - 1] === previousChar && q[i - 2] === c) {
          const swap = prevPrev[i - 2] + 1;
          if (swap < v) v = swap;
        }
        if (v > OUT) v = OUT;
        current[i] = v;
        if (v < best) best = v;
      }
      if (hi < n) current[hi + 1] = OUT;
      if (best > maxTypos) continue;
      const kid = node.kids[k];
      path[depth] = c;
      // The last cell is only computed once the band reaches it; before that the path is too short.
      const distance = hi === n ? current[n] : OUT;
      let covered = coveredTypos;
      if (distance <= maxTypos) {
        if (prefixMode && distance < covered) {
          emit(depth + 1, distance, true, 0);
          covered = distance;
        } else if (!prefixMode && kid.count > 0) emit(depth + 1, distance, false, kid.count);
      }
      // Below a prefix already found with 0 typos nothing can do better.
      if (covered > 0 && kid.kids.length > 0) visit(kid, depth + 1, covered);
    }
  };
  visit(start, 0, Infinity);
}
