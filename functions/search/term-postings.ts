/**
 * The embedded engine's own postings for the weighted score: each match key of a document with its
 * weighted count (FIELD_WEIGHTS: title, summary, body), so a term's postings are read as one text
 * value. FTS5's bm25() costs about a microsecond for every matching row (it looks up the row's size
 * and walks its instances); summing postings here costs a quarter of that, for the same BM25: the
 * formula, constants and counts are FTS5's, so scores agree with bm25() over the match-key columns.
 */
import type Database from "better-sqlite3";
import { parseIntegerList } from "./integer-list.js";
import { FIELD_WEIGHTS } from "./ranking.js";

export const TERM_POSTINGS_SCHEMA = `
CREATE TABLE IF NOT EXISTS term_postings (term TEXT NOT NULL, doc INTEGER NOT NULL, tf INTEGER NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID;
`;

/** FTS5's bm25() constants. */
const K1 = 1.2;
const B = 0.75;
/**
 * A posting travels as doc × TF_SPAN + tf: one number to turn into text and back. A weighted count
 * above TF_SPAN − 1 is read as that: BM25 has long saturated there.
 */
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

export class TermPostings {
  private readonly insert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly exact: Database.Statement;
  private readonly range: Database.Statement;
  private readonly countExact: Database.Statement;
  private readonly countRange: Database.Statement;
  /** Scratch by rowid: a phrase's weighted count in the document being summed. */
  private counts = new Float64Array(0);

  constructor(db: Database.Database) {
    this.insert = db.prepare("INSERT INTO term_postings (term, doc, tf) VALUES (?, ?, ?)");
    this.remove = db.prepare("DELETE FROM term_postings WHERE term = ? AND doc = ?");
    this.exact = db.prepare(`SELECT group_concat(doc * ${TF_SPAN} + min(tf, ${TF_SPAN - 1})) FROM term_postings WHERE term = ?`).pluck();
    this.range = db.prepare(`SELECT group_concat(doc * ${TF_SPAN} + min(tf, ${TF_SPAN - 1})) FROM term_postings WHERE term >= ? AND term < ?`).pluck();
    this.countExact = db.prepare("SELECT count(*) FROM (SELECT 1 FROM term_postings WHERE term = ? LIMIT ?)").pluck();
    this.countRange = db.prepare("SELECT count(*) FROM (SELECT 1 FROM term_postings WHERE term >= ? AND term < ? LIMIT ?)").pluck();
  }

  /**
   * Postings of a phrase, counted up to `limit`: the documents holding a key, or for a prefix the
   * sum over its keys (a document holding two of them counts twice).
   */
  count(phrase: PostingsPhrase, limit: number): number {
    return (phrase.prefix ? this.countRange.get(phrase.text, afterPrefix(phrase.text), limit) : this.countExact.get(phrase.text, limit)) as number;
  }

  /** Inside the caller's write transaction. In key order: each insert then lands beside the last. */
  add(docs: ReadonlyArray<{ doc: number; fields: FieldKeys }>): void {
    const rows: Array<[string, number, number]> = [];
    for (const { doc, fields } of docs) for (const [term, tf] of weightedCounts(fields)) rows.push([term, doc, tf]);
    rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    for (const row of rows) this.insert.run(row);
  }

  /** `fields`: the keys the document was added with (its stored text analysed again). */
  delete(doc: number, fields: FieldKeys): void {
    for (const term of weightedCounts(fields).keys()) this.remove.run(term, doc);
  }

  /**
   * Adds each phrase's BM25 to `scores` (by rowid), and returns the rowids that gained a score, in
   * no particular order. `lengths`: each document's length in words, by rowid; `rows` and
   * `averageLength`: the archive's.
   */
  sum(phrases: readonly PostingsPhrase[], scores: Float64Array, lengths: Uint32Array, rows: number, averageLength: number): number[] {
    if (this.counts.length < scores.length) this.counts = new Float64Array(scores.length);
    const counts = this.counts;
    const scored: number[] = [];
    for (const phrase of phrases) {
      const postings = parseIntegerList((phrase.prefix ? this.range.get(phrase.text, afterPrefix(phrase.text)) : this.exact.get(phrase.text)) as string | null);
      // One pass to add up each document's count (a prefix spans several keys), one to score.
      const holding: number[] = [];
      for (const value of postings) {
        const doc = Math.floor(value / TF_SPAN);
        if (doc < counts.length) {
          if (counts[doc] === 0) holding.push(doc);
          counts[doc] += value % TF_SPAN;
        }
      }
      const idf = bm25Idf(rows, holding.length);
      for (const doc of holding) {
        if (scores[doc] === 0) scored.push(doc);
        scores[doc] += bm25Part(idf, counts[doc], lengths[doc], averageLength);
        counts[doc] = 0;
      }
    }
    return scored;
  }
}
