/**
 * Language-aware text normalisation shared by indexing and querying, by both search adapters.
 *
 * Pipeline for one word: foldText (case, diacritics, Turkic/Azerbaijani letters, ё) → stem
 * (English Porter2 or Russian Snowball, picked by script) → transliterate (Cyrillic → Latin)
 * → a final name normalisation so that Aliyev ↔ Алиев ↔ Əliyev and Putin ↔ Путина meet on one key.
 */

export interface Token {
  /** The word as written. */
  text: string;
  /** UTF-16 offsets into the source text, [start, end). */
  start: number;
  end: number;
  /** Folded form (foldText). */
  norm: string;
}

// ---------------------------------------------------------------------------------------------
// Folding

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
  if (!/[^\x00-\x7f]/.test(lower)) return lower;
  return lower.replace(/[^\x00-\x7f]/g, foldChar);
}

// ---------------------------------------------------------------------------------------------
// Tokens

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** The same class for pure-ASCII text, where it is several times faster. */
const ASCII_WORD = /[A-Za-z0-9]+/g;
const NON_ASCII = /[^\x00-\x7f]/;

/** Words (letters, digits and their combining marks) with their offsets and folded form. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, (norm, start, end) => tokens.push({ text: text.slice(start, end), start, end, norm }));
  return tokens;
}

/**
 * tokenize() without building objects: `visit` gets each word's folded form and offsets. With
 * `wanted`, a word of ASCII text whose first character it turns down is visited with norm "",
 * saving the string: for callers that only look at words with certain first characters.
 */
export function forEachWord(text: string, visit: (norm: string, start: number, end: number) => void, wanted?: (firstUnit: number) => boolean): void {
  if (!NON_ASCII.test(text)) return forEachAsciiWord(text, visit, wanted);
  // A fresh regex per call: its lastIndex must not be shared with a caller's own walk.
  const word = new RegExp(WORD);
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    const norm = foldText(m[0]);
    // Folding can leave no letter or digit (a lone mark, a fraction slash): not a word.
    if (!/[\p{L}\p{N}]/u.test(norm)) continue;
    visit(norm, m.index, m.index + m[0].length);
  }
}

const isAsciiWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** The words ASCII_WORD finds, scanned by hand: lower-casing ASCII keeps offsets, so it is done once. */
function forEachAsciiWord(text: string, visit: (norm: string, start: number, end: number) => void, wanted?: (firstUnit: number) => boolean): void {
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
    visit(wanted === undefined || wanted(first) ? lower.slice(start, i) : "", start, i);
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

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

export type Script = "cyrillic" | "latin" | "other";

export function scriptOf(norm: string): Script {
  if (CYRILLIC.test(norm)) return "cyrillic";
  if (LATIN.test(norm)) return "latin";
  return "other";
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Transliteration: Cyrillic → Latin, BGN/PCGN-like (without the apostrophes for ь and ъ)

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

/** Cyrillic letters of a folded word in Latin; other characters pass through. */
export function transliterate(norm: string): string {
  if (!CYRILLIC.test(norm)) return norm;
  let out = "";
  for (let i = 0; i < norm.length; i++) {
    const c = norm[i];
    if ((c === "е" || c === "ё") && (i === 0 || YE_AFTER.has(norm[i - 1]))) out += "ye";
    else out += CYRILLIC_TO_LATIN.get(c) ?? c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Match keys: one Latin key per word, shared by every script

/**
 * Names the rules cannot bring together (Bakı/Баку/Baku, Москва/Moscow). Each English exonym
 * lists the folded spellings that should find it, inflected Russian forms included.
 */
const EXONYMS: Record<string, string[]> = {
  baku: ["baki", "баку"],
  azerbaijan: ["azarbaycan", "азербайджан", "азербайджана", "азербайджане", "азербайджану", "азербайджаном"],
  moscow: ["moskva", "москва", "москвы", "москве", "москву", "москвой"],
  kyiv: ["kiev", "kiyev", "киев", "киева", "киеве", "киеву", "київ"],
  russia: ["rossiya", "россия", "россии", "россию", "россией", "rusiya"],
  ukraine: ["ukrayna", "украина", "украины", "украине", "украину", "украиной", "україна"],
  turkey: ["turkiye", "турция", "турции", "турцию", "турцией"],
  georgia: ["gurcustan", "грузия", "грузии", "грузию", "грузией"],
  armenia: ["ermanistan", "армения", "армении", "армению", "арменией"],
  iran: ["иран", "ирана", "иране", "ирану"],
  ganja: ["ganca", "гянджа", "гянджи", "гяндже"],
  karabakh: ["qarabag", "карабах", "карабаха", "карабахе"],
};

let exonymKeys: Map<string, string> | undefined;

function exonymKey(norm: string): string | undefined {
  if (!exonymKeys) {
    exonymKeys = new Map();
    for (const [english, spellings] of Object.entries(EXONYMS)) {
      const key = ruleKey(english);
      for (const spelling of spellings) exonymKeys.set(foldText(spelling), key);
    }
  }
  return exonymKeys.get(norm);
}

/**
 * Makes transliterated Russian names meet their English spelling after stemming: the Russian
 * stemmer cuts -ев/-ов (Алиев → али), the English one turns a final -y into -i (Navalny → navalni).
 */
function normalizeName(key: string): string {
  let k = key;
  if (k.length >= 6 && /y[eo]v$/.test(k)) k = k.slice(0, -3);
  else if (k.length >= 5 && /[eo]v$/.test(k)) k = k.slice(0, -2);
  if (k.length >= 5 && /[^aeiouy][iy]$/.test(k)) k = k.slice(0, -1);
  return k;
}

function ruleKey(norm: string, language?: string): string {
  if (isNumeric(norm)) return norm;
  // Snowball cuts the nominative of -ев/-ов surnames to a stub (Алиев → ал) but keeps the other
  // cases whole (Алиева → алиев); normalizeName strips the suffix the same way from every form.
  if (norm.length >= 5 && /[ео]в$/.test(norm)) return normalizeName(transliterate(norm));
  return normalizeName(transliterate(stem(norm, language)));
}

/**
 * The Latin match key of a folded word: stemmed, transliterated and name-normalised, so
 * Путина, Putin → putin; Алиева, Aliyev, Əliyev → ali; Bakı, Баку → baku; prices → price.
 */
export function searchKey(norm: string, language = ""): string {
  let cache = keyCaches.get(language);
  if (!cache) keyCaches.set(language, (cache = new Map()));
  let key = cache.get(norm);
  if (key === undefined) {
    key = exonymKey(norm) ?? ruleKey(norm, language || undefined);
    // Indexing asks for the same few thousand words over and over; a full cache starts again.
    if (cache.size >= KEY_CACHE_SIZE) cache.clear();
    cache.set(norm, key);
  }
  return key;
}

/**
 * Whether searchKey(norm) may start with another character than norm. Stemming and name
 * normalisation only ever rewrite the end of a word; only a transliterated (Cyrillic) word or an
 * exonym such as Ermanistan → armenia gets a key that starts differently. A caller looking for
 * keys with known first characters can thus pass over other words without their keys.
 */
export function keyMayChangeInitial(norm: string): boolean {
  return CYRILLIC.test(norm) || initialChangingExonyms().spellings.has(norm);
}

/** keyMayChangeInitial for a word of ASCII letters and digits, from its first character alone. */
export function asciiKeyMayChangeInitial(firstUnit: number): boolean {
  return initialChangingExonyms().initials.has(firstUnit);
}

let initialChanging: { spellings: Set<string>; initials: Set<number> } | undefined;

function initialChangingExonyms(): { spellings: Set<string>; initials: Set<number> } {
  if (!initialChanging) {
    const spellings = new Set<string>();
    for (const list of Object.values(EXONYMS)) {
      for (const spelling of list) {
        const norm = foldText(spelling);
        if (exonymKey(norm)!.charCodeAt(0) !== norm.charCodeAt(0)) spellings.add(norm);
      }
    }
    initialChanging = { spellings, initials: new Set([...spellings].map((s) => s.charCodeAt(0))) };
  }
  return initialChanging;
}

const KEY_CACHE_SIZE = 200_000;
/** One cache per language, so a lookup needs no composed key. */
const keyCaches = new Map<string, Map<string, string>>();

/** Latin form of a still-growing word: transliterated but not stemmed, for prefix matching. */
export function prefixKey(norm: string): string {
  return exonymKey(norm) ?? transliterate(norm);
}

/** Latin-script, folded, stemmed, space-joined form of a text (one key per word). */
export function latinSearchText(text: string, language?: string): string {
  return words(text)
    .map((w) => searchKey(w, language))
    .join(" ");
}

/** Whether the last word of a query is still being typed (no separator after it). */
export function endsInPartialWord(q: string): boolean {
  return /[\p{L}\p{N}\p{M}]$/u.test(q);
}

/** latinSearchText for a query; a trailing partial word stays unstemmed so it can prefix-match. */
export function latinQuery(q: string): string {
  const ws = words(q);
  const partial = endsInPartialWord(q);
  return ws.map((w, i) => (partial && i === ws.length - 1 ? prefixKey(w) : searchKey(w))).join(" ");
}
