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

/**
 * The trie, flat: node i's first child, next sibling, code point and word count in four typed
 * arrays (16 bytes a node, where an object with two child arrays took ten times that). Node 0 is
 * the root; 0 as a child or sibling means none.
 */
class FlatTrie {
  size = 1;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  code: Int32Array;
  /** Occurrences of the word ending at the node (0 when none does). */
  count: Int32Array;

  constructor(capacity = 1024) {
    this.firstChild = new Int32Array(capacity);
    this.nextSibling = new Int32Array(capacity);
    this.code = new Int32Array(capacity);
    this.count = new Int32Array(capacity);
  }

  child(node: number, c: number): number {
    for (let k = this.firstChild[node]; k !== 0; k = this.nextSibling[k]) if (this.code[k] === c) return k;
    return 0;
  }

  childOrNew(node: number, c: number): number {
    const existing = this.child(node, c);
    if (existing !== 0) return existing;
    if (this.size === this.code.length) this.grow();
    const kid = this.size++;
    this.code[kid] = c;
    this.nextSibling[kid] = this.firstChild[node];
    this.firstChild[node] = kid;
    return kid;
  }

  /**
   * The same trie with its nodes numbered depth first, siblings kept in their order. A trie loaded
   * from sorted words is laid out so, each subtree in one stretch of the arrays; words added batch
   * by batch scatter a subtree over them, and a walk then reads each node from another cache line.
   */
  relaidOut(): FlatTrie {
    const out = new FlatTrie(Math.max(1024, this.size + (this.size >> 2)));
    out.count[0] = this.count[0];
    const lastKid = new Int32Array(this.size); // by new node: its last child placed so far
    const pending: number[] = []; // pairs (old node, new parent), the next to place last
    const kids: number[] = [];
    const pushKids = (old: number, parent: number) => {
      kids.length = 0;
      for (let k = this.firstChild[old]; k !== 0; k = this.nextSibling[k]) kids.push(k);
      // Last sibling pushed first, so the first is placed first.
      for (let i = kids.length - 1; i >= 0; i--) pending.push(kids[i], parent);
    };
    pushKids(0, 0);
    while (pending.length > 0) {
      const parent = pending.pop()!;
      const old = pending.pop()!;
      const node = out.size++;
      out.code[node] = this.code[old];
      out.count[node] = this.count[old];
      if (lastKid[parent] === 0) out.firstChild[parent] = node;
      else out.nextSibling[lastKid[parent]] = node;
      lastKid[parent] = node;
      pushKids(old, node);
    }
    return out;
  }

  private grow(): void {
    const larger = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.firstChild = larger(this.firstChild);
    this.nextSibling = larger(this.nextSibling);
    this.code = larger(this.code);
    this.count = larger(this.count);
  }
}

const CACHE_SIZE = 2000;

/** Words added since the trie was last laid out grow it by this share before it is laid out again. */
const RELAYOUT_GROWTH = 0.1;

export class Vocabulary {
  private trie = new FlatTrie();
  private words = 0;
  /** Nodes the trie had when last laid out depth first (see FlatTrie.relaidOut). */
  private nodesLaidOut = 1;
  private cache = new Map<string, TypoMatch[]>();
  /** Edit-distance rows, one per trie depth, reused by every walk. */
  private readonly rows: Int32Array[] = [];

  get size(): number {
    return this.words;
  }

  /** Adds a word (or adds to its count); true when the word is new. Words are expected folded, as tokenize() yields them. */
  add(word: string, count = 1): boolean {
    if (word === "") return false;
    const trie = this.trie;
    let node = 0;
    for (const c of word) node = trie.childOrNew(node, c.codePointAt(0)!);
    const isNew = trie.count[node] === 0;
    if (isNew) this.words++;
    trie.count[node] += Math.max(1, count);
    if (this.cache.size > 0) this.cache.clear();
    return isNew;
  }

  /** Takes occurrences away (text removed or replaced); a word left with none is no longer known. */
  remove(word: string, count: number): void {
    let node = 0;
    for (const c of word) {
      node = this.trie.child(node, c.codePointAt(0)!);
      if (node === 0) return;
    }
    const had = this.trie.count[node];
    if (had === 0) return;
    this.trie.count[node] = Math.max(0, had - count);
    if (this.trie.count[node] === 0) this.words--;
    if (this.cache.size > 0) this.cache.clear();
  }

