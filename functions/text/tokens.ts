/** Words of a text with their offsets and folded form, and the script a folded word is written in. */
import { foldText } from "./fold.js";

export interface Token {
  /** The word as written. */
  text: string;
  /** UTF-16 offsets into the source text, [start, end). */
  start: number;
  end: number;
  /** Folded form (foldText). */
  norm: string;
}


/** Called with each word's folded form and offsets; true ends the walk. */
export type WordVisitor = (norm: string, start: number, end: number) => boolean | void;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** The same class for pure-ASCII text, where it is several times faster. */
const ASCII_WORD = /[A-Za-z0-9]+/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** Words (letters, digits and their combining marks) with their offsets and folded form. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, (norm, start, end) => {
    tokens.push({ text: text.slice(start, end), start, end, norm });
  });
  return tokens;
}

/**
 * tokenize() without building objects: `visit` gets each word's folded form and offsets, and ends
 * the walk by returning true. With `wanted`, a word of ASCII text whose first character it turns
 * down is visited with norm "", saving the string: for callers that only look at words with
 * certain first characters.
 */
export function forEachWord(text: string, visit: WordVisitor, wanted?: (firstUnit: number) => boolean): void {
  if (!NON_ASCII.test(text)) return forEachAsciiWord(text, visit, wanted);
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (wordClassAt(text, i) === OTHER) {
      i += unitsAt(text, i);
      continue;
    }
    // WORD's run: letters, digits and marks, by code point.
    const start = i;
    do i += unitsAt(text, i);
    while (i < n && wordClassAt(text, i) !== OTHER);
    const norm = foldWord(text.slice(start, i));
    // Folding can leave no letter or digit (a lone mark, a fraction slash): not a word.
    if (!hasLetterOrDigit(norm)) continue;
    if (visit(norm, start, i) === true) return;
  }
}

const LETTER_OR_DIGIT = 1;
const MARK = 2;
const OTHER = 3;
/** WORD's classes per UTF-16 unit outside the surrogates, filled as units are met (0: not yet). */
const unitClass = new Uint8Array(0x10000);

function classOf(char: string): number {
  return /[\p{L}\p{N}]/u.test(char) ? LETTER_OR_DIGIT : /\p{M}/u.test(char) ? MARK : OTHER;
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** UTF-16 units of the code point at i: 2 for a surrogate pair, else 1. */
function unitsAt(text: string, i: number): number {
  return isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
}

/** The class of the code point at i, as the regex WORD (with its u flag) sees it. */
function wordClassAt(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit < 0xd800 || unit > 0xdfff) {
    let k = unitClass[unit];
    if (k === 0) k = unitClass[unit] = classOf(String.fromCharCode(unit));
    return k;
  }
  // Astral code points are rare in news text: classified each time. A lone surrogate is no letter.
  return unitsAt(text, i) === 2 ? classOf(text.slice(i, i + 2)) : OTHER;
}

function hasLetterOrDigit(norm: string): boolean {
  for (let i = 0; i < norm.length; i += unitsAt(norm, i)) if (wordClassAt(norm, i) === LETTER_OR_DIGIT) return true;
  return false;
}

/** Folded forms of words met in non-ASCII text, bounded: the same words recur from text to text. */
const foldedWords = new Map<string, string>();
const FOLDED_WORDS_KEPT = 20_000;
/**
 * Longer words are folded each time: V8 makes a slice of 13 units or more a view of the text it
 * came from, so keeping one as a key would keep that whole text alive.
 */
const FOLDED_WORD_MAX_UNITS = 12;

function foldWord(word: string): string {
  if (word.length > FOLDED_WORD_MAX_UNITS) return foldText(word);
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    if (foldedWords.size >= FOLDED_WORDS_KEPT) foldedWords.clear();
    folded = foldText(word);
    foldedWords.set(word, folded);
  }
  return folded;
}

const isAsciiWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** The words ASCII_WORD finds, scanned by hand: lower-casing ASCII keeps offsets, so it is done once. */
function forEachAsciiWord(text: string, visit: WordVisitor, wanted?: (firstUnit: number) => boolean): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const first = lower.charCodeAt(i);
    if (!isAsciiWordChar(first)) {
      i++;
      continue;
    }
    const start = i;
    while (++i < n && isAsciiWordChar(lower.charCodeAt(i)));
    if (visit(wanted === undefined || wanted(first) ? lower.slice(start, i) : "", start, i) === true) return;
  }
}

/** Folded words only, for callers that need no offsets. */
export function words(text: string): string[] {
  const folded = foldText(text);
  const ascii = !NON_ASCII.test(folded);
  const out: string[] = [];
  for (const m of folded.matchAll(ascii ? ASCII_WORD : WORD)) {
    if (ascii || /[\p{L}\p{N}]/u.test(m[0])) out.push(m[0]);
  }
  return out;
}

export function isNumeric(norm: string): boolean {
  return /\p{N}/u.test(norm);
}

export const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

export type Script = "cyrillic" | "latin" | "other";

export function scriptOf(norm: string): Script {
  if (CYRILLIC.test(norm)) return "cyrillic";
  if (LATIN.test(norm)) return "latin";
  return "other";
}
