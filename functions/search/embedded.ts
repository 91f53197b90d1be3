/**
 * The embedded adapter of the search port: SQLite FTS5 through better-sqlite3, ranked the way
 * Meilisearch ranks by default so local results look like the cloud's.
 *
 * Storage: `docs` holds the documents; `fts` indexes title/summary/body twice, as folded words
 * (exactness, prefixes, typos) and as Latin match keys (stems, other scripts); `heads` indexes
 * title and summary alone, for autocomplete and to find the few documents whose title or summary
 * match. Everything fed to FTS5 is normalised here (text.ts), so FTS5 only splits on spaces.
 *
 * In memory: per document the fields that filters, facets and ranking read (title and summary
 * words, tags, date), and the vocabulary for typos. Filters and facets run over that in plain
 * code: no user value ever reaches SQL text, and queries reach FTS5 only as terms this file quotes.
 *
 * Ranking follows Meilisearch's rules in order: words, typo, proximity, attribute, exactness; then
 * recency breaks ties.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MLT_POSTINGS, MLT_TERMS, mltMaxDocFreq, mltWeight } from "./more-like-this.js";
import {
  MAX_TOTAL_HITS,
  type FacetName,
  type MoreLikeThisQuery,
  type SimilarArticle,
  type SearchDocument,
  type SearchEngine,
  type SearchFilters,
  type SearchHit,
  type SearchRequest,
  type SearchResult,
  type Suggestion,
} from "./engine.js";
import { CROP_MARKER, SpanBuffer, cropMarked, escapeHtml, markRanges, type WordSpans } from "./highlight.js";
import { asciiKeyMayChangeInitial, endsInPartialWord, foldText, forEachWord, isStopWord, keyMayChangeInitial, prefixKey, searchKey, tokenize, words as foldedWords } from "../text/index.js";
import { Vocabulary, allowedTypos } from "./typos.js";
import { DocWords, emptyWords, type Words } from "./doc-words.js";
import { parseIntegerList } from "./integer-list.js";
import { TERM_POSTINGS_SCHEMA, TermPostings, type Bm25Lengths, type DocKeys, type FieldKeys, type PostingsPhrase } from "./term-postings.js";
import { BROAD_TERM_FLOOR, DEFAULT_HALF_LIFE_DAYS, FIELD_WEIGHTS, broadTermMatches, SCORED_FROM_WORDS, SUGGEST_FREQUENCY_RATIO, frequencyDropOrder, keptTerms, typoVariantAllowed, withFreshness } from "./ranking.js";

/**
 * Words of a query read (stop words aside). Meilisearch reads ten; a question or a pasted sentence
 * says more than that, and every word it holds adds to the weighted score. The bound is on the
 * work: each word is one more postings list to sum.
 */
const MAX_QUERY_WORDS = 32;
/**
 * The first words, as many as Meilisearch reads, take typo variants and make the phrase bonus.
 * Words past them match as typed (and by their stem): the vocabulary walk and FTS5's phrase reads
 * are the costliest steps per word, and one word among many moves a weighted score little.
 */
const FULLY_READ_WORDS = 10;
const SNIPPET_WORDS = 30;
const MAX_FACET_VALUES = 100;
/** Typo and prefix variants kept per query word. */
const MAX_VARIANTS = 10;
/** Proximity of two query words that are not close in one attribute (Meilisearch's cap + 1). */
const FAR = 8;
/** Levels up to this size are ranked from in-memory titles directly, without asking FTS5 which titles match. */
const DIRECT_RANK_LIMIT = 400;
/** Autocomplete ranks at most this many title matches (the most recently indexed) by the full rules. */
const SUGGEST_POOL = 2000;
/** Scored queries rank at least this many best-scored documents (FTS5 sorts them by BM25F). */
const SCORED_POOL = 200;
/** Levels up to this size get BM25F scores inside their buckets; larger ones keep the bucket order alone. */
const SCORE_LEVEL_LIMIT = 3000;
/** FTS5 keeps an index of every prefix of one to this many characters (the tables' `prefix` option). */
const FTS5_PREFIX_INDEX = 3;
const FTS5_PREFIXES = Array.from({ length: FTS5_PREFIX_INDEX }, (_, i) => i + 1).join(" ");

/**
 * Bumped when what the index tables hold changes; an index in another format is rebuilt at start.
 * 2: body_k holds every word's key, for BM25F. 3: postings and document lengths of our own. 4: the
 * postings in blocks (term-postings.ts).
 */
const INDEX_FORMAT = "4";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,
  url TEXT,
  section TEXT NOT NULL,
  language TEXT NOT NULL,
  tags TEXT NOT NULL,
  authors TEXT NOT NULL,
  published_at TEXT NOT NULL,
  image_url TEXT,
  story_id TEXT,
  words INTEGER
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
  title, summary, body, title_k, summary_k, body_k,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='${FTS5_PREFIXES}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS heads USING fts5(
  title, summary, title_k, summary_k,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', prefix='${FTS5_PREFIXES}'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_terms USING fts5vocab(fts, 'col');
