import { addressBucket, type SearchAnalytics } from "../store/search-config.js";
import { mapLimit } from "../store/transact.js";

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
  /** Addresses whose last query is kept while it may still be a keystroke (oldest settle first when full). */
  maxTyping?: number;
}

/** Punctuation alone browses; it is not a search worth counting. */
const HAS_WORD = /[\p{L}\p{N}]/u;
/** A query the same address extends (or shortens) within this time was a keystroke on the way, not a search. */
export const SETTLE_MS = 10_000;
/** Writes (of SearchAnalytics.rowsPerWrite rows) in flight at once during a flush. */
const WRITES_IN_FLIGHT = 2;

interface Pending {
  day: string;
  query: string;
  searches: number;
  zeroResults: number;
  addresses: Set<string>;
}

interface Typing {
  day: string;
  query: string;
  atMs: number;
}

/**
 * Counts searches in memory and writes them to SearchAnalytics in aggregate, so answering a search
 * never waits on, or competes with, a DynamoDB write of its own. Counts of a failed write are put
 * back and go with the next flush (up to twice maxPending rows; past that the rest are dropped).
 *
 * Autocomplete learns from the address counts: an address is added to a query only when its
 * search found results and was complete — not followed, within SETTLE_MS, by a longer or shorter
 * query from the same address (search-as-you-type sends every keystroke).
 */
export class QueryCounter {
  private pending = new Map<string, Pending>();
  /** Per address, its last query that found results, until it settles. Map order = oldest first. */
  private readonly typing = new Map<string, Typing>();
  private timer?: ReturnType<typeof setTimeout>;
  private flushing: Promise<void> = Promise.resolve();
  dropped = 0;

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
  begin(query: string, at: Date, address: string): (total: number) => void {
    if (!HAS_WORD.test(query)) return () => {};
    const day = at.toISOString().slice(0, 10);
    this.settle(at.getTime());
    this.add({ day, query, searches: 1, zeroResults: 0, addresses: new Set() });
    return (total) => {
      if (total === 0) this.add({ day, query, searches: 0, zeroResults: 1, addresses: new Set() });
      else this.typed(address, { day, query, atMs: at.getTime() });
    };
  }

  private typed(address: string, next: Typing): void {
    const prev = this.typing.get(address);
    this.typing.delete(address);
    const keystroke = prev && next.atMs - prev.atMs < SETTLE_MS && (next.query.startsWith(prev.query) || prev.query.startsWith(next.query));
    if (prev && !keystroke) this.complete(address, prev);
    this.typing.set(address, next);
    while (this.typing.size > (this.opts.maxTyping ?? 10_000)) {
      const [oldest, entry] = this.typing.entries().next().value!;
      this.typing.delete(oldest);
      this.complete(oldest, entry);
    }
  }

  /** Completes every query whose address has been quiet for SETTLE_MS before `nowMs`. */
  private settle(nowMs: number, flushing = false): void {
    for (const [address, entry] of this.typing) {
      if (nowMs - entry.atMs < SETTLE_MS) break; // the rest are younger
      this.typing.delete(address);
      this.complete(address, entry, flushing);
    }
  }

  /** Credits the address to its query; while flushing, the row just joins the rows being written. */
  private complete(address: string, entry: Typing, flushing = false): void {
    const row = { day: entry.day, query: entry.query, searches: 0, zeroResults: 0, addresses: new Set([addressBucket(address)]) };
    if (flushing) this.merge(row);
    else this.add(row);
  }

  private add(row: Pending): void {
    this.merge(row);
    const { flushAfterMs, maxPending = 1000 } = this.opts;
    if (flushAfterMs === undefined || this.pending.size >= maxPending) {
      this.opts.defer(this.flush());
    } else if (!this.timer) this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.opts.defer(this.flush());
    }, this.opts.flushAfterMs);
    this.timer.unref?.();
  }

  get pendingRows(): number {
    return this.pending.size;
  }

  /**
   * Writes everything counted so far; resolves when written (or put back after a failure, then
   * rejects). Queries quiet for SETTLE_MS before `nowMs` are completed first; `Infinity` completes
   * all (at shutdown).
   */
  flush(nowMs = Date.now()): Promise<void> {
    this.settle(nowMs, true);
    const rows = this.rowsToWrite();
    // One flush at a time, so the rows of a slow write cannot be overtaken and counted twice on retry.
    const run = this.flushing.then(async () => {
      const failed: Pending[] = [];
      let error: unknown;
      const per = this.analytics.rowsPerWrite;
      const writes = Array.from({ length: Math.ceil(rows.length / per) }, (_, i) => rows.slice(i * per, (i + 1) * per));
      await mapLimit(writes, WRITES_IN_FLIGHT, (write) =>
        this.analytics
          .addRows(write.map((r) => ({ day: r.day, query: r.query, counts: { searches: r.searches, zeroResults: r.zeroResults, addresses: [...r.addresses] } })))
          .catch((err) => {
            failed.push(...write);
            error = err;
          }),
      );
      const room = 2 * (this.opts.maxPending ?? 1000) - this.pending.size;
      for (const r of failed.slice(0, Math.max(0, room))) this.merge(r);
      this.dropped += Math.max(0, failed.length - Math.max(0, room));
      if (error) throw error;
    });
    this.flushing = run.catch(() => {});
    return run;
  }

  /**
   * Takes the rows to write out of pending. With a flush period, the row of a query someone may
   * still be typing waits until it settles, so its count and its address go in one write instead of
   * two (the writes compete with searches for the store); a full buffer writes everything.
   */
  private rowsToWrite(): Pending[] {
    const { flushAfterMs, maxPending = 1000 } = this.opts;
    const typing = new Set<string>();
    if (flushAfterMs !== undefined && this.pending.size < maxPending) for (const t of this.typing.values()) typing.add(`${t.day}\n${t.query}`);
    const rows: Pending[] = [];
    for (const [key, row] of this.pending) {
      if (typing.has(key)) continue;
      rows.push(row);
      this.pending.delete(key);
    }
    if (this.pending.size && !this.timer) this.schedule();
    return rows;
  }

  private merge(r: Pending): void {
    const key = `${r.day}\n${r.query}`;
    const row = this.pending.get(key);
    if (row) {
      row.searches += r.searches;
      row.zeroResults += r.zeroResults;
      for (const a of r.addresses) row.addresses.add(a);
    } else this.pending.set(key, { ...r, addresses: new Set(r.addresses) });
  }
}
