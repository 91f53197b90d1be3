/**
 * Embargo: an article whose publishedAt lies in the future is stored but not public until then.
 * Checked at read time against the injected clock, so it lifts on time without any write.
 */

/** Whether `publishedAt` is still ahead of `now`. An unparsable date counts as public (it was validated on write). */
export function isEmbargoed(publishedAt: string, now: Date): boolean {
  return Date.parse(publishedAt) > now.getTime();
}

/** The items the public may see at `now`. */
export function visibleNow<T extends { publishedAt: string }>(items: T[], now: Date): T[] {
  return items.filter((item) => !isEmbargoed(item.publishedAt, now));
}

/**
 * The upper publishedAt bound of a public search: the request's own `to`, or now when that is
 * later (or absent). Both engines already filter on `to`, so embargoed articles leave hits, totals
 * and facets alike.
 */
export function publicUpperBound(to: string | undefined, now: Date): string {
  if (to === undefined) return now.toISOString();
  // An unparsable bound is left as it is: the engines then match nothing.
  return Date.parse(to) > now.getTime() ? now.toISOString() : to;
}
