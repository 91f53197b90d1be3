/**
 * The one Cyrillic → Latin table, BGN/PCGN-like (without the apostrophes for ь and ъ), used for
 * search keys and entity keys alike, so "Алиев" and "Aliyev" meet wherever names are compared.
 */
import { foldText } from "./fold.js";
import { CYRILLIC } from "./tokens.js";

const CYRILLIC_TO_LATIN = new Map<string, string>(Object.entries({
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y",
  к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f",
  х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
  // Ukrainian, Belarusian, Kazakh and Azerbaijani Cyrillic letters
  і: "i", ї: "yi", є: "ye", ґ: "g", ў: "w", ә: "a", ғ: "gh", қ: "q", ң: "ng", ө: "o", ұ: "u",
  ү: "u", һ: "h", ј: "y", ҹ: "j", ҝ: "g",
}));
/** After these (and at the start of a word) е is written "ye": Алиев → aliyev, Ельцин → yeltsin. */
const YE_AFTER = new Set([..."аеёиоуыэюяйъьії"]);

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/** Cyrillic letters of a folded text in Latin; other characters pass through. */
export function transliterate(norm: string): string {
  if (!CYRILLIC.test(norm)) return norm;
  let out = "";
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i];
    const wordStart = i === 0 || !WORD_CHAR.test(norm[i - 1]);
    if ((c === "е" || c === "ё") && (wordStart || YE_AFTER.has(norm[i - 1]))) out += "ye";
    else out += CYRILLIC_TO_LATIN.get(c) ?? c;
  }
  return out;
}

/**
 * Lowercase ASCII key of a name for comparing names across scripts and spellings: folded,
 * transliterated, apostrophes and dots dropped, anything else between letters a space
 * ("Ərdoğan" → "ardogan", "Алиев" → "aliyev", "U.S." → "us").
 */
export function asciiNameKey(name: string): string {
  return transliterate(foldText(name)).replace(/['’.]/g, "").replace(/[^a-z0-9]+/g, " ").trim();
}
