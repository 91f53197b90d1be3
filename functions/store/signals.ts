/**
 * Reading signals derived from accepted events, kept as counters in DynamoDB as events arrive
 * (never computed by scanning on the request path). Written by the events store; read by
 * related stories, recommendations and trending.
 */
export type TrendingWindow = "1h" | "24h" | "7d";

export interface CoRead {
  articleId: string;
  /** Readers who read the source article and then this one. */
  count: number;
}

export interface TrendingEntry {
  articleId: string;
  /** Reads counted in the window. */
  reads: number;
  /** Reads with time decay: recent reads weigh more; the ranking key. */
  score: number;
}

export interface HistoryRead {
  articleId: string;
  readAt: string;
}

export interface ReadingSignals {
  coReads(articleId: string, limit: number): Promise<CoRead[]>;
  trending(window: TrendingWindow, limit: number, now: Date): Promise<TrendingEntry[]>;
  /** The visitor's reads, newest first. */
  recentReads(visitorId: string, limit: number): Promise<HistoryRead[]>;
  /** Whether the visitor has read any of the given articles (for filtering widgets). */
  readArticleIds(visitorId: string, limit: number): Promise<Set<string>>;
}
