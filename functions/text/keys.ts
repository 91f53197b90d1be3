/** Match keys: one Latin key per word, shared by every script (search, related-story terms, entity keys). */
import { foldText } from "./fold.js";
import { stem } from "./stem.js";
import { CYRILLIC, isNumeric, words } from "./tokens.js";
import { transliterate } from "./translit.js";

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
