/**
 * The peer and baseline: a plain SQLite FTS5 table of the same corpus (unicode61 with
 * remove_diacritics 2, columns title + body, BM25), queried directly with better-sqlite3 —
 * no API, no HTTP, no typo tolerance, no highlighting. `stemmed` puts FTS5's own Porter stemmer
 * in front (English only): the stronger peer for judged topic queries, where word forms count.
 */
import Database from "better-sqlite3";

export interface BaselineDoc {
  id: string;
  title: string;
  body: string;
}

const HAS_TOKEN = /[\p{L}\p{N}]/u;

/**
 * The query as FTS5 syntax: each word quoted (so AND/OR/NOT and punctuation are literal) and
 * AND-ed; the last word becomes a prefix `"wor"*` when asked. Words without a letter or digit
 * would turn into empty phrases that match nothing, so they are dropped. Null when nothing is left.
 */
export function fts5MatchExpression(words: readonly string[], prefixLast: boolean): string | null {
  const kept = words.filter((w) => HAS_TOKEN.test(w));
  if (!kept.length) return null;
  // A dropped punctuation-only last word leaves nothing being typed, so nothing becomes a prefix.
  const prefix = prefixLast && HAS_TOKEN.test(words[words.length - 1]);
  return kept.map((w, i) => `"${w.replace(/"/g, '""')}"${prefix && i === kept.length - 1 ? "*" : ""}`).join(" AND ");
}

export class Fts5Baseline {
  private readonly db: Database.Database;
  private readonly ids: string[] = [];
  private readonly query: Database.Statement<[string, number], { rowid: number; title: string }>;

  /** `file` keeps the table on disk like the embedded engine's; ":memory:" also works. */
  constructor(file: string, opts: { stemmed?: boolean } = {}) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    const tokenizer = `${opts.stemmed ? "porter " : ""}unicode61 remove_diacritics 2`;
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(title, body, tokenize = '${tokenizer}')`);
    this.query = this.db.prepare("SELECT rowid, title FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?");
  }

  /** Inserts in one transaction; returns the elapsed milliseconds. */
  load(docs: readonly BaselineDoc[]): number {
    const started = performance.now();
    const insert = this.db.prepare("INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)");
    this.db.transaction(() => {
      for (const d of docs) {
        this.ids.push(d.id);
        insert.run(this.ids.length, d.title, d.body);
      }
    })();
    return performance.now() - started;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Ids of the top `limit` documents by BM25; [] when the query has no searchable word. */
  search(words: readonly string[], prefixLast: boolean, limit = 10): string[] {
    const match = fts5MatchExpression(words, prefixLast);
    if (match === null) return [];
    return this.query.all(match, limit).map((r) => this.ids[r.rowid - 1]);
  }

  /**
   * Ids of the top `limit` documents by BM25 among those holding any of the words: the usual way
   * BM25 answers a natural-language query, where requiring every word would find nothing.
   */
  searchAny(words: readonly string[], limit = 10): string[] {
    const kept = words.filter((w) => HAS_TOKEN.test(w));
    if (!kept.length) return [];
    const match = [...new Set(kept.map((w) => `"${w.replace(/"/g, '""')}"`))].join(" OR ");
    return this.query.all(match, limit).map((r) => this.ids[r.rowid - 1]);
  }

  /** Same as search, timed: milliseconds spent in SQLite for this one query. */
  timedSearch(words: readonly string[], prefixLast: boolean, limit = 10): { ms: number; ids: string[] } {
    const started = performance.now();
    const ids = this.search(words, prefixLast, limit);
    return { ms: performance.now() - started, ids };
  }

  /**
   * The suggest peer: titles only (`{title} : (…)`), the typed words AND-ed with the last one as a
   * prefix unless a space ends the input, BM25 order, timed like timedSearch.
   */
  timedSuggest(typed: string, limit = 8): { ms: number; ids: string[] } {
    const started = performance.now();
    const match = fts5MatchExpression(typed.trim().split(/\s+/), !/\s$/.test(typed));
    const ids = match === null ? [] : this.query.all(`{title} : (${match})`, limit).map((r) => this.ids[r.rowid - 1]);
    return { ms: performance.now() - started, ids };
  }

  close(): void {
    this.db.close();
  }
}
