import type { SearchAnalytics } from "../store/search-config.js";
import { foldText } from "./text.js";

const REFRESH_MS = 5 * 60_000;
const KEEP = 500;
const LOOKBACK_DAYS = 7;

/**
 * Frequent successful queries of the last week, for autocomplete. Kept in memory and refreshed
 * at most every five minutes, so a keystroke never waits on DynamoDB except for the first one.
 */
export class PopularQueries {
  private queries: Array<{ query: string; folded: string; searches: number }> = [];
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly analytics: SearchAnalytics,
    private readonly now: () => Date,
  ) {}

  async matching(prefix: string, limit: number): Promise<string[]> {
    await this.refreshIfStale();
    const p = normaliseQuery(prefix);
    if (!p) return [];
    return this.queries
      .filter((q) => q.folded.startsWith(p) && q.folded !== p)
      .slice(0, limit)
      .map((q) => q.query);
  }

  private refreshIfStale(): Promise<void> {
    if (Date.now() - this.loadedAt < REFRESH_MS) return Promise.resolve();
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load() {
    const to = this.now();
    const from = new Date(to.getTime() - (LOOKBACK_DAYS - 1) * 86400_000);
    const stats = await this.analytics.summary(from.toISOString().slice(0, 10), to.toISOString().slice(0, 10));
    this.queries = stats
      .filter((s) => s.searches >= 2 && s.zeroResults < s.searches / 2)
      .sort((a, b) => b.searches - a.searches)
      .slice(0, KEEP)
      .map((s) => ({ query: s.query, folded: normaliseQuery(s.query), searches: s.searches }));
    this.loadedAt = Date.now();
  }
}

/** The form in which queries are counted: folded, single-spaced, bounded. */
export function normaliseQuery(q: string): string {
  return foldText(q).replace(/\s+/g, " ").trim().slice(0, 200);
}