  has(word: string): boolean {
    return this.count(word) > 0;
  }

  /** Occurrences of the word in the index (0 when unknown). */
  count(word: string): number {
    let node = 0;
    for (const c of word) {
      node = this.trie.child(node, c.codePointAt(0)!);
      if (node === 0) return 0;
    }
    return this.trie.count[node];
  }

  /** Occurrences of the words starting with `prefix` (the word itself included), counted only until they reach `limit`. */
  countUnder(prefix: string, limit: number): number {
    const trie = this.trie;
    let node = 0;
    for (const c of prefix) {
      node = trie.child(node, c.codePointAt(0)!);
      if (node === 0) return 0;
    }
    let sum = 0;
    const stack = [node];
    while (stack.length > 0 && sum < limit) {
      const at = stack.pop()!;
      sum += trie.count[at];
      for (let k = trie.firstChild[at]; k !== 0; k = trie.nextSibling[k]) stack.push(k);
    }
    return Math.min(sum, limit);
  }

  clear(): void {
    this.trie = new FlatTrie();
    this.nodesLaidOut = 1;
    this.words = 0;
    this.cache.clear();
  }

  /** The words added so far came in sorted order, which keeps each subtree in one stretch already. */
  addedSorted(): void {
    this.nodesLaidOut = this.trie.size;
  }

  /** Lays the trie out depth first again once words added since grew it by RELAYOUT_GROWTH. */
  compact(): void {
    if (this.trie.size - this.nodesLaidOut < this.nodesLaidOut * RELAYOUT_GROWTH) return;
    this.trie = this.trie.relaidOut();
    this.nodesLaidOut = this.trie.size;
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
    found.sort((a, b) => a.typos - b.typos || b.weight - a.weight || a.term.length - b.term.length || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
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
    const trie = this.trie;
    const first = query[0];
    const codes = query.map((c) => c.codePointAt(0)!);
    const sameFirst = trie.child(0, codes[0]);
    if (sameFirst !== 0) {
      if (query.length === 1) {
        if (prefixMode) out.push({ term: first, typos: 0, prefix: true, weight: 0 });
        else if (trie.count[sameFirst] > 0) out.push({ term: first, typos: 0, prefix: false, weight: trie.count[sameFirst] });
      } else walkFrom(trie, sameFirst, 0, first, codes.slice(1), maxTypos, 0, prefixMode, out, this.rows);
    }
    if (maxTypos >= 2) {
      // Every other first letter, as the only child of a start above it, with one edit spent.
      for (let k = trie.firstChild[0]; k !== 0; k = trie.nextSibling[k]) {
        if (trie.code[k] !== codes[0]) walkFrom(trie, 0, k, "", codes, maxTypos - 1, 1, prefixMode, out, this.rows);
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
function walkFrom(
  trie: FlatTrie,
  start: number,
  onlyKid: number,
  startPath: string,
  q: number[],
  maxTypos: number,
  extraTypos: number,
  prefixMode: boolean,
  out: Found[],
  rows: Int32Array[],
): void {
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

  const { firstChild, nextSibling, code, count } = trie;
  // onlyKid (when not 0): the start's one child to walk, whatever its siblings.
  const visit = (node: number, depth: number, coveredTypos: number, onlyKid = 0): void => {
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
    for (let kid = onlyKid || firstChild[node]; kid !== 0; kid = onlyKid ? 0 : nextSibling[kid]) {
      const c = code[kid];
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
      path[depth] = c;
      // The last cell is only computed once the band reaches it; before that the path is too short.
      const distance = hi === n ? current[n] : OUT;
      let covered = coveredTypos;
      if (distance <= maxTypos) {
        if (prefixMode && distance < covered) {
          emit(depth + 1, distance, true, 0);
          covered = distance;
        } else if (!prefixMode && count[kid] > 0) emit(depth + 1, distance, false, count[kid]);
      }
      // Below a prefix already found with 0 typos nothing can do better.
      if (covered > 0 && firstChild[kid] !== 0) visit(kid, depth + 1, covered);
    }
  };
  visit(start, 0, Infinity, onlyKid);
}
