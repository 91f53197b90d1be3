import type { SearchAnalytics } from "../store/search-config.js";

export interface QueryCounterOptions {
  /**
   * When set, counts are written at most this often (a long-running server: one write per query
   * and period instead of one per search). When unset, every count is handed to `defer` at once
   * (Lambda, which awaits deferred work before the invocation ends).
   */
  flushAfterMs?: number;
  defer: (work: Promise<unknown>) => void;
  /** Distinct (day, query) rows kept before a flush is forced; bounds memory under a flood of odd queries. */
  maxPending?: number;
}

/** Punctuation alone browses; it is not a search worth counting. */
const HAS_WORD = /[\p{L}\p{N}]/u;

interface Pending {
  day: string;
  query: string;
  searches: number;
  zeroResults: number;
}

/**
 * Counts searches in memory and writes them to SearchAnalytics in aggregate, so answering a search
 * never waits on, or competes with, a DynamoDB write of its own. Counts of a failed write are put
 * back and go with the next flush.
 */
export class QueryCounter {
  private pending = new Map<string, Pending>();
  private timer?: ReturnType<typeof setTimeout>;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly analytics: SearchAnalytics,
    private readonly opts: QueryCounterOptions,
  ) {}

  /**
   * Counts one search of a normalised query as it starts; call the returned function with the
   * number of results. Without a flush period (Lambda) the count is written at once, alongside the
   * search itself, so the invocation rarely waits for it; only a search that found nothing adds a
   * second write when it ends.
   */
  begin(query: string, at: Date): (total: number) => void {
    if (!HAS_WORD.test(query)) return () => {};
    const day = at.toISOString().slice(0, 10);
    this.add({ day, query, searches: 1, zeroResults: 0 });
    return (total) => {
      if (total === 0) this.add({ day, query, searches: 0, zeroResults: 1 });
    };
  }

  private add(row: Pending): void {
    this.merge(row);
    const { flushAfterMs, maxPending = 1000 } = this.opts;
    if (flushAfterMs === undefined || this.pending.size >= maxPending) {
      this.opts.defer(this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.opts.defer(this.flush());
      }, flushAfterMs);
      this.timer.unref?.();
    }
  }

  get pendingRows(): number {
    return this.pending.size;
  }

  /** Writes everything counted so far; resolves when written (or put back after a failure, then rejects). */
  flush(): Promise<void> {
    const rows = [...this.pending.values()];
    this.pending = new Map();
    // One flush at a time, so the rows of a slow write cannot be overtaken and counted twice on retry.
    const run = this.flushing.then(async () => {
      const failed: Pending[] = [];
      let error: unknown;
      await Promise.all(
        rows.map((r) =>
          this.analytics.add(r.day, r.query, r).catch((err) => {
            failed.push(r);
            error = err;
          }),
        ),
      );
      for (const r of failed) this.merge(r);
      if (error) throw error;
    });
    this.flushing = run.catch(() => {});
    return run;
  }

  private merge(r: Pending): void {
    const key = `${r.day}\n${r.query}`;
    const row = this.pending.get(key);
    if (row) {
      row.searches += r.searches;
      row.zeroResults += r.zeroResults;
    } else this.pending.set(key, { ...r });
  }
}
