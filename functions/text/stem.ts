/** Stemmers: Snowball English (Porter2) and Russian, picked by language or by the word's script. */
import { isNumeric, scriptOf, type Script } from "./tokens.js";

// English stemmer: Snowball "english" (Porter2)

const EN_VOWELS = "aeiouy";
const isEnVowel = (c: string | undefined) => c !== undefined && EN_VOWELS.includes(c);
const EN_DOUBLES = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"];
const EN_LI_ENDINGS = "cdeghkmnrt";

// Maps, not object literals: words such as "constructor" must not find Object.prototype members.
const EN_EXCEPTIONS = new Map<string, string>(Object.entries({
  skis: "ski",
  skies: "sky",
  dying: "die",
  lying: "lie",
  tying: "tie",
  idly: "idl",
  gently: "gentl",
  ugly: "ugli",
  early: "earli",
  only: "onli",
  singly: "singl",
  sky: "sky",
  news: "news",
  howe: "howe",
  atlas: "atlas",
  cosmos: "cosmos",
  bias: "bias",
  andes: "andes",
}));
const EN_EXCEPTIONS_AFTER_1A = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);

function enRegions(w: string): [number, number] {
  const after = (from: number): number => {
    for (let i = from + 1; i < w.length; i++) if (!isEnVowel(w[i]) && isEnVowel(w[i - 1])) return i + 1;
    return w.length;
  };
  let r1: number;
  const special = ["gener", "commun", "arsen"].find((p) => w.startsWith(p));
  if (special) r1 = special.length;
  else r1 = after(0);
  // R2 is R1 computed again inside R1.
  let r2 = w.length;
  for (let i = r1 + 1; i < w.length; i++) {
    if (!isEnVowel(w[i]) && isEnVowel(w[i - 1])) {
      r2 = i + 1;
      break;
    }
  }
  return [r1, r2];
}

/** Short syllable ending at index i-1 (the last syllable of w.slice(0, i)). */
function endsWithShortSyllable(w: string): boolean {
  const n = w.length;
  if (n === 2) return isEnVowel(w[0]) && !isEnVowel(w[1]);
  if (n < 3) return false;
  const [a, b, c] = [w[n - 3], w[n - 2], w[n - 1]];
  return !isEnVowel(a) && isEnVowel(b) && !isEnVowel(c) && !"wxY".includes(c);
}

function longestSuffix(w: string, suffixes: string[]): string | undefined {
  let best: string | undefined;
  for (const s of suffixes) if (w.endsWith(s) && (best === undefined || s.length > best.length)) best = s;
  return best;
}

const EN_STEP2 = new Map<string, string>(Object.entries({
  tional: "tion",
  enci: "ence",
  anci: "ance",
  abli: "able",
  entli: "ent",
  izer: "ize",
  ization: "ize",
  ational: "ate",
  ation: "ate",
  ator: "ate",
  alism: "al",
  aliti: "al",
  alli: "al",
  fulness: "ful",
  ousli: "ous",
  ousness: "ous",
  iveness: "ive",
  iviti: "ive",
  biliti: "ble",
  bli: "ble",
  ogi: "og",
  fulli: "ful",
  lessli: "less",
  li: "",
}));
const EN_STEP2_KEYS = [...EN_STEP2.keys()];

const EN_STEP3 = new Map<string, string>(Object.entries({
  tional: "tion",
  ational: "ate",
  alize: "al",
  icate: "ic",
  iciti: "ic",
  ical: "ic",
  ful: "",
  ness: "",
  ative: "",
}));
const EN_STEP3_KEYS = [...EN_STEP3.keys()];

const EN_STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"];