-- The typo vocabulary: folded words of titles, summaries and bodies, with their occurrences in the
-- documents held (kept with every write). Kept here because reading it back from fts_terms means
-- decoding the whole index at every start.
CREATE TABLE IF NOT EXISTS vocabulary (term TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Key terms per document, for moreLikeThis (related stories): a posting list per term.
CREATE TABLE IF NOT EXISTS keyterms (term TEXT NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS keyterms_doc ON keyterms (doc);
-- Documents per key term, kept by triggers: moreLikeThis's idf without counting posting lists.
CREATE TABLE IF NOT EXISTS keyterm_df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS keyterms_counted AFTER INSERT ON keyterms BEGIN
  INSERT INTO keyterm_df (term, n) VALUES (new.term, 1) ON CONFLICT(term) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS keyterms_uncounted AFTER DELETE ON keyterms BEGIN
  UPDATE keyterm_df SET n = n - 1 WHERE term = old.term;
END;
-- Related-stories profiles (SearchDocument.related), handed back with moreLikeThis's candidates;
-- apart from docs so that reading one never walks a body's overflow pages.
CREATE TABLE IF NOT EXISTS related_profiles (doc INTEGER PRIMARY KEY, profile TEXT NOT NULL);
-- The dates of documents apart from their text, for moreLikeThis's time window: read from the
-- table, each posting's date is behind the row's body (overflow pages).
CREATE INDEX IF NOT EXISTS docs_published ON docs (rowid, published_at);
${TERM_POSTINGS_SCHEMA}`;

/** collapse=story looks at this many best matches (the documents a total can count). */
const COLLAPSE_WINDOW = MAX_TOTAL_HITS;

/**
 * Every FTS5 segment costs one more b-tree probe per query term, and automerge alone leaves 5 to
 * 20 of them. The first search after enough writes merges the index into one segment (once, so a
 * bulk load does not pay for it batch after batch, and a trickle of single writes pays once per
 * tenth of the index); writes merge it themselves only past MAX_SEGMENTS, a safety valve. That
 * search also lays the typo trie out again when the words since have grown it (Vocabulary.compact).
 */
const MAX_SEGMENTS = 32;
/** Compaction before a search is skipped when the index has at most this many segments. */
const COMPACT_SEGMENTS = 2;
/** Writes before the next search compacts: at least this many, and a tenth of the index. */
const COMPACT_AFTER_WRITES = 64;
const COMPACT_AFTER_SHARE = 0.1;
/** A write transaction adds at most one segment per table, so segments are only counted this often. */
const SEGMENT_CHECK_EVERY = MAX_SEGMENTS;
/** Snippets look for matches in this much of the body first (the rest only when it has none). */
const SNIPPET_SCAN_CHARS = 4000;

// ---------------------------------------------------------------------------------------------
// In-memory view of a document

interface DocMeta {
  rowid: number;
  id: string;
  /** The story (collapse=story); the document's own id when it has none. */
  storyId: string;
  publishedMs: number;
  month: string;
  language: string;
  tags: string[];
  authors: string[];
  /** Folded values for case-insensitive filters. */
  foldedTags: string[];
  foldedAuthors: string[];
  foldedLanguage: string;
  foldedSection: string;
  /** Where the title and summary words start in the engine's DocWords (moves when it compacts). */
  text: number;
}

function analyse(text: string, language: string): Words {
  const norms = foldedWords(text);
  return { norms, keys: norms.map((n) => searchKey(n, language)), length: norms.length };
}

/** A stored row's fields (title, summary, body) analysed as they were indexed: postings and word counts to take out. */
function storedFields(row: Pick<DocRow, "title" | "summary" | "body" | "language">): [Words, Words, Words] {
  return [analyse(row.title ?? "", row.language), analyse(row.summary ?? "", row.language), analyse(row.body ?? "", row.language)];
}

function keysOf(fields: readonly [Words, Words, Words]): FieldKeys {
  return [fields[0].keys, fields[1].keys, fields[2].keys];
}

/** Adds the occurrences of each folded word of the fields to `counts`: what the typo vocabulary counts. */
function countWords(counts: Map<string, number>, fields: readonly Words[]): void {
  for (const { norms } of fields) for (const w of norms) counts.set(w, (counts.get(w) ?? 0) + 1);
}

function toMs(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
}

/** The document's in-memory view (rowid still 0) with its folded title and summary words added to `texts`. */
function metaOf(doc: SearchDocument, title: readonly string[], summary: readonly string[], texts: DocWords): DocMeta {
  const publishedMs = toMs(doc.publishedAt);
  const tags = texts.sharedList(doc.tags);
  const authors = texts.sharedList(doc.authors);
  const foldedTags = texts.sharedList(tags.map(foldText));
  const foldedAuthors = texts.sharedList(authors.map(foldText));
  const id = doc.id;
  // Every property in one literal: the object keeps them all in place, with no separate property store.
  return {
    rowid: 0,
    id,
    storyId: doc.storyId === undefined || doc.storyId === id ? id : doc.storyId,
    publishedMs,
    month: texts.shared(new Date(publishedMs).toISOString().slice(0, 7)),
    language: texts.shared(doc.language),
    tags,
    authors,
    foldedTags: sameList(foldedTags, tags) ? tags : foldedTags,
    foldedAuthors: sameList(foldedAuthors, authors) ? authors : foldedAuthors,
    foldedLanguage: texts.shared(foldText(doc.language)),
    foldedSection: texts.shared(foldText(doc.section)),
    text: texts.add(title, summary),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

// ---------------------------------------------------------------------------------------------
// Queries

/** One word of the query and everything it may match. */
interface QueryWord {
  norm: string;
  /** The word in Latin script, unstemmed: a text word of this form is the same word (code 0). */
  latin: string;
  /** Whole-word variants (the word, its match key, typo variants) → typos. */
  variants: Map<string, number>;
  /** Prefix variants (search-as-you-type on the last word) → typos. */
  prefixes: Map<string, number>;
  hasTypos: boolean;
  /** The next query word followed this one directly (no stop word between): a phrase pair. */
  adjacentToNext: boolean;
  /** The index holds the word as typed. */
  known: boolean;
  /** A word still being typed that some indexed word starts with, as typed (no typo). */
  completes: boolean;
  /** A far more frequent neighbour, within the typo budget, of a word the index lacks or rarely has (did you mean). */
  correction: string | null;
  /** Typos between the word and its correction. */
  correctionTypos: number;
}

/** A phrase of a synonym group, in folded words and in match keys. */
interface Phrase {
  norms: string[];
  keys: string[];
}

/** What the words ranking rule counts: one query word, or a span of words that has synonyms. */
interface Term {
  /** Indexes into CompiledQuery.words. */
  words: number[];
  synonyms: Phrase[];
}

interface CompiledQuery {
  words: QueryWord[];
  terms: Term[];
  /** Per level (terms matched), the terms it keeps, in query order: the frequency strategy. */
  kept: number[][];
  /** Ranked by weighted score first (SCORED_FROM_WORDS or more different words: a repeated word does not make a topic). */
  scored: boolean;
  /** Stop words were left out of the query's words. */
  skipsStopWords: boolean;
  /** The stop words typed before each query word, and after the last one (one more entry), space-joined. */
  stopWordsBefore: string[];
  /** By query word, a far more frequent spelling the index knows: for "did you mean". */
  corrections: Map<number, string>;
  /** The corrections also match, as typos: no document held the words as typed (withCorrections). */
  corrected: boolean;
}

/** How a text word matched a query word: 0 exact, 1 other 0-typo form, 2 one typo, 3 two; -1 none. */
type MatchCode = number;
const NO_MATCH = -1;
const typosOf = (code: MatchCode) => (code <= 1 ? 0 : code - 1);

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

function wordExpression(word: QueryWord, typos: boolean): string {
  const parts: string[] = [];
  for (const [variant, n] of word.variants) if (typos || n === 0) parts.push(quote(variant));
  for (const [prefix, n] of word.prefixes) if (typos || n === 0) parts.push(`${quote(prefix)}*`);
  return parts.length === 1 ? parts[0] : `(${parts.join(" OR ")})`;
}

function termExpression(query: CompiledQuery, term: Term, typos: boolean): string {
  const own = term.words.map((w) => wordExpression(query.words[w], typos));
  const alternatives = [own.length === 1 ? own[0] : `(${own.join(" AND ")})`];
  for (const phrase of term.synonyms) {
    alternatives.push(quote(phrase.norms.join(" ")));
    if (phrase.keys.join(" ") !== phrase.norms.join(" ")) alternatives.push(quote(phrase.keys.join(" ")));
  }
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(" OR ")})`;
}

/** The query with each word's correction (did you mean) as one more typo variant: see withCorrections. */
function readWithCorrections(query: CompiledQuery): CompiledQuery {
  const words = query.words.map((w) =>
    w.correction === null || w.variants.has(w.correction) ? w : { ...w, variants: new Map(w.variants).set(w.correction, w.correctionTypos), hasTypos: true },
  );
  return { ...query, words, corrected: true };
}

/** Some word of the terms is still being typed and has a prefix variant with a typo. */
function hasTypoPrefix(query: CompiledQuery, terms: readonly Term[]): boolean {
  return terms.some((term) => term.words.some((w) => [...query.words[w].prefixes.values()].some((typos) => typos > 0)));
}

/** FTS5 expression requiring the terms a level of `count` keeps; built only from quoted terms. */
function matchExpression(query: CompiledQuery, count: number, typos = true): string {
  return query.kept[count].map((t) => termExpression(query, query.terms[t], typos)).join(" AND ");
}

/**
 * What a level's documents (which all hold its terms, typos allowed) must also match to hold them
 * all as typed; null when no term has a typo variant. A term without one is already held as typed,
 * so it is asked again only to narrow the answer, and not when it holds a prefix longer than FTS5
 * indexes: FTS5 would merge every word under that prefix a second time ("dreeweand chea").
 */
function typoFreeExpression(query: CompiledQuery, level: number): string | null {
  const hasTypos = (term: Term) => term.words.some((w) => query.words[w].hasTypos);
  const longPrefix = (term: Term) => term.words.some((w) => [...query.words[w].prefixes.keys()].some((p) => [...p].length > FTS5_PREFIX_INDEX));
  const terms = query.kept[level].map((t) => query.terms[t]);
  if (!terms.some(hasTypos)) return null;
  return terms
    .filter((term) => hasTypos(term) || !longPrefix(term))
    .map((term) => termExpression(query, term, false))
    .join(" AND ");
}

/**
 * FTS5 expression for the weighted score: any of the terms (or, with `every`, all of them; every
 * term of the query unless given), in the match-key columns only (stemmed, every position), and
 * each pair of their words typed next to each other as a phrase, which BM25 then weighs as a term
 * of its own: the phrase bonus. Exported for the test that holds weightedScores to FTS5's bm25().
 */
export function scoreExpression(query: CompiledQuery, pairs: boolean, terms: readonly number[] = query.terms.map((_, t) => t), every = false): string {
  const groups = terms.map((t) => scoredTerm(query, query.terms[t]));
  if (pairs) groups.push(...phrasePairs(query, terms).map(quote));
  return `${SCORED_COLUMNS} : (${groups.join(every ? " AND " : " OR ")})`;
}

/** The pairs of the terms' words typed next to each other, as match-key phrases: the phrase bonus. */
function phrasePairs(query: CompiledQuery, terms: readonly number[]): string[] {
  const included = new Set(terms.flatMap((t) => query.terms[t].words));
  const pairs: string[] = [];
  for (let i = 1; i < Math.min(query.words.length, FULLY_READ_WORDS); i++) {
    const [a, b] = [query.words[i - 1], query.words[i]];
    if (a.adjacentToNext && b.prefixes.size === 0 && included.has(i - 1) && included.has(i)) pairs.push(`${searchKey(a.norm)} ${searchKey(b.norm)}`);
  }
  return pairs;
}

/** The match-key columns, stemmed with every position: what the weighted score reads. */
const SCORED_COLUMNS = "{title_k summary_k body_k}";

/** One term as the weighted score counts it: its forms as typed, and typo variants only where they stand in for it. */
function scoredTerm(query: CompiledQuery, term: Term): string {
  const alternatives = scoredAlternatives(query.words, term).map((a) => (a.prefix ? `${quote(a.text)}*` : quote(a.text)));
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(" OR ")})`;
}

/** The forms scoredTerm counts, each once: match keys, key prefixes, and synonym phrases (keys joined by spaces). */
function scoredAlternatives(words: readonly QueryWord[], term: Term): PostingsPhrase[] {
  const alternatives = new Map<string, PostingsPhrase>();
  const add = (text: string, prefix: boolean) => alternatives.set(`${prefix ? "*" : " "}${text}`, { text, prefix });
  for (const w of term.words) {
    const word = words[w];
    // Typo variants weigh only for a word the index lacks as typed: a known word is scored as itself.
    for (const [variant, typos] of word.variants) if (typos === 0 || !word.known) add(searchKey(variant), false);
    for (const [prefix, typos] of word.prefixes) if (typos === 0 || !word.completes) add(prefix, true);
  }
  for (const phrase of term.synonyms) add(phrase.keys.join(" "), false);
  return [...alternatives.values()];
}

/** One token to FTS5's tokenizer (unicode61: letters, digits and private-use characters), so one posting key. */
const SINGLE_TOKEN = /^[\p{L}\p{N}\p{Co}]+$/u;

/** Per query, how each distinct text word matches each query word (memoised: titles share words). */
class Matcher {
  private memo = new Map<string, Int8Array>();
  /** Returned for every word that matches no query word (most words); never written to. */
  private readonly none: Int8Array;
  /** Prefix variants of each query word as arrays: the match loop runs once per distinct text word. */
  private readonly prefixes: Array<{ terms: string[]; typos: number[] }>;
  /** Every term is the query word of the same index (no synonym span), which rankHeads can scan for directly. */
  readonly plain: boolean;
  /** The term each query word belongs to. */
  readonly termOfWord: Int32Array;
  /** Reused by rankHeads for every candidate of the query. */
  readonly titleScan: TermScan;
  readonly summaryScan: TermScan;
  /** Reused by matchWords: occurrences of each term in the window of a snippet being read. */
  readonly windowCounts: Int32Array;
  /** First UTF-16 units of every variant and prefix: a word and key starting otherwise match nothing. */
  private readonly initials = new Set<number>();
  /** Reused for every candidate's title and summary. */
  private readonly titleWords = emptyWords();
  private readonly summaryWords = emptyWords();

  constructor(
    readonly query: CompiledQuery,
    private readonly texts: DocWords,
  ) {
    const size = query.words.length;
    this.none = new Int8Array(size).fill(NO_MATCH);
    for (const word of query.words) {
      for (const variant of word.variants.keys()) this.initials.add(variant.charCodeAt(0));
      for (const prefix of word.prefixes.keys()) this.initials.add(prefix.charCodeAt(0));
    }
    this.prefixes = query.words.map((w) => ({ terms: [...w.prefixes.keys()], typos: [...w.prefixes.values()] }));
    this.plain = query.terms.every((t, i) => t.synonyms.length === 0 && t.words.length === 1 && t.words[0] === i);
    this.termOfWord = new Int32Array(size);
    query.terms.forEach((term, t) => term.words.forEach((w) => (this.termOfWord[w] = t)));
    this.titleScan = new TermScan(query.terms.length);
    this.summaryScan = new TermScan(query.terms.length);
    this.windowCounts = new Int32Array(query.terms.length);
  }

  /** The document's title words, valid until the next title is read. */
  title(meta: DocMeta): Words {
    return this.texts.title(meta.text, meta.language, this.titleWords);
  }

  /** The document's summary words, valid until the next summary is read. */
  summary(meta: DocMeta): Words {
    return this.texts.summary(meta.text, meta.language, this.summaryWords);
  }

  /**
   * How the title's first word matches the query's first word, stop words the query left out
   * passed over: as wholeTitleMatch reads it, without reading the rest of the title.
   */
  leadingCode(meta: DocMeta): MatchCode {
    const length = this.texts.titleLength(meta.text);
    for (let i = 0; i < length; i++) {
      const norm = this.texts.titleWord(meta.text, i);
      const code = this.codes(norm, this.texts.titleKey(meta.text, i, meta.language));
      if (readsAsQueryWord(this.query, 0, code[0])) return code[0];
      if (!this.query.skipsStopWords || !isStopWord(norm)) return NO_MATCH;
    }
    return NO_MATCH;
  }

  hasSummary(meta: DocMeta): boolean {
    return this.texts.summaryLength(meta.text) > 0;
  }

  /** Whether a word of ASCII letters and digits starting with this character may match (see codes). */
  readonly wants = (firstUnit: number): boolean => this.initials.has(firstUnit) || asciiKeyMayChangeInitial(firstUnit);

  /** `key` is the word's match key when at hand; it is only needed the first time a word is seen. */
  codes(norm: string, key?: string): Int8Array {
    // Most words of a text share no first letter with any variant: answered without a lookup.
    if (!this.initials.has(norm.charCodeAt(0))) {
      if (key !== undefined ? !this.initials.has(key.charCodeAt(0)) : !keyMayChangeInitial(norm)) return this.none;
    }
    const known = this.memo.get(norm);
    if (known !== undefined) return known;
    const codes = this.compute(norm, key ?? searchKey(norm));
    this.memo.set(norm, codes);
    return codes;
  }

  private compute(norm: string, key: string): Int8Array {
    const size = this.query.words.length;
    let codes: Int8Array | null = null;
    for (let i = 0; i < size; i++) {
      const code = this.matchCode(i, norm, key);
      if (code !== NO_MATCH) {
        codes ??= new Int8Array(size).fill(NO_MATCH);
        codes[i] = code;
      }
    }
    return codes ?? this.none;
  }

  private matchCode(w: number, norm: string, key: string): MatchCode {
    const word = this.query.words[w];
    if (norm === word.norm) return 0;
    let best = Infinity;
    const byNorm = word.variants.get(norm);
    if (byNorm !== undefined) best = byNorm;
    const byKey = word.variants.get(key);
    if (byKey !== undefined && byKey < best) best = byKey;
    const { terms, typos } = this.prefixes[w];
    for (let i = 0; i < terms.length; i++) {
      if (typos[i] < best && (norm.startsWith(terms[i]) || key.startsWith(terms[i]))) best = typos[i];
    }
    if (best === Infinity) return NO_MATCH;
    // The same word in another script (Путин, Putin) is exact; only a stem's other forms are not.
    if (best === 0 && word.prefixes.size === 0 && prefixKey(norm) === word.latin) return 0;
    return best + 1;
  }
}

/** Per term of a plain query, what one run of words holds; rankHeads reuses one per query. */
class TermScan {
  /** Best match code. */
  readonly code: Int8Array;
  /** First position (-1: none). */
  readonly first: Int32Array;
  /** Latest position seen so far while scanning. */
  readonly last: Int32Array;
  /** Closest distance to the previous term (FAR when none is closer). */
  readonly pair: Int32Array;

  constructor(terms: number) {
    this.code = new Int8Array(terms);
    this.first = new Int32Array(terms);
    this.last = new Int32Array(terms);
    this.pair = new Int32Array(terms);
  }
}

/**
 * termHits and pairProximity in one pass without allocating, for plain queries (term t is query
 * word t). For proximity each position looks at the latest earlier position of the previous term
 * (distance q − p) and the latest position so far of the next term (p − q + 1): the closest of
 * all pairs is always among those.
 */
function scanPlain(matcher: Matcher, text: Words, count: number, out: TermScan): void {
  const { code, first, last, pair } = out;
  for (let t = 0; t < count; t++) {
    code[t] = NO_MATCH;
    first[t] = -1;
    last[t] = -1;
    pair[t] = FAR;
  }
  const n = text.length;
  // When the query left its stop words out, the text's are not counted either: "talks will not
  // delay" holds "talks delay" as close as "talks delayed" does.
  const skipStopWords = matcher.query.skipsStopWords;
  // i: the word; p: its position, stop words aside when skipped.
  for (let i = 0, p = 0; i < n; i++) {
    const codes = matcher.codes(text.norms[i], text.keys[i]);
    let any = false;
    for (let t = 0; t < count; t++) {
      const c = codes[t];
      if (c === NO_MATCH) continue;
      any = true;
      if (first[t] < 0) first[t] = p;
      if (code[t] === NO_MATCH || c < code[t]) code[t] = c;
      if (t > 0 && last[t - 1] >= 0 && p - last[t - 1] < pair[t]) pair[t] = p - last[t - 1];
    }
    if (!any) {
      if (!skipStopWords || !isStopWord(text.norms[i])) p++;
      continue;
    }
    for (let t = 0; t < count; t++) if (codes[t] !== NO_MATCH) last[t] = p;
    for (let t = 0; t + 1 < count; t++) {
      if (codes[t] !== NO_MATCH && last[t + 1] >= 0 && p - last[t + 1] + 1 < pair[t + 1]) pair[t + 1] = p - last[t + 1] + 1;
    }
    p++;
  }
}

/** Where each term matches in a run of words: best code and positions. */
interface TermHits {
  code: MatchCode;
  positions: number[];
}

/** Hits of the given terms. */
function termHits(matcher: Matcher, text: Words, which: readonly number[]): TermHits[] {
  const { query } = matcher;
  const n = text.length;
  const codes: Int8Array[] = [];
  for (let i = 0; i < n; i++) codes.push(matcher.codes(text.norms[i], text.keys[i]));
  return which.map((t) => query.terms[t]).map((term) => {
    const hits: TermHits = { code: NO_MATCH, positions: [] };
    const record = (position: number, code: MatchCode) => {
      hits.positions.push(position);
      if (hits.code === NO_MATCH || code < hits.code) hits.code = code;
    };
    for (let i = 0; i < n; i++) {
      // The span's own words, in order.
      let worst = 0;
      for (let j = 0; j < term.words.length && worst !== NO_MATCH; j++) {
        const c = i + j < n ? codes[i + j][term.words[j]] : NO_MATCH;
        worst = c === NO_MATCH ? NO_MATCH : Math.max(worst, c);
      }
      if (worst !== NO_MATCH) {
        record(i, worst);
        continue;
      }
      for (const phrase of term.synonyms) {
        if (phraseAt(phrase, text, i)) {
          record(i, 1);
          break;
        }
      }
    }
    return hits;
  });
}

function phraseAt(phrase: Phrase, text: Words, at: number): boolean {
  if (at + phrase.norms.length > text.length) return false;
  return phrase.norms.every((norm, j) => text.norms[at + j] === norm || text.keys[at + j] === phrase.keys[j]);
}

/** Meilisearch's proximity between consecutive terms, within one run of words. */
function pairProximity(a: TermHits, b: TermHits): number {
  let best = FAR;
  for (const p of a.positions) {
    for (const q of b.positions) {
      const d = q > p ? q - p : p - q + 1;
      if (d < best) best = d;
    }
  }
  return Math.min(best, FAR - 1);
}

interface Ranked {
  meta: DocMeta;
  /** Terms matched (the words rule). */
  level: number;
  typos: number;
  proximity: number;
  attribute: number;
  position: number;
  /** How the title reads as the query: see wholeTitleMatch. */
  wholeTitle: number;
  exactWords: number;
  /** BM25F of the match with freshness (0 when not computed). */
  score: number;
}

function newRanked(meta: DocMeta, level: number): Ranked {
  return { meta, level, typos: 0, proximity: 0, attribute: 0, position: 0, wholeTitle: 0, exactWords: 0, score: 0 };
}

/**
 * Meilisearch's bucket order, with the weighted score deciding among documents equal on words,
 * typo, proximity, attribute and exactness: which of them uses the words more, and rarer ones, and
 * is fresher (before the position of the words in the title, which Meilisearch's attribute rule
 * weighs, and recency, which alone broke those ties before).
 */
function compareRanked(a: Ranked, b: Ranked): number {
  return (
    b.level - a.level ||
    a.typos - b.typos ||
    a.proximity - b.proximity ||
    a.attribute - b.attribute ||
    b.wholeTitle - a.wholeTitle ||
    b.exactWords - a.exactWords ||
    b.score - a.score ||
    a.position - b.position ||
    b.meta.publishedMs - a.meta.publishedMs ||
    b.meta.rowid - a.meta.rowid
  );
}

/**
 * Ranking features from the title and summary (body-only matches count as far and low).
 * Returns whether title and summary hold every term, which settles the typo count.
 */
function rankHeads(candidate: Ranked, matcher: Matcher, withSummary = true): boolean {
  if (!matcher.plain) return rankHeadsWithSpans(candidate, matcher, withSummary);
  const level = candidate.level;
  const kept = matcher.query.kept[level];
  const all = matcher.query.terms.length;
  const { meta } = candidate;
  const title = matcher.titleScan;
  const titleWords = matcher.title(meta);
  scanPlain(matcher, titleWords, all, title);
  let titleHasAll = true;
  for (const t of kept) if (title.code[t] === NO_MATCH) titleHasAll = false;
  // A title holding every term settles typos and attribute; the summary could only add proximity.
  let summary: TermScan | null = null;
  if (withSummary && !titleHasAll && matcher.hasSummary(meta)) {
    summary = matcher.summaryScan;
    scanPlain(matcher, matcher.summary(meta), all, summary);
  }

  let typos = 0;
  let attribute = 0;
  let position = 0;
  let exactWords = 0;
  let complete = true;
  for (const t of kept) {
    const inTitle = title.code[t];
    const inSummary = summary ? summary.code[t] : NO_MATCH;
    const code = inTitle !== NO_MATCH ? inTitle : inSummary;
    position += inTitle !== NO_MATCH ? title.first[t] : 64;
    attribute += inTitle !== NO_MATCH ? 0 : inSummary !== NO_MATCH ? 1 : 2;
    if (code !== NO_MATCH) typos += typosOf(code);
    else complete = false;
    if (code === 0) exactWords++;
  }
  let proximity = 0;
  for (let k = 1; k < kept.length; k++) {
    const t = kept[k];
    // Proximity is between words next to each other in the query; a dropped word between two kept
    // ones leaves them far for every document of the level alike.
    if (kept[k - 1] !== t - 1) {
      proximity += FAR - 1;
      continue;
    }
    let p = FAR;
    if (title.code[t - 1] !== NO_MATCH && title.code[t] !== NO_MATCH) p = Math.min(title.pair[t], FAR - 1);
    if (summary && summary.code[t - 1] !== NO_MATCH && summary.code[t] !== NO_MATCH) p = Math.min(p, summary.pair[t], FAR - 1);
    proximity += p;
  }
  candidate.typos = typos;
  candidate.proximity = proximity;
  candidate.attribute = attribute;
  candidate.position = position;
  candidate.exactWords = exactWords;
  candidate.wholeTitle = wholeTitleMatch(matcher, titleWords, level);
  return complete;
}

/** rankHeads for queries with synonym spans, whose terms may cover several words or phrases. */
function rankHeadsWithSpans(candidate: Ranked, matcher: Matcher, withSummary: boolean): boolean {
  const kept = matcher.query.kept[candidate.level];
  const terms = kept.map((t) => matcher.query.terms[t]);
  const titleWords = matcher.title(candidate.meta);
  const title = termHits(matcher, titleWords, kept);
  // A title holding every term settles typos and attribute; the summary could only add proximity.
  const titleHasAll = title.every((t) => t.code !== NO_MATCH);
  const summary = withSummary && !titleHasAll && matcher.hasSummary(candidate.meta) ? termHits(matcher, matcher.summary(candidate.meta), kept) : null;

  let typos = 0;
  let attribute = 0;
  let position = 0;
  let exactWords = 0;
  let complete = true;
  terms.forEach((_, i) => {
    const t = title[i];
    const s = summary?.[i];
    const code = t.code !== NO_MATCH ? t.code : (s?.code ?? NO_MATCH);
    if (t.code !== NO_MATCH) position += t.positions[0];
    else position += 64;
    attribute += t.code !== NO_MATCH ? 0 : s && s.code !== NO_MATCH ? 1 : 2;
    if (code !== NO_MATCH) typos += typosOf(code);
    else complete = false;
    if (code === 0) exactWords++;
  });
  let proximity = 0;
  for (let i = 1; i < terms.length; i++) {
    let p = FAR;
    if (title[i - 1].code !== NO_MATCH && title[i].code !== NO_MATCH) p = pairProximity(title[i - 1], title[i]);
    if (summary && summary[i - 1].code !== NO_MATCH && summary[i].code !== NO_MATCH) p = Math.min(p, pairProximity(summary[i - 1], summary[i]));
    proximity += p;
  }
  candidate.typos = typos;
  candidate.proximity = proximity;
  candidate.attribute = attribute;
  candidate.position = position;
  candidate.exactWords = exactWords;
  candidate.wholeTitle = wholeTitleMatch(matcher, titleWords, candidate.level);
  return complete;
}

/**
 * Whether a title word matching query word `w` with `code` counts for the title reading as the
 * query. Typos are counted by their own rule; another form of a finished word ("House" for
 * "housing") is not the title reading as the query.
 */
function readsAsQueryWord(query: CompiledQuery, w: number, code: MatchCode): boolean {
  return code !== NO_MATCH && (code !== 1 || query.words[w].prefixes.size > 0);
}

/** wholeTitleMatch: the title reads as the query words in order, or starts with them. */
const TITLE_IS_QUERY = 3;
const TITLE_STARTS_WITH_QUERY = 1;

/**
 * Whether the title reads as the query words, in order (TITLE_IS_QUERY), or starts with them
 * (TITLE_STARTS_WITH_QUERY), 0 if neither; one more when its stop words are also the ones typed
 * between them ("asks Japan to end" over "asks Japan end" for the query "asks Japan to end").
 */
function wholeTitleMatch(matcher: Matcher, title: Words, level: number): number {
  const { query } = matcher;
  if (level < query.terms.length) return 0;
  const n = query.words.length;
  // Stop words of the title are passed over, as the query's were.
  let w = 0;
  let i = 0;
  let passed = "";
  let asTyped = true;
  for (; i < title.length && w < n; i++) {
    const matches = readsAsQueryWord(query, w, matcher.codes(title.norms[i], title.keys[i])[w]);
    // A stop word the query left out is passed over; one the query kept ("U.S" typed: "s") is not.
    if (!matches && query.skipsStopWords && isStopWord(title.norms[i])) {
      passed = passed ? `${passed} ${title.norms[i]}` : title.norms[i];
      continue;
    }
    if (!matches) return 0;
    if (passed !== query.stopWordsBefore[w]) asTyped = false;
    passed = "";
    w++;
  }
  if (w < n) return 0;
  for (; i < title.length && query.skipsStopWords && isStopWord(title.norms[i]); i++) passed = passed ? `${passed} ${title.norms[i]}` : title.norms[i];
  if (i < title.length) return TITLE_STARTS_WITH_QUERY + Number(asTyped);
  return TITLE_IS_QUERY + Number(asTyped && passed === query.stopWordsBefore[n]);
}

/**
 * Typos of a title that reads as the query: for each query word, the fewest of the title words
 * matching it. Only read for such titles, where each query word matched one of them.
 */
function titleTypos(matcher: Matcher, title: Words): number {
  let typos = 0;
  for (let w = 0; w < matcher.query.words.length; w++) {
    let fewest = Infinity;
    for (let i = 0; i < title.length && fewest > 0; i++) {
      const code = matcher.codes(title.norms[i], title.keys[i])[w];
      if (code !== NO_MATCH) fewest = Math.min(fewest, typosOf(code));
    }
    if (fewest !== Infinity) typos += fewest;
  }
  return typos;
}

/**
 * Scored queries: titles reading as the query first, those spelt as typed before those reading
 * as it through a typo (the typo rule comes before the others, as in compareRanked); then the
 * weighted score.
 */
function compareScored(a: Ranked, b: Ranked): number {
  return (
    Number(b.wholeTitle > 0) - Number(a.wholeTitle > 0) ||
    a.typos - b.typos ||
    b.wholeTitle - a.wholeTitle ||
    b.score - a.score ||
    b.meta.publishedMs - a.meta.publishedMs ||
    b.meta.rowid - a.meta.rowid
  );
}

// ---------------------------------------------------------------------------------------------
// Filters and facets

function parseBound(value: string, end: boolean): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    // A date as upper bound includes that whole day.
    return end ? start + 86_400_000 - 1 : start;
  }
  return Date.parse(value);
}

/** Whether any filter is set: without one, compileFilter's test passes every document. */
function hasFilter(filters: SearchFilters): boolean {
  const set = (values: string[] | undefined) => values !== undefined && values.length > 0;
  return set(filters.tags) || set(filters.authors) || set(filters.language) || set(filters.section) || set(filters.month) || filters.from !== undefined || filters.to !== undefined;
}

function compileFilter(filters: SearchFilters): (meta: DocMeta) => boolean {
  const asSet = (values: string[] | undefined) => (values && values.length > 0 ? new Set(values.map(foldText)) : null);
  const tags = asSet(filters.tags);
  const authors = asSet(filters.authors);
  const language = asSet(filters.language);
  const section = asSet(filters.section);
  const month = filters.month && filters.month.length > 0 ? new Set(filters.month) : null;
  // A bound that is not a date matches nothing rather than being dropped silently.
  const from = filters.from !== undefined ? parseBound(filters.from, false) : -Infinity;
  const to = filters.to !== undefined ? parseBound(filters.to, true) : Infinity;
  return (meta) => {
    if (tags && !meta.foldedTags.some((t) => tags.has(t))) return false;
    if (authors && !meta.foldedAuthors.some((a) => authors.has(a))) return false;
    if (language && !language.has(meta.foldedLanguage)) return false;
    if (section && !section.has(meta.foldedSection)) return false;
    if (month && !month.has(meta.month)) return false;
    return meta.publishedMs >= from && meta.publishedMs <= to;
  };
}

/** Adds one to each value's count, a value listed twice once: no allocation, as this runs for every match. */
function countValues(counts: Map<string, number>, values: readonly string[]): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i === 0 || values.indexOf(value) === i) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
}

function countFacets(metas: Iterable<DocMeta>, facets: FacetName[]): SearchResult["facets"] {
  if (facets.length === 0) return {};
  const counts = new Map<FacetName, Map<string, number>>(facets.map((f) => [f, new Map()]));
  const [tags, authors, language, month] = (["tags", "authors", "language", "month"] as const).map((f) => counts.get(f));
  for (const meta of metas) {
    if (tags) countValues(tags, meta.tags);
    if (authors) countValues(authors, meta.authors);
    if (language) language.set(meta.language, (language.get(meta.language) ?? 0) + 1);
    if (month) month.set(meta.month, (month.get(meta.month) ?? 0) + 1);
  }
  const out: SearchResult["facets"] = {};
  for (const [facet, values] of counts) {
    const top = [...values].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_FACET_VALUES);
    out[facet] = Object.fromEntries(top);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The engine

interface DocRow {
  rowid: number;
  id: string;
  title: string;
  summary: string;
  body: string;
  url: string | null;
  section: string;
  language: string;
  tags: string;
  authors: string;
  published_at: string;
  image_url: string | null;
  story_id?: string | null;
  /** Words of title, summary and body: the length BM25 weighs counts against. */
  words?: number | null;
}

/** A document ready for the index: its in-memory view and the text FTS5 receives. */
interface Analysed {
  doc: SearchDocument;
  meta: DocMeta;
  title: Words;
  summary: Words;
  body: Words;
}

/**
 * `mltPostings`: postings read per term by moreLikeThis (more-like-this.ts); `broadTermFloor`: see
 * BROAD_TERM_FLOOR. Both smaller in tests only.
 */
export async function createEmbeddedEngine(opts: { path: string; mltPostings?: number; broadTermFloor?: number }): Promise<SearchEngine> {
  const engine = new EmbeddedEngine(opts.path, opts.mltPostings, opts.broadTermFloor);
  await engine.init();
  return engine;
}

/**
 * The candidates of one level (terms matched). A level of more than MAX_TOTAL_HITS new documents
 * is first only counted that far: unless a filter, facets or sort=newest need all of them,
 * ranking reads them only when too few of their titles hold the level's words.
 */
interface Level {
  expression: string;
  /** Found at this level and no higher one; null while not read. */
  docs: DocMeta[] | null;
  /** docs.length, or more than MAX_TOTAL_HITS while not read. */
  count: number;
}

/** What a search found before its hits are loaded: the shown documents, the matches counted, facets. */
interface Found {
  total: number;
  shown: DocMeta[];
  facets: SearchResult["facets"];
  /** Null for a search without words (browsing). */
  query: CompiledQuery | null;
  matcher: Matcher | null;
}

/** Candidates of a search, by level (index 0 unused). */
interface Candidates {
  levels: Level[];
  count: number;
  /** The search's mark in EmbeddedEngine.candidateMarks. */
  mark: number;
}

/** Every title's folded text in sorted order, with the document's rowid and date at the same place. */
interface TitleOrder {
  /** The first place whose text is not below `text`. */
  lowerBound(text: string): number;
  /** The places of the texts starting with `prefix`: [from, to). */
  range(prefix: string): [number, number];
  /** Rowids of the `count` newest documents in [from, to) that `accept` lets through, newest first. */
  newest(from: number, to: number, count: number, accept: (rowid: number) => boolean): number[];
}

function sortTitles(metas: DocMeta[], texts: DocWords): TitleOrder {
  const entries = metas.map((meta) => ({ text: texts.titleText(meta.text), meta })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const sorted = entries.map((e) => e.text);
  const rowids = Int32Array.from(entries, (e) => e.meta.rowid);
  const published = Float64Array.from(entries, (e) => e.meta.publishedMs);
  const lowerBound = (text: string) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < text) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Dates and rowids sit in typed arrays: reading a few thousand of them in a row costs little,
  // where one object per title cost a cache miss or two each.
  const later = (i: number, j: number) => published[i] > published[j] || (published[i] === published[j] && rowids[i] > rowids[j]);
  return {
    lowerBound,
    // Past every text starting with the prefix: its last UTF-16 unit one higher (the sort's order).
    range: (prefix) => [lowerBound(prefix), lowerBound(prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1))],
    newest(from, to, count, accept) {
      const best: number[] = [];
      for (let i = from; i < to; i++) {
        if (best.length === count && !later(i, best[count - 1])) continue;
        if (!accept(rowids[i])) continue;
        let at = best.length;
        while (at > 0 && later(i, best[at - 1])) at--;
        best.splice(at, 0, i);
        if (best.length > count) best.pop();
      }
      return best.map((i) => rowids[i]);
    },
  };
}

/** The k best items by `compare` (best first), without sorting the rest. */
function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4) return [...items].sort(compare).slice(0, k);
  // Binary max-heap of the k best so far: its root is the worst of them.
  const heap: T[] = [];
  const worse = (i: number, j: number) => compare(heap[i], heap[j]) > 0;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0 && worse(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (k > 0 && compare(item, heap[0]) < 0) {
      heap[0] = item;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < k && worse(l, m)) m = l;
        if (r < k && worse(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  }
  return heap.sort(compare);
}

class EmbeddedEngine implements SearchEngine {
  readonly name = "embedded" as const;
  private readonly db: Database.Database;
  /** Every document by rowid (holes where rows were removed). */
  private readonly byRowid: Array<DocMeta | undefined> = [];
  private docCount = 0;
  /**
   * Scratch of the search running now (searches run synchronously), by rowid: the search that last
   * found the document, and the level it is a candidate at there (0: filtered out). Typed arrays
   * rather than fields of DocMeta: the loop over thousands of matches then stays in two arrays.
   */
  private candidateMarks = new Uint32Array(0);
  private candidateLevels = new Uint8Array(0);
  /** Each document's words (title, summary, body) by rowid, and their sum: BM25's lengths. */
  private docWords = new Uint32Array(0);
  private totalWords = 0;
  /** Scratch of weightedScores, by rowid; all zeros between searches. */
  private weighted = new Float64Array(0);
  private readonly postings: TermPostings;
  /** Numbers searches, for candidateMarks. */
  private searchCount = 0;
  private readonly vocabulary = new Vocabulary();
  /** The words of titles and summaries, for ranking. */
  private readonly texts = new DocWords();
  /** Synonym phrases by the match key of their first word. */
  private synonymIndex = new Map<string, Array<{ phrase: Phrase; group: Phrase[] }>>();
  /** Built on demand after writes: documents newest first, and titles in folded-text order. */
  private newestFirst: DocMeta[] | null = null;
  /** The latest publishedAt ever indexed (removals leave it: a stale value only keeps a bound applied). */
  private newestPublishedMs = -Infinity;
  private titleOrder: TitleOrder | null = null;
  private readonly statements = new Map<string, Database.Statement>();
  private transactionsSinceSegmentCheck = 0;
  private writesSinceCompaction = 0;
  private loaded = false;
  /** Freshness of the search running now (searches run synchronously). */
  private freshness = { now: 0, halfLife: 0 };

  constructor(
    path: string,
    private readonly mltPostings = MLT_POSTINGS,
    private readonly broadTermFloor = BROAD_TERM_FLOOR,
  ) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
    // Files written before stories existed gain the column; their documents are their own stories until reindexed.
    const columns = this.db.prepare("SELECT name FROM pragma_table_info('docs')").pluck().all() as string[];
    if (!columns.includes("story_id")) this.db.exec("ALTER TABLE docs ADD COLUMN story_id TEXT");
    // Files written before the weighted score had postings of its own: counted by the rebuild (INDEX_FORMAT).
    if (!columns.includes("words")) this.db.exec("ALTER TABLE docs ADD COLUMN words INTEGER");
    this.postings = new TermPostings(this.db);
    // Files written before the counts existed: counted once from the posting lists.
    if (this.db.prepare("SELECT 1 FROM keyterm_df LIMIT 1").get() === undefined && this.db.prepare("SELECT 1 FROM keyterms LIMIT 1").get() !== undefined) {
      this.db.exec("INSERT INTO keyterm_df (term, n) SELECT term, count(*) FROM keyterms GROUP BY term");
    }
  }

  private statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  async init(): Promise<void> {
    if (this.loaded) return;
    const rows = this.statement("SELECT rowid, id, title, summary, section, language, tags, authors, published_at, story_id, words FROM docs").all() as DocRow[];
    for (const row of rows) {
      const doc = rowToDocument({ ...row, body: "" });
      // Folded words only: match keys are looked up when a search reads the text.
      const meta = metaOf(doc, foldedWords(doc.title), foldedWords(doc.summary), this.texts);
      meta.rowid = row.rowid;
      this.setMeta(meta, row.words ?? 0);
    }
    const countsKept = this.statement("SELECT value FROM settings WHERE name = 'vocabulary_counts'").pluck().get() === "kept";
    if (!countsKept) {
      // A file whose vocabulary kept only each word's first count (or has none): counted once from the index.
      this.db.transaction(() => {
        this.db.exec("DELETE FROM vocabulary; INSERT INTO vocabulary (term, count) SELECT term, sum(cnt) FROM fts_terms WHERE col IN ('title', 'summary', 'body') GROUP BY term");
        this.statement("INSERT INTO settings (name, value) VALUES ('vocabulary_counts', 'kept') ON CONFLICT(name) DO UPDATE SET value = excluded.value").run();
      })();
    }
    const terms = this.statement("SELECT term, count FROM vocabulary").raw().iterate() as IterableIterator<[string, number]>;
    for (const [term, n] of terms) this.vocabulary.add(term, n);
    this.vocabulary.addedSorted(); // the table's primary key order
    const format = this.statement("SELECT value FROM settings WHERE name = 'index_format'").pluck().get() as string | undefined;
    if (format !== INDEX_FORMAT) this.rebuildFts(rows.length > 0);
    const synonyms = this.statement("SELECT value FROM settings WHERE name = 'synonyms'").pluck().get() as string | undefined;
    this.indexSynonyms(synonyms ? (JSON.parse(synonyms) as string[][]) : []);
    this.compact(MAX_SEGMENTS);
    this.loaded = true;
  }

  /** Re-indexes every stored document into the FTS tables (an index written in an older format). */
  private rebuildFts(hasDocs: boolean): void {
    this.db.transaction(() => {
      if (hasDocs) {
        this.db.exec("INSERT INTO fts(fts) VALUES('delete-all'); INSERT INTO heads(heads) VALUES('delete-all');");
        this.postings.clear();
        const setWords = this.statement("UPDATE docs SET words = ? WHERE rowid = ?");
        const insertFts = this.statement("INSERT INTO fts (rowid, title, summary, body, title_k, summary_k, body_k) VALUES (?, ?, ?, ?, ?, ?, ?)");
        const insertHeads = this.statement("INSERT INTO heads (rowid, title, summary, title_k, summary_k) VALUES (?, ?, ?, ?, ?)");
        // In pages: a statement being iterated keeps the connection busy for the inserts.
        const page = this.statement("SELECT rowid, title, summary, body, language FROM docs WHERE rowid > ? ORDER BY rowid LIMIT 1000");
        for (let rows = page.all(0) as DocRow[]; rows.length > 0; rows = page.all(rows[rows.length - 1].rowid) as DocRow[]) {
          const added: DocKeys[] = [];
          for (const row of rows) {
            const [title, summary, body] = [row.title, row.summary, row.body].map((text) => analyse(text ?? "", row.language));
            insertFts.run(row.rowid, title.norms.join(" "), summary.norms.join(" "), body.norms.join(" "), title.keys.join(" "), summary.keys.join(" "), body.keys.join(" "));
            insertHeads.run(row.rowid, title.norms.join(" "), summary.norms.join(" "), title.keys.join(" "), summary.keys.join(" "));
            added.push({ doc: row.rowid, fields: [title.keys, summary.keys, body.keys] });
            const words = title.length + summary.length + body.length;
            setWords.run(words, row.rowid);
            this.setWords(row.rowid, words);
          }
          this.postings.write([], added);
        }
      }
      this.statement("INSERT INTO settings (name, value) VALUES ('index_format', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(INDEX_FORMAT);
    })();
  }

  async upsert(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    // Analysis (the costly part) happens before the write transaction, which then only inserts.
    const analysed: Analysed[] = docs.map((raw) => {
      const doc = normalizeDocument(raw);
      const title = analyse(doc.title, doc.language);
      const summary = analyse(doc.summary, doc.language);
      return { doc, meta: metaOf(doc, title.norms, summary.norms, this.texts), title, summary, body: analyse(doc.body, doc.language) };
    });
    const findStored = this.statement("SELECT rowid, title, summary, body, language FROM docs WHERE id = ?");
    const upsertDoc = this.statement(
      `INSERT INTO docs (id, title, summary, body, url, section, language, tags, authors, published_at, image_url, story_id, words)
       VALUES (@id, @title, @summary, @body, @url, @section, @language, @tags, @authors, @publishedAt, @imageUrl, @storyId, @words)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, summary = excluded.summary, body = excluded.body,
         url = excluded.url, section = excluded.section, language = excluded.language, tags = excluded.tags,
         authors = excluded.authors, published_at = excluded.published_at, image_url = excluded.image_url,
         story_id = excluded.story_id, words = excluded.words
       RETURNING rowid`,
    ).pluck();
    const deleteFts = this.statement("DELETE FROM fts WHERE rowid = ?");
    const deleteHeads = this.statement("DELETE FROM heads WHERE rowid = ?");
    const insertFts = this.statement("INSERT INTO fts (rowid, title, summary, body, title_k, summary_k, body_k) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const insertHeads = this.statement("INSERT INTO heads (rowid, title, summary, title_k, summary_k) VALUES (?, ?, ?, ?, ?)");
    const deleteKeyTerms = this.statement("DELETE FROM keyterms WHERE doc = ?");
    const insertKeyTerm = this.statement("INSERT OR IGNORE INTO keyterms (term, doc) VALUES (?, ?)");
    const putProfile = this.statement("INSERT INTO related_profiles (doc, profile) VALUES (?, ?) ON CONFLICT(doc) DO UPDATE SET profile = excluded.profile");
    const deleteProfile = this.statement("DELETE FROM related_profiles WHERE doc = ?");

    const arriving = new Map<string, number>();
    for (const { title, summary, body } of analysed) countWords(arriving, [title, summary, body]);
    const leaving = new Map<string, number>();

    const written: Array<{ meta: DocMeta; words: number }> = [];
    let vocabularyChanges: Map<string, number> = new Map();
    const write = this.db.transaction(() => {
      // All plain-table writes first: their statement savepoints make FTS5 flush its pending terms
      // into a new segment, so interleaving them with FTS inserts would cost a segment per document.
      const replaced: DocKeys[] = [];
      const rows = analysed.map(({ doc, title, summary, body }) => {
        const stored = findStored.get(doc.id) as DocRow | undefined;
        if (stored !== undefined) {
          const fields = storedFields(stored);
          replaced.push({ doc: stored.rowid, fields: keysOf(fields) });
          countWords(leaving, fields);
        }
        const words = title.length + summary.length + body.length;
        const rowid = upsertDoc.get({ ...doc, tags: JSON.stringify(doc.tags), authors: JSON.stringify(doc.authors), words }) as number;
        return { rowid, existing: stored?.rowid, words };
      });
      // A batch holding one id twice: its last text wins, as in the docs row.
      this.postings.write(
        replaced,
        analysed.map(({ title, summary, body }, i) => ({ doc: rows[i].rowid, fields: [title.keys, summary.keys, body.keys] })),
      );
      analysed.forEach(({ meta, title, summary, body }, i) => {
        const { rowid, existing } = rows[i];
        if (existing !== undefined) {
          deleteFts.run(existing);
          deleteHeads.run(existing);
          deleteKeyTerms.run(existing);
        }
        for (const term of docs[i].keyTerms ?? []) insertKeyTerm.run(term, rowid);
        const related = docs[i].related;
        if (typeof related === "string" && related) putProfile.run(rowid, related);
        else deleteProfile.run(rowid);
        insertFts.run(rowid, title.norms.join(" "), summary.norms.join(" "), body.norms.join(" "), title.keys.join(" "), summary.keys.join(" "), body.keys.join(" "));
        insertHeads.run(rowid, title.norms.join(" "), summary.norms.join(" "), title.keys.join(" "), summary.keys.join(" "));
        meta.rowid = rowid;
        written.push({ meta, words: rows[i].words });
      });
      vocabularyChanges = this.writeVocabulary(arriving, leaving);
    });
    try {
      write();
    } catch (error) {
      for (const { meta } of analysed) this.texts.release(meta.text);
      throw error;
    }

    for (const { meta, words } of written) this.setMeta(meta, words);
    this.countVocabulary(vocabularyChanges);
    this.compactTexts();
    this.changed();
    this.compactIfFragmented(written.length);
  }

  /**
   * Inside a write transaction: the vocabulary table's counts change by the words of texts arriving
   * less those of texts leaving (replaced or removed), so that a process opening the file starts
   * from the counts one that wrote it holds. Returns each word's change for countVocabulary.
   */
  private writeVocabulary(arriving: ReadonlyMap<string, number>, leaving: ReadonlyMap<string, number>): Map<string, number> {
    const changes = new Map(arriving);
    for (const [word, n] of leaving) changes.set(word, (changes.get(word) ?? 0) - n);
    const changed: Record<string, number> = Object.create(null);
    const lowered: Record<string, number> = Object.create(null);
    for (const [word, n] of changes) {
      if (n === 0) changes.delete(word);
      else changed[word] = n;
      if (n < 0) lowered[word] = n;
    }
    // One statement for a batch's words (thousands of them), not a call each; then the words whose
    // count fell to nothing go.
    this.statement(
      "INSERT INTO vocabulary (term, count) SELECT key, value FROM json_each(?) WHERE true ON CONFLICT(term) DO UPDATE SET count = count + excluded.count",
    ).run(JSON.stringify(changed));
    this.statement("DELETE FROM vocabulary WHERE term IN (SELECT key FROM json_each(?)) AND count <= 0").run(JSON.stringify(lowered));
    return changes;
  }

  /** After the write: the same changes to the in-memory vocabulary. */
  private countVocabulary(changes: ReadonlyMap<string, number>): void {
    for (const [word, n] of changes) {
      if (n > 0) this.vocabulary.add(word, n);
      else this.vocabulary.remove(word, -n);
    }
  }

  /** After a write transaction: merge only a badly fragmented index; searches do the rest (compactAfterWrites). */
  private compactIfFragmented(writes: number): void {
    this.writesSinceCompaction += writes;
    if (++this.transactionsSinceSegmentCheck < SEGMENT_CHECK_EVERY) return;
    this.transactionsSinceSegmentCheck = 0;
    this.compact(MAX_SEGMENTS);
  }

  private compactAfterWrites(): void {
    if (this.writesSinceCompaction < Math.max(COMPACT_AFTER_WRITES, this.docCount * COMPACT_AFTER_SHARE)) return;
    this.compact(COMPACT_SEGMENTS);
    this.vocabulary.compact();
    this.writesSinceCompaction = 0;
  }

  /** Optimises each FTS table that has more than `maxSegments` segments. */
  private compact(maxSegments: number): void {
    for (const table of ["fts", "heads"] as const) {
      // Rowids of %_data blocks carry the segment id above bit 37 (0 marks the structure records).
      const segments = this.statement(`SELECT count(DISTINCT id >> 37) FROM ${table}_data WHERE id >> 37 > 0`).pluck().get() as number;
      if (segments > maxSegments) this.statement(`INSERT INTO ${table}(${table}) VALUES('optimize')`).run();
    }
  }

  async remove(ids: string[]): Promise<void> {
    const findStored = this.statement("SELECT rowid, title, summary, body, language FROM docs WHERE id = ?");
    const removed: number[] = [];
    let vocabularyChanges: Map<string, number> = new Map();
    this.db.transaction(() => {
      const leaving: DocKeys[] = [];
      const leavingWords = new Map<string, number>();
      for (const id of ids) {
        const stored = findStored.get(id) as DocRow | undefined;
        if (stored === undefined) continue;
        const rowid = stored.rowid;
        const fields = storedFields(stored);
        leaving.push({ doc: rowid, fields: keysOf(fields) });
        countWords(leavingWords, fields);
        this.statement("DELETE FROM fts WHERE rowid = ?").run(rowid);
        this.statement("DELETE FROM heads WHERE rowid = ?").run(rowid);
        this.statement("DELETE FROM keyterms WHERE doc = ?").run(rowid);
        this.statement("DELETE FROM related_profiles WHERE doc = ?").run(rowid);
        this.statement("DELETE FROM docs WHERE rowid = ?").run(rowid);
        removed.push(rowid);
      }
      this.postings.write(leaving, []);
      vocabularyChanges = this.writeVocabulary(new Map(), leavingWords);
    })();
    for (const rowid of removed) this.dropMeta(rowid);
    this.countVocabulary(vocabularyChanges);
    this.compactTexts();
    this.changed();
    this.compactIfFragmented(removed.length);
  }

  async clear(): Promise<void> {
    this.db.transaction(() => {
      this.postings.clear();
      this.db.exec("DELETE FROM docs; DELETE FROM vocabulary; DELETE FROM keyterm_df; DELETE FROM keyterms; DELETE FROM related_profiles; INSERT INTO fts(fts) VALUES('delete-all'); INSERT INTO heads(heads) VALUES('delete-all');");
    })();
    this.newestPublishedMs = -Infinity;
    for (let rowid = 0; rowid < this.byRowid.length; rowid++) this.dropMeta(rowid);
    this.byRowid.length = 0;
    this.compactTexts();
    this.vocabulary.clear();
    this.changed();
    this.writesSinceCompaction = 0;
  }

  /** `words`: the document's length for BM25 (title, summary and body words). */
  private setMeta(meta: DocMeta, words: number): void {
    if (meta.publishedMs > this.newestPublishedMs) this.newestPublishedMs = meta.publishedMs;
    this.dropMeta(meta.rowid);
    this.byRowid[meta.rowid] = meta;
    this.docCount++;
    if (meta.rowid >= this.candidateMarks.length) {
      const size = Math.max(1024, meta.rowid + 1, this.candidateMarks.length * 2);
      const grown = <T extends Uint32Array | Uint8Array | Float64Array>(old: T, into: T): T => (into.set(old), into);
      this.candidateMarks = grown(this.candidateMarks, new Uint32Array(size));
      this.candidateLevels = grown(this.candidateLevels, new Uint8Array(size));
      this.docWords = grown(this.docWords, new Uint32Array(size));
      this.weighted = new Float64Array(size);
    }
    this.setWords(meta.rowid, words);
  }

  private setWords(rowid: number, words: number): void {
    this.totalWords += words - this.docWords[rowid];
    this.docWords[rowid] = words;
  }

  private dropMeta(rowid: number): void {
    const old = this.byRowid[rowid];
    if (old === undefined) return;
    this.texts.release(old.text);
    this.byRowid[rowid] = undefined;
    this.setWords(rowid, 0);
    this.docCount--;
  }

  /** Every document, in rowid order. */
  private allMetas(): DocMeta[] {
    return this.byRowid.filter((m) => m !== undefined);
  }

  /** Moves the live titles and summaries into a new arena once replaced and removed ones take most of it. */
  private compactTexts(): void {
    if (!this.texts.fragmented) return;
    const live = this.allMetas();
    this.texts.compact(
      live.map((m) => m.text),
      (i, at) => (live[i].text = at),
    );
  }

  private changed(): void {
    this.newestFirst = null;
    this.titleOrder = null;
  }

  async count(): Promise<number> {
    return this.docCount;
  }

  /** Documents sharing the query's key terms; each term weighs its weight × idf, terms in too many documents skipped. */
  async moreLikeThis(q: MoreLikeThisQuery): Promise<SimilarArticle[]> {
    const weights = new Map<string, number>();
    for (const { term, weight } of q.terms) if (weights.size < MLT_TERMS && weight > 0 && !weights.has(term)) weights.set(term, weight);
    if (weights.size === 0 || q.limit < 1) return [];
    const n = this.docCount;
    const terms = [...weights.keys()];
    const df = this.statement(`SELECT term, n FROM keyterm_df WHERE term IN (${terms.map(() => "?").join(", ")}) AND n > 0`).raw().all(...terms) as Array<[string, number]>;
    const maxDf = mltMaxDocFreq(n);
    const query = df.filter(([, d]) => d <= maxDf).map(([term, d]) => [term, mltWeight(weights.get(term)!, d, n)] as const);
    if (query.length === 0) return [];
    const values = query.map(() => "(?, ?)").join(", ");
    // A time window joins the stored dates (ISO 8601 UTC, so they compare as text).
    // Without one, each term's postings are read from the newest document back, at most mltPostings.
    const [join, bounds] = q.within
      ? ["JOIN docs d INDEXED BY docs_published ON d.rowid = k.doc AND d.published_at BETWEEN ? AND ?", [q.within.from, q.within.to]]
      : ["AND k.doc >= coalesce((SELECT doc FROM keyterms WHERE term = q.t ORDER BY doc DESC LIMIT 1 OFFSET ?), 0)", [this.mltPostings - 1]];
    const rows = this.statement(
      `WITH q(t, w) AS (VALUES ${values}) SELECT k.doc, sum(q.w) AS s FROM q JOIN keyterms k ON k.term = q.t ${join} GROUP BY k.doc ORDER BY s DESC, k.doc DESC LIMIT ?`,
    ).raw().all(...query.flat(), ...bounds, q.limit + 1) as Array<[number, number]>;
    const total = query.reduce((sum, [, w]) => sum + w, 0);
    const out: Array<SimilarArticle & { doc: number }> = [];
    for (const [doc, s] of rows) {
      const id = this.byRowid[doc]?.id;
      if (id !== undefined && id !== q.id && out.length < q.limit) out.push({ doc, id, score: s / total });
    }
    if (out.length === 0) return [];
    const profiles = new Map(
      this.statement(`SELECT doc, profile FROM related_profiles WHERE doc IN (${out.map(() => "?").join(", ")})`).raw().all(...out.map((o) => o.doc)) as Array<[number, string]>,
    );
    return out.map(({ doc, id, score }) => {
      const related = profiles.get(doc);
      return related === undefined ? { id, score } : { id, score, related };
    });
  }

  async relatedProfile(id: string): Promise<string | undefined> {
    return this.statement("SELECT r.profile FROM docs d JOIN related_profiles r ON r.doc = d.rowid WHERE d.id = ?").pluck().get(id) as string | undefined;
  }

  async ping(): Promise<boolean> {
    try {
      return this.db.open && this.statement("SELECT 1").pluck().get() === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async setSynonyms(groups: string[][]): Promise<void> {
    const clean = groups.map((g) => g.map((w) => String(w).trim()).filter((w) => w.length > 0)).filter((g) => g.length >= 2);
    this.statement("INSERT INTO settings (name, value) VALUES ('synonyms', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value").run(JSON.stringify(clean));
    this.indexSynonyms(clean);
  }

  private indexSynonyms(groups: string[][]): void {
    this.synonymIndex = new Map();
    for (const group of groups) {
      const phrases = group.map((text) => analyse(text, "")).filter((p) => p.norms.length > 0);
      for (const phrase of phrases) {
        const entries = this.synonymIndex.get(phrase.keys[0]) ?? [];
        entries.push({ phrase, group: phrases.filter((p) => p !== phrase && p.keys.join(" ") !== phrase.keys.join(" ")) });
        this.synonymIndex.set(phrase.keys[0], entries);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Query compilation

  /**
   * `stopWords`: leave stop words out of matching (search), or keep every word (autocomplete, which
   * completes titles as typed). `maxWords`: words read; past them the query is cut.
   */
  private compile(q: string, stopWords = true, maxWords = MAX_QUERY_WORDS): CompiledQuery {
    const all = tokenize(q);
    // The last word is still being typed unless a separator follows it.
    const partialAt = endsInPartialWord(q) ? all.length - 1 : -1;
    // Stop words never decide a match, unless they are all the query has. A word still being typed
    // is kept: it may become a content word.
    const content = all.map((t, i) => !stopWords || i === partialAt || !isStopWord(t.norm));
    const skipsStopWords = content.some(Boolean) && content.some((c) => !c);
    const kept: Array<{ norm: string; partial: boolean; adjacentToNext: boolean }> = [];
    const stopWordsBefore: string[] = [];
    let skipped: string[] = [];
    all.forEach((t, i) => {
      if (skipsStopWords && !content[i]) {
        skipped.push(t.norm);
        return;
      }
      stopWordsBefore.push(skipped.join(" "));
      skipped = [];
      // A word typed right after this one (no stop word between) makes a phrase pair with it.
      kept.push({ norm: t.norm, partial: i === partialAt, adjacentToNext: i + 1 < all.length && (!skipsStopWords || content[i + 1]) });
    });
    const tokens = kept.slice(0, maxWords);
    // A word cut off by the limit is whole, not being typed.
    if (kept.length > tokens.length) tokens.forEach((t) => (t.partial = false));
    stopWordsBefore.length = tokens.length;
    stopWordsBefore.push(kept.length > tokens.length ? "" : skipped.join(" "));
    const words = tokens.map((t, i) => this.queryWord(t.norm, t.partial, t.adjacentToNext, i < FULLY_READ_WORDS));
    const keys = tokens.map((t) => searchKey(t.norm));
    const terms: Term[] = [];
    for (let i = 0; i < tokens.length; ) {
      const span = this.synonymSpan(keys, i);
      terms.push(span ?? { words: [i], synonyms: [] });
      i += span ? span.words.length : 1;
    }
    const dropOrder = frequencyDropOrder(
      terms.map((term) => {
        const partial = term.words.some((w) => tokens[w].partial);
        // Documents are counted only where they decide the order: between two whole terms or more.
        const counted = terms.length > 1 && !partial;
        return { partial, count: counted ? this.termDocuments(term, words) : 0 };
      }),
    );
    const levels = Array.from({ length: terms.length + 1 }, (_, level) => keptTerms(dropOrder, level));
    const corrections = new Map<number, string>();
    words.forEach((w, i) => {
      if (w.correction !== null) corrections.set(i, w.correction);
    });
    return { words, terms, kept: levels, scored: new Set(keys).size >= SCORED_FROM_WORDS, skipsStopWords, stopWordsBefore, corrections, corrected: false };
  }

  /**
   * Documents holding a whole term in a form it is scored by (scoredAlternatives: its match key,
   * every inflection the stemmer joins; its typo variants when the index lacks it; its synonyms):
   * what the frequency strategy weighs. Occurrences of the one folded spelling would misjudge it
   * both ways: "security", repeated in the few stories about it, outnumbers "considerations",
   * which many hold once; "interested" alone is rare though "interest" is everywhere. A synonym of
   * several words is a phrase the postings cannot count: it counts as one, so that a term matching
   * only through it is never taken for a word no document holds.
   */
  private termDocuments(term: Term, words: readonly QueryWord[]): number {
    let sum = 0;
    for (const form of scoredAlternatives(words, term)) sum += SINGLE_TOKEN.test(form.text) ? this.postings.count(form, Infinity) : 1;
    return sum;
  }

  private queryWord(norm: string, prefix: boolean, adjacentToNext: boolean, typos = true): QueryWord {
    const variants = new Map<string, number>([[norm, 0]]);
    const prefixes = new Map<string, number>();
    const key = searchKey(norm);
    if (key !== norm) variants.set(key, 0);
    // Words too short for typos need no vocabulary walk: the word (and its prefix) are added anyway.
    const expansions = typos && allowedTypos(norm) > 0 ? this.vocabulary.expand(norm, { prefix, limit: MAX_VARIANTS }) : [];
    const typedCount = this.vocabulary.count(norm);
    let correction: string | null = null;
    let correctionTypos = 0;
    for (const match of expansions) {
      const into = match.prefix ? prefixes : variants;
      if (into.has(match.term)) continue;
      if (!match.prefix && match.typos > 0) {
        // The best known spelling near a word the index lacks, or knows far less often.
        if (!isStopWord(match.term) && (correction === null ? 0 : this.vocabulary.count(correction)) < match.count && match.count >= typedCount * SUGGEST_FREQUENCY_RATIO) {
          correction = match.term;
          correctionTypos = match.typos;
        }
        if (!typoVariantAllowed(typedCount, match.count, isStopWord(match.term))) continue;
      }
      into.set(match.term, match.typos);
    }
    if (prefix) {
      prefixes.set(norm, 0);
      const latin = prefixKey(norm);
      if (latin !== norm) prefixes.set(latin, 0);
      correction = null;
    }
    const hasTypos = [...variants.values(), ...prefixes.values()].some((n) => n > 0);
    const completes = expansions.some((m) => m.prefix && m.typos === 0) || (prefix && allowedTypos(norm) === 0);
    return { norm, latin: prefixKey(norm), variants, prefixes, hasTypos, adjacentToNext, correction, correctionTypos, known: typedCount > 0, completes };
  }

  /** The longest synonym phrase starting at query word `at`, with the rest of its group. */
  private synonymSpan(keys: string[], at: number): Term | null {
    let best: Term | null = null;
    for (const { phrase, group } of this.synonymIndex.get(keys[at]) ?? []) {
      const n = phrase.keys.length;
      if (at + n > keys.length || (best && best.words.length >= n)) continue;
      if (phrase.keys.every((k, j) => keys[at + j] === k)) {
        best = { words: Array.from({ length: n }, (_, j) => at + j), synonyms: group };
      }
    }
    return best;
  }

  // -------------------------------------------------------------------------------------------
  // Search

  async search(req: SearchRequest): Promise<SearchResult> {
    const limit = Math.max(1, Math.floor(req.limit) || 1);
    const page = Math.max(1, Math.floor(req.page) || 1);
    const offset = (page - 1) * limit;
    if (req.collapse !== "story") {
      const found = this.find(req, offset, limit);
      return this.present(found, found.shown, found.total);
    }
    // One hit per story: the best of each among the first COLLAPSE_WINDOW matches, which are also
    // what the total counts (all of them up to MAX_TOTAL_HITS matches).
    const found = this.find(req, 0, COLLAPSE_WINDOW);
    const seen = new Set<string>();
    const stories: DocMeta[] = [];
    for (const meta of found.shown) {
      if (seen.has(meta.storyId)) continue;
      seen.add(meta.storyId);
      stories.push(meta);
    }
    return this.present(found, stories.slice(offset, offset + limit), stories.length);
  }

  /** Hits of the shown documents, with "did you mean" when the search had words. */
  private present(found: Found, shown: DocMeta[], total: number): SearchResult {
    const result = { total, hits: this.loadRows(shown.map((m) => m.rowid)).map((row) => this.toHit(row, found.matcher)), facets: found.facets };
    return found.query && found.matcher ? this.answer(found.query, found.matcher, result, shown) : result;
  }

  /**
   * The query again with its "did you mean" spellings matching as typos, when it has some and no
   * document holds all its words as typed. A misspelling the archive holds a few times ("parliamnet"
   * in one body) keeps the usual spelling out (typoVariantAllowed), yet a headline asked with it is
   * then found as a reader expects. A query whose words all meet in some document is left as typed,
   * and so is one whose words meet nowhere with the corrections either.
   */
  private withCorrections(query: CompiledQuery, accept: ((m: DocMeta) => boolean) | null): CompiledQuery {
    // A word the index lacks already takes its corrections as variants; a word being typed has none.
    if (![...query.corrections].some(([w, spelling]) => !query.words[w].variants.has(spelling))) return query;
    if (this.completeWordsMeet(query, accept)) return query;
    // Only a spelling that brings the words together is worth reading the query otherwise.
    const corrected = readWithCorrections(query);
    return this.completeWordsMeet(corrected, accept) ? corrected : query;
  }

  /**
   * Some document the filter accepts holds every complete word of the query (typos within their
   * variants). A word still being typed is left out: it is never corrected, and a long prefix is
   * the costliest read FTS5 has.
   */
  private completeWordsMeet(query: CompiledQuery, accept: ((m: DocMeta) => boolean) | null): boolean {
    const complete = query.terms.filter((t) => t.words.every((w) => query.words[w].prefixes.size === 0));
    // One complete word: the corrected one, which the index knows, so some document holds it.
    if (complete.length === 0 || (complete.length === 1 && accept === null)) return true;
    const expression = complete.map((t) => termExpression(query, t, true)).join(" AND ");
    if (accept === null) return this.rowidsMatching("fts", expression, 1).length > 0;
    // Filters apply to documents, not in FTS5: the first matches, up to the usual cap, are looked at.
    return this.metasOf(this.rowidsMatching("fts", expression, MAX_TOTAL_HITS)).some(accept);
  }

  /** The documents of the result from `offset` (at most `limit`), the total matched and the facets. */
  private find(req: SearchRequest, offset: number, limit: number): Found {
    const filters = this.withoutIdleUpperBound(req.filters ?? {});
    const accept = compileFilter(filters);
    const facets = req.facets ?? [];
    this.compactAfterWrites();
    // Newest first reads no weighted score, only which words match: the first words decide that.
    const query = this.withCorrections(this.compile(req.q ?? "", true, req.sort === "newest" ? FULLY_READ_WORDS : MAX_QUERY_WORDS), hasFilter(filters) ? accept : null);

    if (query.terms.length === 0) return { ...this.browse(accept, facets, offset, limit), query: null, matcher: null };
    const matcher = new Matcher(query, this.texts);
    const halfLife = req.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
    this.freshness = { now: req.now ?? Date.now(), halfLife };
    if (query.scored && req.sort !== "newest") return this.searchScored(query, matcher, hasFilter(filters) ? accept : null, facets, offset, limit);

    // Filters, facets and sort=newest look at every candidate; plain relevance only at the best.
    const everyCandidate = hasFilter(filters) || facets.length > 0 || req.sort === "newest";
    const found = this.candidates(query, hasFilter(filters) ? accept : null, limit, everyCandidate);
    const total = Math.min(found.count, MAX_TOTAL_HITS);
    const end = Math.min(offset + limit, total);
    const best = req.sort === "newest" ? this.newestTop(found, end) : this.rankTop(query, matcher, found, end);
    return {
      total,
      shown: best.slice(offset, end),
      facets: facets.length > 0 ? countFacets(found.levels.flatMap((l) => l?.docs ?? []), facets) : {},
      query,
      matcher,
    };
  }

  /**
   * Queries of SCORED_FROM_WORDS different words or more, which read as a topic more than a remembered
   * headline: every document holding any of the words is a candidate, ranked by its BM25F score
   * (with the phrase bonus and freshness), after the titles that read as the query itself.
   * Broad terms (broadTermMatches) are left out of the score; documents holding only those come
   * after the scored ones, newest first, as their BM25 is next to nothing.
   */
  private searchScored(query: CompiledQuery, matcher: Matcher, accept: ((m: DocMeta) => boolean) | null, facets: FacetName[], offset: number, limit: number): Found {
    const anyOf = (typos: boolean) => query.terms.map((t) => termExpression(query, t, typos)).join(" OR ");
    const any = anyOf(true);
    const everyMatch = accept !== null || facets.length > 0;
    // Every match when filters or facets need them; otherwise enough to count the total.
    const typoFree = !everyMatch && hasTypoPrefix(query, query.terms) && query.terms.some((t) => this.typedMayReach(query, [t], MAX_TOTAL_HITS)) ? anyOf(false) : null;
    const matches = this.metasOf(everyMatch ? this.rowidsMatching("fts", any) : this.cappedRowids(any, typoFree, MAX_TOTAL_HITS));
    const complete = everyMatch || matches.length < MAX_TOTAL_HITS;
    const allowed = everyMatch ? (accept === null ? matches : matches.filter(accept)) : null;
    const total = Math.min((allowed ?? matches).length, MAX_TOTAL_HITS);
    const end = Math.min(offset + limit, total);
    const pool = Math.max(SCORED_POOL, end * 2);
    const ranked: Ranked[] = [];
    // The filter's documents, marked by rowid: a Set of tens of thousands costs more than the search.
    const kept = accept === null ? 0 : this.nextMark();
    if (kept !== 0) for (const meta of allowed!) this.candidateMarks[meta.rowid] = kept;
    const inFilter = (rowid: number) => kept === 0 || this.candidateMarks[rowid] === kept;
    const scoring = this.selectiveTerms(query, complete ? matches.length : Infinity);
    const rank = (meta: DocMeta, score: number) => {
      const r = newRanked(meta, query.terms.length);
      const title = matcher.title(meta);
      r.wholeTitle = wholeTitleMatch(matcher, title, r.level);
      if (r.wholeTitle > 0) r.typos = titleTypos(matcher, title);
      r.score = withFreshness(score, meta.publishedMs, this.freshness.now, this.freshness.halfLife);
      ranked.push(r);
    };
    // The best-scored documents within the filter: a filter does not make every match worth ranking.
    for (const [rowid, score] of this.weightedScores(query, scoring, pool, kept === 0 ? undefined : inFilter)) {
      const meta = this.byRowid[rowid];
      if (meta !== undefined) rank(meta, score);
    }
    const scored = new Set(ranked.map((r) => r.meta.rowid));
    // A title that reads as the query comes first whatever its score, so it must not be missed
    // for being past the scored pool: titles holding every word are looked at too.
    for (const meta of this.metasOf(this.rowidsMatching("heads", `{title title_k} : (${matchExpression(query, query.terms.length)})`, MAX_TOTAL_HITS))) {
      if (!scored.has(meta.rowid) && inFilter(meta.rowid) && wholeTitleMatch(matcher, matcher.title(meta), query.terms.length) > 0) {
        scored.add(meta.rowid);
        rank(meta, 0);
      }
    }
    if (ranked.length < end) {
      // Fewer scored than the page needs: the rest hold only broad words, or match only through
      // typos the score leaves out. Their weight is next to nothing, so freshness orders them.
      const rest: DocMeta[] = [];
      for (const meta of allowed ?? (complete ? matches : this.metasOf(this.rowidsMatching("fts", any)))) if (!scored.has(meta.rowid)) rest.push(meta);
      for (const meta of topK(rest, end - ranked.length, (a, b) => b.publishedMs - a.publishedMs || b.rowid - a.rowid)) rank(meta, 0);
    }
    const best = topK(ranked, end, compareScored)
      .slice(offset, end)
      .map((r) => r.meta);
    return { total, shown: best, facets: allowed !== null && facets.length > 0 ? countFacets(allowed, facets) : {}, query, matcher };
  }

  /**
   * The terms of a scored query that are not broad (see broadTermMatches); all of them when every
   * one is. `matching`: documents holding any term (Infinity when only counted up to a cap).
   */
  private selectiveTerms(query: CompiledQuery, matching: number): number[] {
    const all = query.terms.map((_, t) => t);
    const broad = broadTermMatches(this.docCount, this.broadTermFloor);
    // No term can be broad when fewer documents hold any of them, or the archive is that small.
    if (matching < broad || this.docCount < broad) return all;
    const selective = all.filter((t) => this.termMatches(query, query.terms[t], broad) < broad);
    return selective.length > 0 ? selective : all;
  }

  /**
   * Documents holding any form of a scored term: under `limit` exactly when fewer hold it (then at
   * least their number), else `limit`. The postings settle it without FTS5 when their sum stays
   * under the limit, or one exact key alone reaches it.
   */
  private termMatches(query: CompiledQuery, term: Term, limit: number): number {
    const forms = scoredAlternatives(query.words, term);
    if (forms.every((f) => SINGLE_TOKEN.test(f.text))) {
      let sum = 0;
      for (const form of forms) {
        const n = this.postings.count(form, limit);
        if (!form.prefix && n >= limit) return limit;
        sum += n;
      }
      if (sum < limit) return sum;
    }
    const count = this.statement("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)").pluck();
    return count.get(`${SCORED_COLUMNS} : ${scoredTerm(query, term)}`, limit) as number;
  }

  private metasOf(rowids: Float64Array): DocMeta[] {
    const metas: DocMeta[] = [];
    for (const rowid of rowids) {
      const meta = this.byRowid[rowid];
      if (meta !== undefined) metas.push(meta);
    }
    return metas;
  }

  /**
   * What scores(scoreExpression(query, true, terms), limit) answers, for less: each single-key form
   * of a term from the engine's own postings (term-postings.ts), and only the phrases (pairs,
   * synonym phrases) from FTS5's bm25(), which sums the same BM25 phrase by phrase. The postings
   * count the documents held now; FTS5 keeps replaced and removed rows in its counts. With
   * `accept`, the best `limit` are taken among the rowids it accepts (a search's filter).
   */
  private weightedScores(query: CompiledQuery, terms: readonly number[], limit: number, accept?: (rowid: number) => boolean): Array<[number, number]> {
    if (this.docCount === 0) return [];
    const single: PostingsPhrase[] = [];
    const phrases = phrasePairs(query, terms).map(quote);
    for (const t of terms) {
      for (const form of scoredAlternatives(query.words, query.terms[t])) {
        if (SINGLE_TOKEN.test(form.text)) single.push(form);
        else phrases.push(form.prefix ? `${quote(form.text)}*` : quote(form.text));
      }
    }
    const scores = this.weighted;
    const scored: number[] = [];
    if (phrases.length > 0) {
      for (const [rowid, score] of this.scores(`${SCORED_COLUMNS} : (${phrases.join(" OR ")})`, -1)) {
        if (scores[rowid] === 0) scored.push(rowid);
        scores[rowid] += score;
      }
    }
    for (const rowid of this.postings.sum(single, scores, this.bm25Lengths())) scored.push(rowid);
    const eligible = accept === undefined ? scored : scored.filter(accept);
    const best = limit < 0 ? eligible.sort((a, b) => scores[b] - scores[a]) : topK(eligible, limit, (a, b) => scores[b] - scores[a]);
    const out = best.map((rowid): [number, number] => [rowid, scores[rowid]]);
    for (const rowid of scored) scores[rowid] = 0;
    return out;
  }

  /**
   * What scores(scoreExpression(query, false, terms, true), -1) answers (in no particular order):
   * the documents holding every term, by the BM25 of its forms. From the postings when every form
   * is a single key; a synonym phrase or a short prefix among them leaves it to FTS5.
   */
  private everyTermScores(query: CompiledQuery, terms: readonly number[]): Array<[number, number]> {
    const groups = terms.map((t) => scoredAlternatives(query.words, query.terms[t]));
    // A prefix FTS5 indexes is one list there, where the postings hold every key it starts ("tr":
    // 500,000 at 100k articles), however few documents hold every term: bm25() over those costs less.
    const fts5Reads = (f: PostingsPhrase) => !SINGLE_TOKEN.test(f.text) || (f.prefix && [...f.text].length <= FTS5_PREFIX_INDEX);
    if (this.docCount === 0 || groups.length > 16 || groups.some((forms) => forms.some(fts5Reads))) {
      return this.scores(scoreExpression(query, false, terms, true), -1);
    }
    const scores = this.weighted;
    const held = this.postings.sumEvery(groups, scores, this.bm25Lengths());
    const out = held.map((rowid): [number, number] => [rowid, scores[rowid]]);
    for (const rowid of held) scores[rowid] = 0;
    return out;
  }

  private bm25Lengths(): Bm25Lengths {
    return { lengths: this.docWords, rows: this.docCount, averageLength: this.totalWords / this.docCount };
  }

  /** BM25F scores (higher is better) of the rows matching a score expression, best first; at most `limit` unless -1. */
  private scores(expression: string, limit: number): Array<[number, number]> {
    const { title, summary, body } = FIELD_WEIGHTS;
    const rows = this.statement(
      `SELECT rowid, bm25(fts, 0, 0, 0, ${title}, ${summary}, ${body}) AS s FROM fts WHERE fts MATCH ? ORDER BY s LIMIT ?`,
    ).raw().all(expression, limit) as Array<[number, number]>;
    for (const row of rows) row[1] = -row[1];
    return rows;
  }

  /** The result with "did you mean" when nothing matched, only through typos, or through the corrections. */
  private answer(query: CompiledQuery, matcher: Matcher, result: SearchResult, shown: DocMeta[]): SearchResult {
    if (query.corrections.size === 0) return result;
    const onlyTypos = shown.length > 0 && shown.every((m) => !this.holdsTypedWords(m, matcher));
    if (result.total > 0 && !onlyTypos && !query.corrected) return result;
    const suggestion = query.words.map((w, i) => query.corrections.get(i) ?? w.norm).join(" ");
    return { ...result, suggestion };
  }

  /** Whether title or summary hold some query word as typed (0 typos). */
  private holdsTypedWords(meta: DocMeta, matcher: Matcher): boolean {
    for (const text of [matcher.title(meta), matcher.summary(meta)]) {
      for (let i = 0; i < text.length; i++) {
        const codes = matcher.codes(text.norms[i], text.keys[i]);
        for (let w = 0; w < codes.length; w++) if (codes[w] !== NO_MATCH && codes[w] <= 1 && matcher.query.corrections.has(w)) return true;
      }
    }
    return false;
  }

  /** A number no document is marked with yet in candidateMarks: this search's mark. */
  private nextMark(): number {
    if (++this.searchCount === 0xffffffff) {
      this.candidateMarks.fill(0);
      this.searchCount = 1;
    }
    return this.searchCount;
  }

  /**
   * Documents matching all terms; when fewer than a page do, those matching fewer (the last
   * dropped first). Each is marked with this search and its level (see candidateMarks).
   * `accept` is null when there is no filter. Unless `every` is set, a level of more than
   * MAX_TOTAL_HITS new documents is only counted that far: see Level.
   */
  private candidates(query: CompiledQuery, accept: ((m: DocMeta) => boolean) | null, wanted: number, every: boolean): Candidates {
    const mark = this.nextMark();
    const levels: Level[] = [];
    let count = 0;
    for (let level = query.terms.length; level >= 1; level--) {
      if (level < query.terms.length && count >= wanted) break;
      const expression = matchExpression(query, level);
      // Higher levels' documents match here too: past the cap, this level alone holds more than
      // MAX_TOTAL_HITS, hence more than `wanted`, so no lower level is read after an unread one.
      const cap = every || wanted > MAX_TOTAL_HITS ? -1 : MAX_TOTAL_HITS + 1 + count;
      const terms = query.kept[level].map((t) => query.terms[t]);
      const typoFree = cap !== -1 && hasTypoPrefix(query, terms) && this.typedMayReach(query, terms, cap) ? matchExpression(query, level, false) : null;
      const rowids = this.cappedRowids(expression, typoFree, cap);
      const found: Level = rowids.length === cap ? { expression, docs: null, count: cap - count } : { expression, docs: this.markLevel(rowids, level, mark, accept), count: 0 };
      if (found.docs) found.count = found.docs.length;
      levels[level] = found;
      count += found.count;
    }
    return { levels, count, mark };
  }

  /** The documents among `rowids` not found at a higher level (nor filtered out), marked with `level`. */
  private markLevel(rowids: Float64Array, level: number, mark: number, accept: ((m: DocMeta) => boolean) | null): DocMeta[] {
    const marks = this.candidateMarks;
    const markLevels = this.candidateLevels;
    const docs: DocMeta[] = [];
    for (const rowid of rowids) {
      const meta = this.byRowid[rowid];
      // Lower levels find the documents of higher ones again.
      if (meta === undefined || marks[rowid] === mark) continue;
      marks[rowid] = mark;
      if (accept === null || accept(meta)) {
        markLevels[rowid] = level;
        docs.push(meta);
      } else markLevels[rowid] = 0;
    }
    return docs;
  }

  /** The documents of a level that was only counted (no filter applies then). */
  private readLevel(found: Level, level: number, mark: number): DocMeta[] {
    found.docs ??= this.markLevel(this.rowidsMatching("fts", found.expression), level, mark, null);
    return found.docs;
  }

  /** The `end` first candidates for sort=newest: more words matched first, then newest. */
  private newestTop(found: Candidates, end: number): DocMeta[] {
    const best: DocMeta[] = [];
    for (let level = found.levels.length - 1; level >= 1 && best.length < end; level--) {
      const group = found.levels[level]?.docs;
      if (group) best.push(...topK(group, end - best.length, (a, b) => b.publishedMs - a.publishedMs || b.rowid - a.rowid));
    }
    return best;
  }

  /**
   * The `end` best candidates, best first. Levels (words matched) are ranked one at a time from the
   * top until the page is full, so a huge level of documents matching only the first word is
   * ranked only when the page reaches it.
   */
  private rankTop(query: CompiledQuery, matcher: Matcher, found: Candidates, end: number): DocMeta[] {
    const best: DocMeta[] = [];
    let matching = 0;
    for (let level = found.levels.length - 1; level >= 1 && best.length < end; level--) {
      const group = found.levels[level];
      // A level only counted stopped at its cap: how many match is unknown, and more than the cap.
      matching += !group ? 0 : group.docs === null ? Infinity : group.count;
      if (group && group.count > 0) {
        for (const r of this.rankLevel(query, matcher, group, level, end - best.length, found.mark, matching)) best.push(r.meta);
      }
    }
    return best;
  }

  /** `matching`: documents holding this level's words (its own and higher levels'), which scoring would read. */
  private rankLevel(query: CompiledQuery, matcher: Matcher, found: Level, level: number, need: number, mark: number, matching: number): Ranked[] {
    const full = level === query.terms.length;
    let pool: DocMeta[] | null = found.docs;
    let examined: Set<number> | null = null;
    if (found.count > DIRECT_RANK_LIMIT) {
      // Enough titles holding every word of this level: only they can make the page. Titles are
      // indexed alike in heads and fts, so these documents all match the level's expression; an
      // unread level holds all of them but those of higher levels.
      const complete: DocMeta[] = [];
      const marks = this.candidateMarks;
      for (const rowid of this.rowidsMatching("heads", `{title title_k} : (${matchExpression(query, level)})`)) {
        const meta = this.byRowid[rowid];
        if (meta === undefined) continue;
        if (found.docs === null ? marks[rowid] !== mark : marks[rowid] === mark && this.candidateLevels[rowid] === level) complete.push(meta);
      }
      if (complete.length >= need) pool = this.leadingTitles(matcher, complete, level, need);
      else {
        // Too many to read every summary: titles decide, summaries count as body.
        pool = this.readLevel(found, level, mark);
        const anyTerm = query.kept[level].map((t) => termExpression(query, query.terms[t], true)).join(" OR ");
        examined = new Set(this.rowidsMatching("heads", `{title title_k} : (${anyTerm})`));
      }
    }
    pool ??= this.readLevel(found, level, mark);
    const ranked: Ranked[] = [];
    const unsettled: Ranked[] = [];
    let bodyOnly: DocMeta[] | null = null;
    for (const meta of pool) {
      if (examined === null || examined.has(meta.rowid)) {
        const r = newRanked(meta, level);
        ranked.push(r);
        if (!rankHeads(r, matcher, examined === null)) unsettled.push(r);
      } else (bodyOnly ??= []).push(meta);
    }
    // Some word matched only in the body, where only FTS5 knows whether with or without a typo.
    let zeroTypos: Set<number> | null = null;
    // At every level, not only the full one: a body-only match must not pass for typo-free when the
    // level's words match titles only through a typo ("parliment budg" with "budg" dropped).
    const typoFree = unsettled.length > 0 || bodyOnly !== null ? typoFreeExpression(query, level) : null;
    if (typoFree !== null) {
      zeroTypos = new Set(this.rowidsMatching("fts", typoFree));
      for (const r of unsettled) r.typos = zeroTypos.has(r.meta.rowid) ? 0 : Math.max(1, r.typos);
    }
    if (bodyOnly !== null) {
      // Only the body matches: far apart, low attribute, a typo or not; recency decides among
      // these, so only the `need` best of them can make the page.
      const typos = (m: DocMeta) => (zeroTypos !== null && !zeroTypos.has(m.rowid) ? 1 : 0);
      for (const meta of topK(bodyOnly, need, (a, b) => typos(a) - typos(b) || b.publishedMs - a.publishedMs || b.rowid - a.rowid)) {
        const r = newRanked(meta, level);
        r.typos = typos(meta);
        r.proximity = FAR * (level - 1);
        r.attribute = 2 * level;
        r.position = 64 * level;
        ranked.push(r);
      }
    }
    if (examined === null && ranked.length > 1 && ranked.length <= SCORE_LEVEL_LIMIT && matching <= SCORE_LEVEL_LIMIT) {
      // Ties inside the buckets are decided by BM25F; the expression asks for the level's terms only.
      const scores = new Map(this.everyTermScores(query, query.kept[level]));
      const { now, halfLife } = this.freshness;
      for (const r of ranked) r.score = withFreshness(scores.get(r.meta.rowid) ?? 0, r.meta.publishedMs, now, halfLife);
    }
    return topK(ranked, need, compareRanked);
  }

  /**
   * Of titles that all hold a one-word query, those that can make the page: when `need` of them
   * start with the word without a typo, they come before every title not starting with it (equal
   * on typos, proximity and attribute, they read as the query), so only the titles starting with
   * it are ranked. "pl" at 100k articles: 16,000 titles hold it, some hundreds start with it.
   */
  private leadingTitles(matcher: Matcher, titles: DocMeta[], level: number, need: number): DocMeta[] {
    if (level !== 1 || matcher.query.words.length !== 1 || !matcher.plain) return titles;
    const leading: DocMeta[] = [];
    let typoFree = 0;
    for (const meta of titles) {
      const code = matcher.leadingCode(meta);
      if (code === NO_MATCH) continue;
      leading.push(meta);
      if (typosOf(code) === 0) typoFree++;
    }
    return typoFree >= need ? leading : titles;
  }

  /**
   * Whether documents holding every one of the terms as typed may number `cap`: each word's
   * occurrences in the vocabulary (for a word being typed, those of the words it starts) stand for
   * the documents holding it, as if the terms were independent. An estimate: it only decides
   * whether cappedRowids tries the words as typed first, never what is found.
   */
  private typedMayReach(query: CompiledQuery, terms: readonly Term[], cap: number): boolean {
    const documents = Math.max(1, this.docCount);
    let expected = documents;
    for (const term of terms) {
      if (term.synonyms.length > 0) continue;
      for (const w of term.words) {
        const word = query.words[w];
        const occurrences = word.prefixes.size > 0 ? this.vocabulary.countUnder(word.norm, documents) : this.vocabulary.count(word.norm);
        expected *= Math.min(1, occurrences / documents);
      }
    }
    return expected >= cap;
  }

  /**
   * Rowids matching `expression`, at most `cap` (not -1). A typo prefix is the costly part of an
   * expression: FTS5 merges the postings of every word under it before the first row, where other
   * terms are read only as far as the cap. So when the words as typed (`typoFree`, a subset of the
   * expression's matches) already reach the cap, they answer alone: a capped set is only counted.
   */
  private cappedRowids(expression: string, typoFree: string | null, cap: number): Float64Array {
    if (typoFree !== null) {
      const typed = this.rowidsMatching("fts", typoFree, cap);
      if (typed.length === cap) return typed;
    }
    return this.rowidsMatching("fts", expression, cap);
  }

  /** Rowids of the rows of an FTS table that match, in no particular order; at most `limit` of them unless it is -1. */
  private rowidsMatching(table: "fts" | "heads", expression: string, limit = -1): Float64Array {
    // One text value instead of a row per match: several times less work in better-sqlite3 for large sets.
    const list = this.statement(`SELECT group_concat(rowid) FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ?)`).pluck().get(expression, limit) as string | null;
    return parseIntegerList(list);
  }

  private browse(accept: (m: DocMeta) => boolean, facets: FacetName[], offset: number, limit: number) {
    this.newestFirst ??= this.allMetas().sort((a, b) => b.publishedMs - a.publishedMs || b.rowid - a.rowid);
    const matching = this.newestFirst.filter(accept);
    const total = Math.min(matching.length, MAX_TOTAL_HITS);
    const shown = matching.slice(Math.min(offset, total), Math.min(offset + limit, total));
    return { total, shown, facets: countFacets(matching, facets) };
  }

  /** Rows in the order of `rowids`. */
  private loadRows(rowids: number[], columns = "*, rowid"): DocRow[] {
    if (rowids.length === 0) return [];
    const rows = this.statement(`SELECT ${columns} FROM docs WHERE rowid IN (${rowids.map(() => "?").join(",")})`).all(...rowids) as DocRow[];
    const byRowid = new Map(rows.map((r) => [r.rowid, r]));
    return rowids.flatMap((r) => byRowid.get(r) ?? []);
  }

  private toHit(row: DocRow, matcher: Matcher | null): SearchHit {
    const doc = rowToDocument(row);
    return {
      id: doc.id,
      title: doc.title,
      url: doc.url,
      summary: doc.summary,
      publishedAt: doc.publishedAt,
      tags: doc.tags,
      authors: doc.authors,
      imageUrl: doc.imageUrl,
      language: doc.language,
      section: doc.section,
      storyId: doc.storyId ?? doc.id,
      highlight: matcher
        ? { title: highlightText(doc.title, matcher), snippet: snippet(doc, matcher) }
        : { title: escapeHtml(doc.title), snippet: leadSnippet(doc) },
    };
  }

  /**
   * The API bounds every public search with to = now (embargo). While no document is dated after
   * the bound it filters nothing, and dropping it keeps the unfiltered path's early cut-off.
   */
  private withoutIdleUpperBound(filters: SearchFilters): SearchFilters {
    if (filters.to === undefined || !(parseBound(filters.to, true) >= this.newestPublishedMs)) return filters;
    const { to: _idle, ...rest } = filters;
    return rest;
  }

  // -------------------------------------------------------------------------------------------
  // Autocomplete

  async suggest(q: string, limit: number, filters: SearchFilters = {}): Promise<Suggestion[]> {
    const query = this.compile(q ?? "", false, FULLY_READ_WORDS);
    const wanted = Math.floor(limit);
    if (query.terms.length === 0 || !(wanted > 0)) return [];
    this.compactAfterWrites();
    const matcher = new Matcher(query, this.texts);
    const bounded = this.withoutIdleUpperBound(filters);
    const accept = hasFilter(bounded) ? compileFilter(bounded) : () => true;

    // Titles that start with what was typed are the best answers and are found by binary search.
    let best = this.titlesStartingWith(query, accept, wanted);
    if (best.length < wanted) {
      const seen = new Set(best.map((r) => r.meta.rowid));
      const expression = `{title title_k} : (${matchExpression(query, query.terms.length)})`;
      const rowids = this.statement(`SELECT rowid FROM heads WHERE heads MATCH ? ORDER BY rowid DESC LIMIT ${SUGGEST_POOL}`).pluck().all(expression) as number[];
      const more: Ranked[] = [];
      for (const rowid of rowids) {
        const meta = this.byRowid[rowid];
        if (!meta || seen.has(rowid) || !accept(meta)) continue;
        const r = newRanked(meta, query.terms.length);
        rankHeads(r, matcher);
        more.push(r);
      }
      best = best.concat(topK(more, wanted - best.length, compareRanked));
    }
    const rows = new Map(this.loadRows(best.map((r) => r.meta.rowid), "rowid, id, title, url").map((row) => [row.rowid, row]));
    return best.flatMap((r) => {
      const row = rows.get(r.meta.rowid);
      return row ? [{ id: row.id, title: row.title, url: row.url ?? null, highlight: highlightText(row.title, matcher) }] : [];
    });
  }

  /**
   * The `wanted` newest accepted documents whose folded title starts with the query's folded words
   * (the last one as a prefix), titles that are the query first. The titles sort by folded text, so
   * both groups are ranges found by binary search, and only their dates are read: "th" starts
   * 4,000 titles at 100k articles.
   */
  private titlesStartingWith(query: CompiledQuery, accept: (m: DocMeta) => boolean, wanted: number): Ranked[] {
    if (query.terms.some((t) => t.synonyms.length > 0)) return [];
    const order = (this.titleOrder ??= sortTitles(this.allMetas(), this.texts));
    const lastPartial = query.words[query.words.length - 1].prefixes.size > 0;
    const typed = query.words.map((w) => w.norm).join(" ");
    // Titles that are the query sort first among those starting with it.
    const start = order.lowerBound(typed);
    const afterExact = order.lowerBound(`${typed}\u0000`);
    // The others: any title going on from there while the last word is typed, else one going on
    // with a space (the last word complete).
    const rest = lastPartial ? [afterExact, order.range(typed)[1]] : order.range(`${typed} `);
    const out: Ranked[] = [];
    // Suggestions keep stop words as query words, so the title's are the ones typed.
    const add = (rowids: number[], wholeTitle: number) => {
      for (const rowid of rowids) out.push({ ...newRanked(this.byRowid[rowid]!, query.terms.length), wholeTitle: wholeTitle + 1, exactWords: query.words.length });
    };
    const held = (rowid: number) => {
      const meta = this.byRowid[rowid];
      return meta !== undefined && accept(meta);
    };
    add(order.newest(start, afterExact, wanted, held), TITLE_IS_QUERY);
    if (out.length < wanted) add(order.newest(rest[0], rest[1], wanted - out.length, held), TITLE_STARTS_WITH_QUERY);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Rows and highlights

/** Tolerates documents from loose sources (a missing date or list) instead of failing the batch. */
function normalizeDocument(doc: SearchDocument): SearchDocument {
  return {
    id: String(doc.id),
    title: doc.title ?? "",
    summary: doc.summary ?? "",
    body: doc.body ?? "",
    url: doc.url ?? null,
    section: doc.section ?? "",
    tags: Array.isArray(doc.tags) ? doc.tags.map(String) : [],
    authors: Array.isArray(doc.authors) ? doc.authors.map(String) : [],
    language: doc.language ?? "",
    publishedAt: doc.publishedAt ?? "",
    imageUrl: doc.imageUrl ?? null,
    storyId: typeof doc.storyId === "string" && doc.storyId ? doc.storyId : String(doc.id),
  };
}

function rowToDocument(row: DocRow): SearchDocument {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary ?? "",
    body: row.body ?? "",
    url: row.url ?? null,
    section: row.section,
    language: row.language,
    tags: JSON.parse(row.tags) as string[],
    authors: JSON.parse(row.authors) as string[],
    publishedAt: row.published_at,
    imageUrl: row.image_url ?? null,
    storyId: row.story_id ?? row.id,
  };
}

/**
 * Spans for matchWords, reused text after text (searches run synchronously): the body being
 * matched, a first text kept as the fallback snippet, and opening words.
 */
const spans = new SpanBuffer();
const fallbackSpans = new SpanBuffer();
const leadSpans = new SpanBuffer(SNIPPET_WORDS + 2);

/**
 * Fills `into` with each word of `text` and the term it matched (-1 for none); synonym phrases mark
 * all their words. With a window (and no synonyms), the walk ends a window's length after the first
 * `window` words in a row that hold every term: no crop of that size shows more of the query
 * (cropMarked), so a long body is not read to its end. Answers how much of the text was read.
 */
function matchWords(text: string, matcher: Matcher, into: SpanBuffer, window = 0): number {
  const { query, termOfWord } = matcher;
  const synonyms = query.terms.some((t) => t.synonyms.length > 0);
  into.clear();
  const norms: string[] = [];
  const inWindow = window > 0 && !synonyms ? matcher.windowCounts.fill(0) : null;
  let covered = 0;
  let until = -1;
  let read = text.length;
  forEachWord(text, (norm, start, end) => {
    const codes = matcher.codes(norm);
    let group = NO_MATCH;
    for (let w = 0; w < codes.length; w++) {
      if (codes[w] !== NO_MATCH) {
        group = termOfWord[w];
        break;
      }
    }
    into.push(start, end, group);
    if (synonyms) norms.push(norm);
    if (inWindow === null) return false;
    if (into.count === until) {
      read = end;
      return true;
    }
    if (group !== NO_MATCH && inWindow[group]++ === 0) covered++;
    const leaving = into.count > window ? into.groups[into.count - 1 - window] : NO_MATCH;
    if (leaving !== NO_MATCH && --inWindow[leaving] === 0) covered--;
    // Covered: a window's worth more words, so the crop can open just before the matches.
    if (covered === inWindow.length && until === -1) until = into.count + window;
    return false;
  }, synonyms ? undefined : matcher.wants);
  if (synonyms) {
    const words: Words = { norms, keys: norms.map((n) => searchKey(n)), length: norms.length };
    query.terms.forEach((term, t) => {
      for (let at = 0; at < norms.length; at++) {
        const phrase = term.synonyms.find((p) => phraseAt(p, words, at));
        if (phrase) for (let j = 0; j < phrase.norms.length; j++) into.groups[at + j] = t;
      }
    });
  }
  return read;
}

function highlightText(text: string, matcher: Matcher): string {
  matchWords(text, matcher, spans);
  const { starts, ends, groups, count } = spans;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) if (groups[i] >= 0) ranges.push([starts[i], ends[i]]);
  return markRanges(text, ranges);
}

const hasText = (s: string) => /\S/.test(s);

function snippet(doc: SearchDocument, matcher: Matcher): string {
  let fallback: { text: string; words: WordSpans } | null = null;
  for (const source of [doc.body, doc.summary]) {
    if (!hasText(source)) continue;
    // Long bodies: the opening is where a reader looks and usually holds the matches.
    const cut = source.length > SNIPPET_SCAN_CHARS ? source.lastIndexOf(" ", SNIPPET_SCAN_CHARS) : -1;
    for (const whole of cut > 0 ? [source.slice(0, cut), source] : [source]) {
      const words: SpanBuffer = fallback === null ? fallbackSpans : spans;
      const read = matchWords(whole, matcher, words, SNIPPET_WORDS);
      if (words.hasMatch()) {
        const text = whole.slice(0, read);
        const html = cropMarked(text, words, SNIPPET_WORDS);
        return text.length < source.length && !html.endsWith(CROP_MARKER) ? html + CROP_MARKER : html;
      }
      fallback ??= { text: whole, words };
    }
  }
  if (hasText(doc.summary)) return leadSnippet(doc);
  return fallback ? cropMarked(fallback.text, fallback.words, SNIPPET_WORDS) : "";
}

/** The opening words of the summary (or of the body when there is no summary), escaped. */
function leadSnippet(doc: SearchDocument): string {
  const text = hasText(doc.summary) ? doc.summary : doc.body;
  const words = leadSpans.clear();
  forEachWord(text, (_, start, end) => {
    words.push(start, end, NO_MATCH);
    // Only the opening is shown; the rest of a long body need not be read.
    return words.count > SNIPPET_WORDS;
  });
  return cropMarked(text, words, SNIPPET_WORDS);
}
