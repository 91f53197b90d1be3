import type { RemovedSuggestions, SearchAnalytics } from "../store/search-config.js";
import { foldText } from "../text/index.js";

const REFRESH_MS = 5 * 60_000;
const KEEP = 500;
const LOOKBACK_DAYS = 7;

export interface PopularQueriesOptions {
  /** Distinct addresses that must have completed the query, with results, before it is suggested. */
  minAddresses: number;
  /** Normalised words and phrases (parseBlocklist): a query containing one is never suggested. */
  blockedWords: string[];
  removed: RemovedSuggestions;
}

/**
 * Frequent successful queries of the last week, for autocomplete. Kept in memory and refreshed
 * at most every five minutes, so a keystroke never waits on DynamoDB except for the first one.
 * A query is offered only when several distinct client addresses searched it to the end and found
 * something, it has no blocked word, and no editor removed it: one address cannot teach it a phrase.
 */
export class PopularQueries {
  private queries: Array<{ query: string; folded: string; searches: number }> = [];
  private loadedAt = 0;
  private loading?: Promise<void>;
  private removedHere = new Set<string>();

  constructor(
    private readonly analytics: SearchAnalytics,
    private readonly now: () => Date,
    private readonly opts: PopularQueriesOptions,
  ) {}

  async matching(prefix: string, limit: number): Promise<string[]> {
    await this.refreshIfStale();
    const p = normaliseQuery(prefix);
    if (!p) return [];
    return this.queries
      .filter((q) => q.folded.startsWith(p) && q.folded !== p && !this.removedHere.has(q.query))
      .slice(0, limit)
      .map((q) => q.query);
  }

  /** Removes a query for good: stored for every process, dropped here at once. False when the list is full. */
  async remove(query: string): Promise<boolean> {
    const normalised = normaliseQuery(query);
    if (!(await this.opts.removed.add(normalised, this.now()))) return false;
    this.removedHere.add(normalised);
    return true;
  }

  removed(): Promise<string[]> {
    return this.opts.removed.list();
  }

  /** Forgets the loaded list, so the next call reads the analytics again. */
  invalidate(): void {
    this.loadedAt = 0;
  }

  private refreshIfStale(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load() {
    const to = this.now();
    const from = new Date(to.getTime() - (LOOKBACK_DAYS - 1) * 86400_000);
    const [stats, removed] = await Promise.all([
      this.analytics.summary(from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)),
      this.opts.removed.list(),
    ]);
    const gone = new Set(removed);
    this.queries = stats
      .filter((s) => s.addresses >= this.opts.minAddresses && s.zeroResults < s.searches / 2)
      .filter((s) => !gone.has(s.query) && !hasBlockedWord(s.query, this.opts.blockedWords))
      .sort((a, b) => b.addresses - a.addresses || b.searches - a.searches || a.query.localeCompare(b.query))
      .slice(0, KEEP)
      .map((s) => ({ query: s.query, folded: normaliseQuery(s.query), searches: s.searches }));
    this.removedHere = new Set();
    this.loadedAt = Date.now();
  }
}

function hasBlockedWord(query: string, blocked: string[]): boolean {
  if (!blocked.length) return false;
  const words = ` ${(foldText(query).match(/[\p{L}\p{N}]+/gu) ?? []).join(" ")} `;
  return blocked.some((term) => words.includes(` ${foldText(term)} `));
}

/** The form in which queries are counted: folded, single-spaced, bounded. */
export function normaliseQuery(q: string): string {
  return foldText(q).replace(/\s+/g, " ").trim().slice(0, 200);
}
