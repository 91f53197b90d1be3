/**
 * Language detection for articles the CMS sent without a language. Heuristics on scripts,
 * language-specific letters and stopwords: enough for whole articles and most headlines.
 */
import { STOP_WORD_LISTS } from "../text/index.js";

export const SUPPORTED_LANGUAGES = ["en", "ru", "az"] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

/** Below this many letters there is not enough evidence to say anything. */
const MIN_LETTERS = 10;
/** Detection looks at the start of long texts only. */
const SAMPLE_CHARS = 6000;

type Script =
  | "latin" | "cyrillic" | "greek" | "armenian" | "georgian" | "hebrew" | "arabic"
  | "han" | "kana" | "hangul" | "devanagari" | "thai";

const SCRIPT_RANGES: [number, number, Script][] = [
  [0x41, 0x5a, "latin"], [0x61, 0x7a, "latin"], [0xc0, 0x24f, "latin"], [0x250, 0x2af, "latin"], [0x1e00, 0x1eff, "latin"],
  [0x370, 0x3ff, "greek"], [0x400, 0x52f, "cyrillic"], [0x530, 0x58f, "armenian"], [0x590, 0x5ff, "hebrew"],
  [0x600, 0x6ff, "arabic"], [0x750, 0x77f, "arabic"], [0x900, 0x97f, "devanagari"], [0xe00, 0xe7f, "thai"],
  [0x10a0, 0x10ff, "georgian"], [0x1c90, 0x1cbf, "georgian"], [0x1100, 0x11ff, "hangul"], [0x3040, 0x30ff, "kana"],
  [0x3400, 0x4dbf, "han"], [0x4e00, 0x9fff, "han"], [0xac00, 0xd7af, "hangul"], [0xfb50, 0xfdff, "arabic"], [0xfe70, 0xfeff, "arabic"],
];

/** Scripts that name their language outright. */
const SCRIPT_LANGUAGE: Partial<Record<Script, string>> = {
  greek: "el", armenian: "hy", georgian: "ka", hebrew: "he", devanagari: "hi", thai: "th", hangul: "ko",
};

function scriptOf(codePoint: number): Script | undefined {
  if (codePoint < 0x80) return (codePoint | 0x20) >= 0x61 && (codePoint | 0x20) <= 0x7a ? "latin" : undefined;
  for (const [from, to, script] of SCRIPT_RANGES) if (codePoint >= from && codePoint <= to) return script;
  return undefined;
}

export function detectLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  const counts = new Map<Script, number>();
  let letters = 0;
  for (const char of sample) {
    const script = scriptOf(char.codePointAt(0)!);
    if (!script) continue;
    counts.set(script, (counts.get(script) ?? 0) + 1);
    letters++;
  }
  if (letters < MIN_LETTERS) return "und";
  const dominant = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  switch (dominant) {
    case "latin":
      return latinLanguage(sample);
    case "cyrillic":
      return cyrillicLanguage(sample, counts.get("cyrillic")!);
    case "arabic":
      // Persian adds letters Arabic does not have and writes yeh and kaf differently.
      return /[پچژگیک]/.test(sample) ? "fa" : "ar";
    case "han":
    case "kana":
      return counts.get("kana") ? "ja" : "zh";
    default:
      return SCRIPT_LANGUAGE[dominant] ?? "und";
  }
}

// ---------------------------------------------------------------- Cyrillic

/** Letters that Russian does not use, and the language each one points to (checked in this order). */
const CYRILLIC_MARKERS: [RegExp, string][] = [
  [/[ҹј]/gu, "az"], // with ә, checked below
  [/[ӣӯҳҷ]/gu, "tg"],
  [/[җ]/gu, "tt"],
  [/[құ]/gu, "kk"],
  [/[ң]/gu, "ky"],
  [/[өү]/gu, "mn"],
  [/[ђћџљњ]/gu, "sr"],
  [/[ѓќѕ]/gu, "mk"],
  [/[ў]/gu, "be"],
  [/[єїґ]/gu, "uk"],
];

