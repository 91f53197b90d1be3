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

/** Words of a text as parallel arrays: offsets, and the query term each matched (-1: none). */
export interface WordSpans {
  /** Words held: the arrays may be longer. */
  count: number;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  /** Distinct groups make a cluster denser. */
  groups: ArrayLike<number>;
}

/** WordSpans in typed arrays that grow as needed and are refilled text after text, so a page of snippets allocates next to nothing. */
export class SpanBuffer implements WordSpans {
  count = 0;
  starts: Int32Array;
  ends: Int32Array;
  groups: Int32Array;

  constructor(capacity = 256) {
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.groups = new Int32Array(capacity);
  }

  clear(): this {
    this.count = 0;
    return this;
  }

  push(start: number, end: number, group: number): void {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.groups[this.count] = group;
    this.count++;
  }

  hasMatch(): boolean {
    for (let i = 0; i < this.count; i++) if (this.groups[i] >= 0) return true;
    return false;
  }

  private grow(): void {
    const bigger = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.starts = bigger(this.starts);
    this.ends = bigger(this.ends);
    this.groups = bigger(this.groups);
  }
}

/**
 * A window of about `maxWords` words of `text` around its densest cluster of matched words, as
 * escaped HTML with the matches in <mark>, "…" where the text was cut and whitespace collapsed.
 * Density counts distinct query terms first, then matches; the earliest best window wins.
 */
export function cropMarked(text: string, words: WordSpans, maxWords: number): string {
  const { starts, ends, groups, count } = words;
  if (count === 0) return "";
  const size = Math.min(maxWords, count);
  let bestStart = 0;
  let firstMatch = 0;
  while (firstMatch < count && groups[firstMatch] < 0) firstMatch++;
  if (firstMatch < count) {
    const inWindow = new Map<number, number>();
    let matches = 0;
    let bestScore = -1;
    for (let i = 0; i < count; i++) {
      const entering = groups[i];
      if (entering >= 0) {
        inWindow.set(entering, (inWindow.get(entering) ?? 0) + 1);
        matches++;
      }
      if (i >= size) {
        const leaving = groups[i - size];
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
    // Open a little before the window's first match, so it is read in context and what follows it shows.
    let first = bestStart;
    while (groups[first] < 0) first++;
    bestStart = Math.min(Math.max(0, first - 3), count - size);
  }
  const last = bestStart + size - 1;
  const from = bestStart === 0 ? 0 : starts[bestStart];
  const to = last === count - 1 ? text.length : ends[last];
  const ranges: Array<[number, number]> = [];
  for (let i = bestStart; i <= last; i++) if (groups[i] >= 0) ranges.push([starts[i] - from, ends[i] - from]);
  const html = markRanges(text.slice(from, to), ranges).replace(/\s+/g, " ").trim();
  return (from > 0 ? CROP_MARKER : "") + html + (to < text.length ? CROP_MARKER : "");
}
