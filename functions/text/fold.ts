/**
 * Folding: the case- and accent-insensitive form of a text that every text feature compares
 * (search, entities, related stories). One rule per letter: ə → a, ı/İ → i, ё → е, é → e, ß → ss.
 */

/** Letters that Unicode decomposition does not fold the way readers expect. */
const SPECIAL_FOLDS = new Map<string, string>(Object.entries({
  ı: "i", // Turkic dotless i
  ə: "a", // Azerbaijani schwa: Əliyev is written Aliyev in English
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  đ: "d",
  ð: "d",
  þ: "th",
  ł: "l",
  ħ: "h",
  й: "й", // a letter of its own in Russian, not и with a breve
}));

const foldedChars = new Map<string, string>();

function foldChar(c: string): string {
  let folded = foldedChars.get(c);
  if (folded === undefined) {
    folded = SPECIAL_FOLDS.get(c) ?? c.normalize("NFKD").replace(/\p{M}/gu, "");
    // NFKD can expose further letters that need folding (ligatures, compatibility forms).
    folded = folded.toLowerCase();
    foldedChars.set(c, folded);
  }
  return folded;
}

/** Case- and accent-insensitive form of a text: İ/I/ı → i, ə → a, ё → е, é → e, ß → ss. */
export function foldText(s: string): string {
  // toLowerCase turns İ into i + U+0307; the combining dot is dropped below.
  const lower = s.toLowerCase();
  if (!FOLDABLE.test(lower)) return lower;
  return lower.replace(FOLDABLE_ALL, foldChar);
}

/**
 * Characters folding may change: all but ASCII and the Russian lower case а–я, which fold to
 * themselves (й is kept whole, ё is outside the range). Russian text then folds without a callback per letter.
 */
const FOLDABLE = /[^\x00-\x7f\u0430-\u044f]/;
const FOLDABLE_ALL = new RegExp(FOLDABLE.source, "g");
