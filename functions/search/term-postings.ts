/**
 * The embedded engine's own postings for the weighted score: each match key of a document with its
 * weighted count (FIELD_WEIGHTS: title, summary, body). FTS5's bm25() costs about a microsecond for
 * every matching row (it looks up the row's size and walks its instances); summing postings here
 * costs a small part of that, for the same BM25: the formula, constants and counts are FTS5's, so
 * scores agree with bm25() over the match-key columns.
 *
 * A key's postings are kept in blocks of BLOCK_SPAN documents by rowid, one row and one blob per
 * key and block. Reading a key in 20,000 documents of 100,000 is then at most 25 rows, not 20,000
 * (a B-tree step each), and a batch of new documents rewrites the last block of each of its keys.
 */
import type Database from "better-sqlite3";
import { FIELD_WEIGHTS } from "./ranking.js";

export const TERM_POSTINGS_SCHEMA = `
CREATE TABLE IF NOT EXISTS term_blocks (term TEXT NOT NULL, block INTEGER NOT NULL, postings BLOB NOT NULL, PRIMARY KEY (term, block)) WITHOUT ROWID;
-- A posting a row, as index format 3 kept them: rebuilt into term_blocks (INDEX_FORMAT).
DROP TABLE IF EXISTS term_postings;
`;

/** FTS5's bm25() constants. */
const K1 = 1.2;
const B = 0.75;
/**
 * A posting is a 32-bit number in its block's blob (platform byte order: the file never leaves the
 * machine): the document's place in the block × TF_SPAN + its weighted count, so a block's
 * postings sort by document. A count above TF_SPAN − 1 is kept as that: BM25 has long saturated.
 */
const BLOCK_SPAN = 4096;
const TF_SPAN = 4096;

/** The match keys of a document's fields, in field order: title, summary, body. */
export type FieldKeys = readonly [readonly string[], readonly string[], readonly string[]];

/** One alternative of a scored term: a match key, or (prefix) every key starting with it. */
export interface PostingsPhrase {
  text: string;
  prefix: boolean;
}

/** Weighted counts of each key of a document. */
export function weightedCounts(fields: FieldKeys): Map<string, number> {
  const weights = [FIELD_WEIGHTS.title, FIELD_WEIGHTS.summary, FIELD_WEIGHTS.body];
  const counts = new Map<string, number>();
  fields.forEach((keys, f) => {
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + weights[f]);
  });
  return counts;
}

/** The first string after every string starting with `prefix` (UTF-8 order is code point order). */
function afterPrefix(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!;
  const width = last > 0xffff ? 2 : 1;
  return prefix.slice(0, prefix.length - width) + String.fromCodePoint(last + 1);
}

/**
 * BM25 as FTS5 computes it for one phrase: idf from the rows holding it (never below 1e-6), the
 * weighted count saturated against the row's length relative to the average.
 */
export function bm25Idf(rows: number, holding: number): number {
  const idf = Math.log((rows - holding + 0.5) / (holding + 0.5));
  return idf > 0 ? idf : 1e-6;
}

