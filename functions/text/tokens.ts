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
  // A fresh regex per call: its lastIndex must not be shared with a caller's own walk.
  const word = new RegExp(WORD);
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    const norm = foldText(m[0]);
    // Folding can leave no letter or digit (a lone mark, a fraction slash): not a word.
    if (!/[\p{L}\p{N}]/u.test(norm)) continue;
    if (visit(norm, m.index, m.index + m[0].length) === true) return;
  }
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
