/** HTML output for highlighted text: only <mark> survives, everything else is escaped. */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Private-use characters that cannot occur in article text, used as highlight delimiters inside engines. */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";

/** Turns text delimited with MARK_START/MARK_END into escaped HTML with <mark> tags. */
export function renderMarked(text: string): string {
  return escapeHtml(text).replace(/\uE000/g, "<mark>").replace(/\uE001/g, "</mark>");
}

/** Wraps [start, end) ranges of `text` in <mark>, escaping the rest. Ranges must not overlap. */
export function markRanges(text: string, ranges: Array<[number, number]>): string {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end] of sorted) {
    if (start < at) continue;
    out += escapeHtml(text.slice(at, start)) + "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>";
    at = end;
  }
  return out + escapeHtml(text.slice(at));
}

/** Marks the cut ends of a cropped snippet. */
export const CROP_MARKER = "…";

export interface SnippetWord {
  start: number;
  end: number;
  /** Which query word this text word matched (-1: none); distinct groups make a cluster denser. */
  group: number;
}

/**
 * A window of about `maxWords` words of `text` around its densest cluster of matched words, as
 * escaped HTML with the matches in <mark>, "…" where the text was cut and whitespace collapsed.
 * Density counts distinct query words first, then matches; the earliest best window wins.
 */
export function cropMarked(text: string, words: SnippetWord[], maxWords: number): string {
  if (words.length === 0) return "";
  const size = Math.min(maxWords, words.length);
  let bestStart = 0;
  if (words.some((w) => w.group >= 0)) {
    const inWindow = new Map<number, number>();
    let matches = 0;
    let bestScore = -1;
    for (let i = 0; i < words.length; i++) {
      const entering = words[i].group;
      if (entering >= 0) {
        inWindow.set(entering, (inWindow.get(entering) ?? 0) + 1);
        matches++;
      }
      if (i >= size) {
        const leaving = words[i - size].group;
        if (leaving >= 0) {
          const left = inWindow.get(leaving)! - 1;
          if (left === 0) inWindow.delete(leaving);
          else inWindow.set(leaving, left);
          matches--;
        }
      }
      if (i >= size - 1) {
        const score = inWindow.size * 10_000 + matches;
        if (score > bestScore) {
          bestScore = score;
          bestStart = i - size + 1;
        }
      }
    }
    // Start a little before the first match so it is read in context.
    const firstMatch = words.findIndex((w, i) => i >= bestStart && w.group >= 0);
    bestStart = Math.max(0, Math.min(bestStart, firstMatch - 3));
    bestStart = Math.min(bestStart, words.length - size);
  }
  const last = bestStart + size - 1;
  const from = bestStart === 0 ? 0 : words[bestStart].start;
  const to = last === words.length - 1 ? text.length : words[last].end;
  const ranges: Array<[number, number]> = [];
  for (let i = bestStart; i <= last; i++) if (words[i].group >= 0) ranges.push([words[i].start - from, words[i].end - from]);
  const html = markRanges(text.slice(from, to), ranges).replace(/\s+/g, " ").trim();
  return (from > 0 ? CROP_MARKER : "") + html + (to < text.length ? CROP_MARKER : "");
}