export function bm25Part(idf: number, tf: number, length: number, averageLength: number): number {
  return (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
}

/** A document's keys: as added, or (to take its postings out) as its stored text analyses again. */
export interface DocKeys {
  doc: number;
  fields: FieldKeys;
}

/** A block's postings as numbers; a copy only when the blob does not start on a 4-byte boundary. */
function decode(blob: Buffer): Uint32Array {
  return blob.byteOffset % 4 === 0 ? new Uint32Array(blob.buffer, blob.byteOffset, blob.length / 4) : new Uint32Array(new Uint8Array(blob).buffer);
}

/** The changes to one block of one key: documents whose postings there go (by place), postings that come. */
interface BlockChange {
  term: string;
  block: number;
  leaving: Set<number>;
  firstLeaving: number;
  added: number[];
}

/** A block's stored postings less those of the leaving documents: all of them when those come after (new documents). */
function withoutLeaving(stored: Uint32Array, { leaving, firstLeaving }: BlockChange): Uint32Array {
  if (stored.length === 0 || Math.floor(stored[stored.length - 1] / TF_SPAN) < firstLeaving) return stored;
  return stored.filter((p) => !leaving.has(Math.floor(p / TF_SPAN)));
}

/** What BM25 weighs a count against: each document's length in words by rowid, and the archive's documents and average length. */
export interface Bm25Lengths {
  lengths: Uint32Array;
  rows: number;
  averageLength: number;
}

/** A sum being added up: where scores go, BM25's lengths, and for sumEvery the group being added. */
interface Sums {
  scores: Float64Array;
  archive: Bm25Lengths;
  scored: number[];
  held?: Uint16Array;
  bit?: number;
}

export class TermPostings {
  private readonly readBlock: Database.Statement;
  private readonly putBlock: Database.Statement;
  private readonly dropBlock: Database.Statement;
  private readonly exact: Database.Statement;
  private readonly range: Database.Statement;
  private readonly bytesExact: Database.Statement;
  private readonly bytesRange: Database.Statement;
  private readonly clearAll: Database.Statement;
  /** Scratch by rowid: a phrase's weighted count in the document being summed. */
  private counts = new Float64Array(0);
  /** Scratch by rowid for sumEvery: a bit for each group the document holds. */
  private held = new Uint16Array(0);

  constructor(db: Database.Database) {
    this.readBlock = db.prepare("SELECT postings FROM term_blocks WHERE term = ? AND block = ?").pluck();
    this.putBlock = db.prepare("INSERT INTO term_blocks (term, block, postings) VALUES (?, ?, ?) ON CONFLICT(term, block) DO UPDATE SET postings = excluded.postings");
    this.dropBlock = db.prepare("DELETE FROM term_blocks WHERE term = ? AND block = ?");
    this.exact = db.prepare("SELECT block, postings FROM term_blocks WHERE term = ?").raw();
    this.range = db.prepare("SELECT block, postings FROM term_blocks WHERE term >= ? AND term < ?").raw();
    // length() of a blob is read from the record header: no postings are loaded to count them.
    this.bytesExact = db.prepare("SELECT sum(length(postings)) FROM term_blocks WHERE term = ?").pluck();
    this.bytesRange = db.prepare("SELECT sum(length(postings)) FROM term_blocks WHERE term >= ? AND term < ?").pluck();
    this.clearAll = db.prepare("DELETE FROM term_blocks");
  }

  /**
   * Postings of a phrase, at most `limit`: the documents holding a key, or for a prefix the sum
   * over its keys (a document holding two of them counts twice).
   */
  count(phrase: PostingsPhrase, limit: number): number {
    const bytes = (phrase.prefix ? this.bytesRange.get(phrase.text, afterPrefix(phrase.text)) : this.bytesExact.get(phrase.text)) as number | null;
    return Math.min((bytes ?? 0) / 4, limit);
  }

  /**
   * Inside the caller's write transaction: the postings of `removed` documents go, those of `added`
   * ones come (a replaced document is in both, with its old and new keys). One read and one write
   * per block touched, in key order so that each lands beside the last.
   */
  write(removed: readonly DocKeys[], added: readonly DocKeys[]): void {
    const changes = new Map<string, BlockChange>();
    const changeOf = (term: string, doc: number): BlockChange => {
      const block = Math.floor(doc / BLOCK_SPAN);
      const key = `${term}\u0000${block}`;
      let change = changes.get(key);
      if (change === undefined) changes.set(key, (change = { term, block, leaving: new Set(), firstLeaving: BLOCK_SPAN, added: [] }));
      change.leaving.add(doc % BLOCK_SPAN);
      change.firstLeaving = Math.min(change.firstLeaving, doc % BLOCK_SPAN);
      return change;
    };
    for (const { doc, fields } of removed) for (const term of weightedCounts(fields).keys()) changeOf(term, doc);
    // A document added twice (one id twice in a batch): its last keys win.
    const latest = new Map(added.map(({ doc, fields }) => [doc, fields]));
    for (const [doc, fields] of latest) {
      for (const [term, tf] of weightedCounts(fields)) {
        changeOf(term, doc).added.push((doc % BLOCK_SPAN) * TF_SPAN + Math.min(tf, TF_SPAN - 1));
      }
    }
    const ordered = [...changes.values()].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : a.block - b.block));
    for (const change of ordered) {
      const { term, block, added } = change;
      const stored = this.readBlock.get(term, block) as Buffer | undefined;
      const staying = stored === undefined ? new Uint32Array(0) : withoutLeaving(decode(stored), change);
      const postings = new Uint32Array(staying.length + added.length);
      postings.set(staying);
      postings.set(added, staying.length);
      postings.sort();
      if (postings.length > 0) this.putBlock.run(term, block, Buffer.from(postings.buffer));
      else if (stored !== undefined) this.dropBlock.run(term, block);
    }
  }

  clear(): void {
    this.clearAll.run();
  }

  /**
   * Adds each phrase's BM25 to `scores` (by rowid), and returns the rowids that gained a score, in
   * no particular order.
   */
  sum(phrases: readonly PostingsPhrase[], scores: Float64Array, archive: Bm25Lengths): number[] {
    const scored: number[] = [];
    for (const phrase of phrases) this.addPhrase(phrase, { scores, archive, scored });
    return scored;
  }

  /**
   * As sum() over every group's phrases, but only the documents holding a phrase of each group
   * count (FTS5's AND of ORs): the others' scores are taken out again. At most 16 groups.
   */
  sumEvery(groups: ReadonlyArray<readonly PostingsPhrase[]>, scores: Float64Array, archive: Bm25Lengths): number[] {
    if (this.held.length < scores.length) this.held = new Uint16Array(scores.length);
    const sums: Sums = { scores, archive, scored: [], held: this.held, bit: 0 };
    groups.forEach((phrases, g) => {
      sums.bit = 1 << g;
      for (const phrase of phrases) this.addPhrase(phrase, sums);
    });
    const every = (1 << groups.length) - 1;
    const kept: number[] = [];
    for (const doc of sums.scored) {
      if (this.held[doc] === every) kept.push(doc);
      else scores[doc] = 0;
      this.held[doc] = 0;
    }
    return kept;
  }

  private addPhrase(phrase: PostingsPhrase, sums: Sums): void {
    if (this.counts.length < sums.scores.length) this.counts = new Float64Array(sums.scores.length);
    const { counts } = this;
    const { scores, scored, held, bit } = sums;
    const { lengths, rows, averageLength } = sums.archive;
    const blocks = (phrase.prefix ? this.range.all(phrase.text, afterPrefix(phrase.text)) : this.exact.all(phrase.text)) as Array<[number, Buffer]>;
    // One pass to add up each document's count (a prefix spans several keys), one to score.
    const holding: number[] = [];
    for (const [block, blob] of blocks) {
      const first = block * BLOCK_SPAN;
      for (const posting of decode(blob)) {
        const doc = first + Math.floor(posting / TF_SPAN);
        if (doc < counts.length) {
          if (counts[doc] === 0) holding.push(doc);
          counts[doc] += posting % TF_SPAN;
        }
      }
    }
    const idf = bm25Idf(rows, holding.length);
    for (const doc of holding) {
      if (scores[doc] === 0) scored.push(doc);
      scores[doc] += bm25Part(idf, counts[doc], lengths[doc], averageLength);
      counts[doc] = 0;
      if (held !== undefined) held[doc] |= bit!;
    }
  }
}
