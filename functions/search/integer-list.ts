/**
 * Non-negative integers from SQLite's group_concat (comma-separated), without a string per number:
 * one text value crosses into JS instead of a row per match, several times less work in
 * better-sqlite3 for large sets.
 */
export function parseIntegerList(list: string | null): Float64Array {
  if (!list) return new Float64Array(0);
  let count = 1;
  for (let i = 0; i < list.length; i++) if (list.charCodeAt(i) === 44) count++;
  const out = new Float64Array(count);
  let k = 0;
  let value = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      out[k++] = value;
      value = 0;
    } else value = value * 10 + (c - 48);
  }
  out[k] = value;
  return out;
}
