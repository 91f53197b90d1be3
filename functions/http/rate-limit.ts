import { Problem } from "./problem.js";

/**
 * Token buckets per key (client address) in this process: `perMinute` tokens a minute, bursts up
 * to `burst`. Memory is bounded: past `maxKeys` the least recently used bucket is dropped (a
 * dropped bucket comes back full, which only ever errs towards letting a reader through).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  private readonly ratePerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number = Math.max(1, Math.ceil(perMinute / 2)),
    private readonly maxKeys = 50_000,
  ) {
    this.ratePerMs = perMinute / 60_000;
  }

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds until they would be there. */
  take(key: string, cost = 1, nowMs = Date.now()): number {
    const prev = this.buckets.get(key);
    const tokens = prev ? Math.min(this.burst, prev.tokens + (nowMs - prev.atMs) * this.ratePerMs) : this.burst;
    this.buckets.delete(key); // re-inserted last: Map order is the LRU order
    if (tokens >= cost) {
      this.buckets.set(key, { tokens: tokens - cost, atMs: nowMs });
      this.evict();
      return 0;
    }
    this.buckets.set(key, { tokens, atMs: nowMs });
    this.evict();
    const missing = Math.min(cost, this.burst) - tokens;
    return Math.max(1, Math.ceil(missing / this.ratePerMs / 1000));
  }

  get size(): number {
    return this.buckets.size;
  }

  private evict() {
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

export interface RateLimits {
  /** Searches and suggestions, one token per request. */
  search: TokenBuckets;
  /** Reading events, one token per event. */
  events: TokenBuckets;
  /** Review writes and deletions, one token per request. */
  reviews: TokenBuckets;
}

export function createRateLimits(env: { RATE_LIMIT_SEARCH_PER_MINUTE: number; RATE_LIMIT_EVENTS_PER_MINUTE: number; RATE_LIMIT_REVIEWS_PER_HOUR: number }): RateLimits {
  return {
    search: new TokenBuckets(env.RATE_LIMIT_SEARCH_PER_MINUTE),
    events: new TokenBuckets(env.RATE_LIMIT_EVENTS_PER_MINUTE),
    reviews: new TokenBuckets(env.RATE_LIMIT_REVIEWS_PER_HOUR / 60, Math.max(1, Math.ceil(env.RATE_LIMIT_REVIEWS_PER_HOUR / 4))),
  };
}

/** Throws a 429 problem with Retry-After when `address` has used up its tokens. */
export function enforce(buckets: TokenBuckets, address: string, cost: number, what: string): void {
  const wait = buckets.take(address, cost);
  if (wait > 0) {
    throw new Problem(429, "Too many requests", `Too many ${what} from this address; try again in ${wait} s.`, undefined, { "retry-after": String(wait) });
  }
}