export function stemEnglish(word: string): string {
  if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
  const exception = EN_EXCEPTIONS.get(word);
  if (exception) return exception;

  // Y as consonant: initial y, or y after a vowel.
  let w = word.replace(/^y/, "Y").replace(/([aeiouy])y/g, "$1Y");
  const [r1, r2] = enRegions(w);
  const inR1 = (suffix: string) => w.length - suffix.length >= r1;
  const inR2 = (suffix: string) => w.length - suffix.length >= r2;
  const hasVowelBefore = (end: number) => /[aeiouy]/.test(w.slice(0, end));

  // Step 1a
  const s1a = longestSuffix(w, ["sses", "ied", "ies", "us", "ss", "s"]);
  if (s1a === "sses") w = w.slice(0, -2);
  else if (s1a === "ied" || s1a === "ies") w = w.slice(0, -3) + (w.length > 4 ? "i" : "ie");
  else if (s1a === "s" && hasVowelBefore(w.length - 2)) w = w.slice(0, -1);
  if (EN_EXCEPTIONS_AFTER_1A.has(w)) return w;

  // Step 1b
  const s1b = longestSuffix(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
  if (s1b === "eed" || s1b === "eedly") {
    if (inR1(s1b)) w = w.slice(0, -s1b.length) + "ee";
  } else if (s1b && hasVowelBefore(w.length - s1b.length)) {
    w = w.slice(0, -s1b.length);
    if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
    else if (EN_DOUBLES.some((d) => w.endsWith(d))) w = w.slice(0, -1);
    else if (endsWithShortSyllable(w) && r1 >= w.length) w += "e";
  }

  // Step 1c
  if (w.length > 2 && /[yY]$/.test(w) && !isEnVowel(w[w.length - 2])) w = w.slice(0, -1) + "i";

  // Step 2
  const s2 = longestSuffix(w, EN_STEP2_KEYS);
  if (s2 !== undefined && inR1(s2)) {
    if (s2 === "ogi") {
      if (w[w.length - 4] === "l") w = w.slice(0, -1);
    } else if (s2 === "li") {
      if (EN_LI_ENDINGS.includes(w[w.length - 3] ?? "")) w = w.slice(0, -2);
    } else w = w.slice(0, -s2.length) + EN_STEP2.get(s2)!;
  }

  // Step 3
  const s3 = longestSuffix(w, EN_STEP3_KEYS);
  if (s3 !== undefined && inR1(s3)) {
    if (s3 === "ative") {
      if (inR2(s3)) w = w.slice(0, -5);
    } else w = w.slice(0, -s3.length) + EN_STEP3.get(s3)!;
  }

  // Step 4
  const s4 = longestSuffix(w, EN_STEP4);
  if (s4 !== undefined && inR2(s4)) {
    if (s4 === "ion") {
      if ("st".includes(w[w.length - 4] ?? "x")) w = w.slice(0, -3);
    } else w = w.slice(0, -s4.length);
  }

  // Step 5
  if (w.endsWith("e")) {
    if (inR2("e") || (inR1("e") && !endsWithShortSyllable(w.slice(0, -1)))) w = w.slice(0, -1);
  } else if (w.endsWith("ll") && inR2("l")) w = w.slice(0, -1);

  return w.replace(/Y/g, "y");
}

// ---------------------------------------------------------------------------------------------
// Russian stemmer: Snowball "russian"

const RU_VOWELS = "аеиоуыэюя";
const isRuVowel = (c: string | undefined) => c !== undefined && RU_VOWELS.includes(c);

const RU_PERFECTIVE_GERUND_1 = ["в", "вши", "вшись"]; // preceded by а or я
const RU_PERFECTIVE_GERUND_2 = ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"];
const RU_ADJECTIVE = ["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"];
const RU_PARTICIPLE_1 = ["ем", "нн", "вш", "ющ", "щ"]; // preceded by а or я
const RU_PARTICIPLE_2 = ["ивш", "ывш", "ующ"];
const RU_REFLEXIVE = ["ся", "сь"];
const RU_VERB_1 = ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"]; // preceded by а or я
const RU_VERB_2 = ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"];
const RU_NOUN = ["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я"];

/** Removes the longest suffix of `rv` from the list (group 1 needs а/я before it); returns the rest or null. */
function ruRemove(rv: string, group1: string[], group2: string[] = []): string | null {
  let best: string | null = null;
  let bestLength = -1;
  for (const s of group1) {
    if (s.length > bestLength && rv.endsWith(s) && "ая".includes(rv[rv.length - s.length - 1] ?? "x")) {
      best = rv.slice(0, -s.length);
      bestLength = s.length;
    }
  }
  for (const s of group2) {
    if (s.length > bestLength && rv.endsWith(s)) {
      best = rv.slice(0, -s.length);
      bestLength = s.length;
    }
  }
  return best;
}

function ruRemoveAdjectival(rv: string): string | null {
  const withoutAdjective = ruRemove(rv, [], RU_ADJECTIVE);
  if (withoutAdjective === null) return null;
  return ruRemove(withoutAdjective, RU_PARTICIPLE_1, RU_PARTICIPLE_2) ?? withoutAdjective;
}

export function stemRussian(word: string): string {
  if (!/^[а-яё]+$/.test(word)) return word;
  const w = word.replace(/ё/g, "е");
  let rvStart = w.length;
  for (let i = 0; i < w.length; i++) {
    if (isRuVowel(w[i])) {
      rvStart = i + 1;
      break;
    }
  }
  // R2 (for the derivational step), computed on the whole word.
  const regionAfter = (from: number) => {
    for (let i = from + 1; i < w.length; i++) if (!isRuVowel(w[i]) && isRuVowel(w[i - 1])) return i + 1;
    return w.length;
  };
  const r2 = regionAfter(regionAfter(0) - 1);

  const prefix = w.slice(0, rvStart);
  let rv = w.slice(rvStart);

  // Step 1
  const gerund = ruRemove(rv, RU_PERFECTIVE_GERUND_1, RU_PERFECTIVE_GERUND_2);
  if (gerund !== null) rv = gerund;
  else {
    rv = ruRemove(rv, [], RU_REFLEXIVE) ?? rv;
    rv = ruRemoveAdjectival(rv) ?? ruRemove(rv, RU_VERB_1, RU_VERB_2) ?? ruRemove(rv, [], RU_NOUN) ?? rv;
  }
  // Step 2
  if (rv.endsWith("и")) rv = rv.slice(0, -1);
  // Step 3: derivational ending inside R2
  for (const s of ["ость", "ост"]) {
    if (rv.endsWith(s) && prefix.length + rv.length - s.length >= r2) {
      rv = rv.slice(0, -s.length);
      break;
    }
  }
  // Step 4
  if (rv.endsWith("нн")) rv = rv.slice(0, -1);
  else if (rv.endsWith("ейше") || rv.endsWith("ейш")) {
    rv = rv.slice(0, rv.endsWith("ейше") ? -4 : -3);
    if (rv.endsWith("нн")) rv = rv.slice(0, -1);
  } else if (rv.endsWith("ь")) rv = rv.slice(0, -1);

  return prefix + rv;
}

// ---------------------------------------------------------------------------------------------
// Stemming by language or script

const STEMMERS = new Map<string, { script: Script; stem: (w: string) => string }>(Object.entries({
  en: { script: "latin", stem: stemEnglish },
  ru: { script: "cyrillic", stem: stemRussian },
}));

/**
 * Stem of a folded word. `language` (ISO 639-1) picks the stemmer when one exists for the word's
 * script; otherwise the script decides (Cyrillic → Russian, Latin → English), so a query, whose
 * language is unknown, stems the same way as the article it should find.
 */
export function stem(norm: string, language?: string): string {
  if (isNumeric(norm)) return norm;
  const script = scriptOf(norm);
  const chosen = language ? STEMMERS.get(language.toLowerCase()) : undefined;
  if (chosen && chosen.script === script) return chosen.stem(norm);
  if (script === "cyrillic") return stemRussian(norm);
  if (script === "latin") return stemEnglish(norm);
  return norm;
}