const RUSSIAN_STOPWORDS = new Set(STOP_WORD_LISTS.ru);
const BULGARIAN_STOPWORDS = new Set(STOP_WORD_LISTS.bg);

function cyrillicLanguage(text: string, cyrillicLetters: number): string {
  const lower = text.toLowerCase();
  // A marker must be frequent enough that one quoted foreign name does not flip a Russian text.
  const enough = (hits: number) => hits >= 3 || (hits >= 1 && hits / cyrillicLetters >= 0.004);
  for (const [marker, language] of CYRILLIC_MARKERS) {
    if (language === "az" && !lower.includes("ә")) continue;
    if (enough(lower.match(marker)?.length ?? 0)) return language;
  }
  const hasRussianOnlyLetters = /[ыэё]/u.test(lower);
  const ukrainianI = lower.match(/і/gu)?.length ?? 0;
  if (!hasRussianOnlyLetters && enough(ukrainianI)) return "uk";
  if (!hasRussianOnlyLetters) {
    const words = wordsOf(lower);
    const bg = words.filter((w) => BULGARIAN_STOPWORDS.has(w)).length;
    const ru = words.filter((w) => RUSSIAN_STOPWORDS.has(w)).length;
    if (bg > ru && bg >= 2) return "bg";
  }
  return "ru";
}

// ---------------------------------------------------------------- Latin

/** The text module's lists as written: "və" counts for Azerbaijani, "ve" for Turkish. */
const STOPWORDS: Record<string, Set<string>> = Object.fromEntries(
  (["en", "az", "tr", "de", "fr", "es"] as const).map((language) => [language, new Set(STOP_WORD_LISTS[language])]),
);

const STOPWORD_LISTS = Object.entries(STOPWORDS);

/** Azerbaijani writes q and x; Turkish has neither. */
const AZ_QX_WORD = /^(?=.*[qx])(?=.*[əıöüçşğ]|.*(?:lar|lər|dır|dir)$)/u;
/** The Turkish present continuous ("geliyor", "diyorlar") has no Azerbaijani counterpart. */
const TR_YOR_WORD = /[ıiuü]yor(?:um|sun|uz|sunuz|lar|du|muş)?$/u;

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{M}]+/gu) ?? [];
}

function latinLanguage(text: string): string {
  // "İ".toLowerCase() is "i" plus a combining dot; drop the dot so "İlham" matches "ilham".
  const words = wordsOf(text.toLowerCase().replace(/\u0307/g, ""));
  const scores = new Map<string, number>(Object.keys(STOPWORDS).map((language) => [language, 0]));
  let schwaWords = 0;
  let qxWords = 0;
  let yorWords = 0;
  let turkicLetters = 0;
  for (const word of words) {
    for (const [language, stopwords] of STOPWORD_LISTS) {
      if (stopwords.has(word)) scores.set(language, scores.get(language)! + 1);
    }
    if (/[qx]/.test(word) && AZ_QX_WORD.test(word)) qxWords++;
    if (word.includes("yor") && TR_YOR_WORD.test(word)) yorWords++;
    if (/^[a-z]+$/.test(word)) continue;
    if (word.includes("ə")) schwaWords++;
    if (/[ıəğş]/u.test(word)) turkicLetters++;
  }

  scores.set("az", scores.get("az")! + 2 * schwaWords + qxWords);
  // No Turkish text contains ə.
  scores.set("tr", schwaWords > 0 ? 0 : scores.get("tr")! + 2 * yorWords);
  if (turkicLetters > 0) scores.set("en", scores.get("en")! / 2);

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, runnerUp] = ranked;
  if (best[1] > 0 && best[1] > runnerUp[1]) return best[0];
  // Dotless i, ğ or ş mark a Turkic language even without stopwords; ə tells which one.
  if (turkicLetters > 0) return schwaWords > 0 ? "az" : "tr";
  return "und";
}
