/**
 * Summary for articles the CMS sent without one: the first one or two sentences of the clean body.
 */

/** Abbreviations that never end a sentence ("Mr. Putin", "Dr. Smith", "г. Баку"). */
const TITLE_ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpt", "maj", "adm", "gov", "sen", "rep",
  "rev", "hon", "st", "mt", "ft", "ave", "vs", "e.g", "i.e", "cf", "approx", "fig", "vol", "pp", "jan", "feb",
  "apr", "aug", "sep", "sept", "oct", "nov", "dec", "г", "гг", "ул", "им", "проф", "акад", "ген", "см", "стр",
  "напр", "т.е", "т.к", "тыс", "млн", "млрд", "руб", "долл", "м", "н", "э",
]);
/** Abbreviations that may also end a sentence: "…sold to Standard Oil Co. The deal…". */
const AMBIGUOUS_ABBREVIATIONS = new Set(["inc", "co", "corp", "ltd", "plc", "bros", "jr", "sr", "no"]);
/** Words that begin sentences, so an ambiguous abbreviation before them does end one. */
const SENTENCE_STARTERS = new Set(
  "the a an he she it they we i this that these those his her their its our there but and however in on at after before while when if as also since for with both some many what why how according meanwhile earlier later".split(" "),
);

const CLOSING = `"'”’»)\\]`;
const OPENING = `"'“‘«(\\[`;
/** Terminal punctuation, closing quotes, then space before what looks like a new sentence. */
const BOUNDARY = new RegExp(`[.!?…]+[${CLOSING}]*(?=\\s+(?:[\\p{Lu}\\p{N}${OPENING}]|[–—-]\\s))`, "gu");
/** "…his visit to Baku.During the visit…": a missing space after a full stop. */
const GLUED_BOUNDARY = /(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll})/gu;

export function deriveSummary(body: string, maxChars = 240): string {
  if (maxChars < 1) return "";
  const paragraphs = body.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter(Boolean);
  if (!paragraphs.length) return "";
  // Skip a leading photo caption or subheading (short, no terminal punctuation).
  const start = Math.max(0, paragraphs.slice(0, 3).findIndex(isProse));
  const sentences: string[] = [];
  for (let i = start; i < paragraphs.length && sentences.length < 2; i++) sentences.push(...splitSentences(paragraphs[i]));
  const [first, second] = sentences;
  if (first.length > maxChars) return truncateAtWord(first, maxChars);
  if (second !== undefined && first.length + 1 + second.length <= maxChars) return `${first} ${second}`;
  return first;
}

const TERMINAL = new RegExp(`[.!?…][${CLOSING}]*$`, "u");

function isProse(paragraph: string): boolean {
  const words = paragraph.split(" ").length;
  return words >= 25 || (words >= 5 && TERMINAL.test(paragraph));
}

export function splitSentences(paragraph: string): string[] {
  const cuts: number[] = [];
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const end = match.index + match[0].length;
    if (endsSentence(paragraph, match.index, end)) cuts.push(end);
  }
  for (const match of paragraph.matchAll(GLUED_BOUNDARY)) cuts.push(match.index + 1);
  cuts.sort((a, b) => a - b);

  const sentences: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    const sentence = paragraph.slice(from, cut).trim();
    if (sentence) sentences.push(sentence);
    from = cut;
  }
  const rest = paragraph.slice(from).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** Decides whether the full stop at `dot` ends a sentence, looking at the word before and after it. */
function endsSentence(text: string, dot: number, end: number): boolean {
  if (text[dot] !== ".") return true;
  const before = text.slice(0, dot).match(/[\p{L}\p{N}.]+$/u)?.[0] ?? "";
  const word = before.replace(/^\.+/, "");
  const lower = word.toLowerCase();
  const next = text.slice(end).trimStart().match(/^[\p{L}\p{N}]+/u)?.[0] ?? "";
  if (TITLE_ABBREVIATIONS.has(lower)) return false;
  // An initial: "George W. Bush", "В. Путин".
  if (/^\p{Lu}$/u.test(word)) return false;
  // Dotted acronyms and company suffixes end a sentence only before a typical sentence opener.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word) || AMBIGUOUS_ABBREVIATIONS.has(lower)) {
    if (lower === "no") return !/^\d/.test(next);
    return SENTENCE_STARTERS.has(next.toLowerCase());
  }
  return true;
}

/** Cuts on a word boundary and marks the cut with "…", staying within maxChars. */
function truncateAtWord(text: string, maxChars: number): string {
  const limit = maxChars - 1;
  let cut = limit;
  while (cut > 0 && !/\s/.test(text[cut])) cut--;
  if (cut === 0) cut = limit;
  const head = text.slice(0, cut).replace(/[\s,;:–—(\[«“"'-]+$/u, "");
  return `${head}…`;
}
