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
