/**
 * The words of every document's title and summary, held in memory for ranking (the embedded
 * engine reads them for each candidate instead of asking SQLite).
 *
 * Each distinct word is kept once and named by an id; a document's words are a run of ids in one
 * shared Int32Array. Arrays of strings per field cost about 1 KB a document (array headers and an
 * 8-byte pointer a word, twice: folded form and match key); here a word costs 4 bytes, and match
 * keys are looked up per language instead of stored per document.
 */
import { searchKey } from "../text/index.js";

/** A title or summary read out of the store: `length` words in `norms` and `keys` (longer arrays are reused). */
export interface Words {
  norms: string[];
  keys: string[];
  length: number;
}

export function emptyWords(): Words {
  return { norms: [], keys: [], length: 0 };
}

const EMPTY: readonly string[] = Object.freeze([]);

export class DocWords {
  /** Runs of [title length, summary length, ...title ids, ...summary ids]. */
  private arena = new Int32Array(1 << 16);
  private used = 0;
  /** Arena slots of runs no document points at any more (replaced or removed documents). */
  private garbage = 0;
  /** Id → word. Also the one shared copy of tags, authors and other repeated values. */
  private readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Per language, word id → id of its match key (-1: not computed yet). */
  private readonly keyIds = new Map<string, Int32Array>();

  /** The id of a word, added when new. */
  private idOf(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
    }
    return id;
  }

  /** The shared copy of a string (equal strings then cost one copy). */
  shared(value: string): string {
    return this.words[this.idOf(value)];
  }

  /** The list with shared strings; the same empty list for every empty one. */
  sharedList(list: readonly string[]): string[] {
    return list.length === 0 ? (EMPTY as string[]) : list.map((v) => this.shared(v));
  }

  /** Stores a document's title and summary words (folded); returns where they start. */
  add(title: readonly string[], summary: readonly string[]): number {
    const size = 2 + title.length + summary.length;
    if (this.used + size > this.arena.length) this.grow(size);
    const at = this.used;
    this.arena[at] = title.length;
    this.arena[at + 1] = summary.length;
    let i = at + 2;
    for (const w of title) this.arena[i++] = this.idOf(w);
    for (const w of summary) this.arena[i++] = this.idOf(w);
    this.used += size;
    return at;
  }

  /** The run at `at` is no longer used (its document was replaced or removed). */
  release(at: number): void {
    this.garbage += 2 + this.arena[at] + this.arena[at + 1];
  }

  /** Whether enough of the arena is dead that `compact` should run. */
  get fragmented(): boolean {
    return this.garbage > 1 << 16 && this.garbage > this.used / 2;
  }

  /**
   * Copies the live runs into a new arena. `live` yields every document's run start; `moved` is
   * told each new start, in the same order.
   */
  compact(live: Iterable<number>, moved: (index: number, at: number) => void): void {
    const old = this.arena;
    this.arena = new Int32Array(Math.max(1 << 16, this.used - this.garbage + (1 << 12)));
    this.used = 0;
    this.garbage = 0;
    let index = 0;
    for (const from of live) {
      const size = 2 + old[from] + old[from + 1];
      if (this.used + size > this.arena.length) this.grow(size);
      this.arena.set(old.subarray(from, from + size), this.used);
      moved(index++, this.used);
      this.used += size;
    }
  }

  titleLength(at: number): number {
    return this.arena[at];
  }

  summaryLength(at: number): number {
    return this.arena[at + 1];
  }

  /** Reads the title of the run at `at` into `into`. */
  title(at: number, language: string, into: Words): Words {
    return this.read(at + 2, this.arena[at], language, into);
  }

  /** Reads the summary of the run at `at` into `into`. */
  summary(at: number, language: string, into: Words): Words {
    return this.read(at + 2 + this.arena[at], this.arena[at + 1], language, into);
  }

  /** Word `i` of the title of the run at `at` (folded); titleKey gives its match key. */
  titleWord(at: number, i: number): string {
    return this.words[this.arena[at + 2 + i]];
  }

  titleKey(at: number, i: number, language: string): string {
    return this.words[this.keyOf(this.arena[at + 2 + i], language, this.keysFor(language))];
  }

  /** The title's folded words joined by spaces. */
  titleText(at: number): string {
    let text = "";
    for (let i = 0; i < this.arena[at]; i++) text += (i > 0 ? " " : "") + this.words[this.arena[at + 2 + i]];
    return text;
  }

  private read(from: number, length: number, language: string, into: Words): Words {
    const keys = this.keysFor(language);
    for (let i = 0; i < length; i++) {
      const id = this.arena[from + i];
      into.norms[i] = this.words[id];
      into.keys[i] = this.words[this.keyOf(id, language, keys)];
    }
    into.length = length;
    return into;
  }

  private keysFor(language: string): Int32Array {
    let keys = this.keyIds.get(language);
    if (keys === undefined || keys.length < this.words.length) {
      const grown = new Int32Array(Math.max(1024, this.words.length * 2)).fill(-1);
      if (keys) grown.set(keys);
      this.keyIds.set(language, (keys = grown));
    }
    return keys;
  }

  private keyOf(id: number, language: string, keys: Int32Array): number {
    let key = keys[id];
    if (key < 0) {
      key = this.idOf(searchKey(this.words[id], language));
      keys[id] = key;
    }
    return key;
  }

  private grow(size: number): void {
    const grown = new Int32Array(Math.max(this.arena.length * 2, this.used + size));
    grown.set(this.arena.subarray(0, this.used));
    this.arena = grown;
  }
}
