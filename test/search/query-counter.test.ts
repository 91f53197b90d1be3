import { describe, expect, it } from "vitest";
import { QueryCounter } from "../../functions/search/query-counter.js";
import type { SearchAnalytics } from "../../functions/store/search-config.js";

/** Logic only: the DynamoDB write itself is exercised through the API in test/routes/search.test.ts. */
function fakeAnalytics(failFirst = 0) {
  const writes: Array<{ day: string; query: string; searches: number; zeroResults: number }> = [];
  let failures = failFirst;
  const analytics = {
    async add(day: string, query: string, c: { searches: number; zeroResults: number }) {
      if (failures-- > 0) throw new Error("throttled");
      writes.push({ day, query, searches: c.searches, zeroResults: c.zeroResults });
    },
  } as unknown as SearchAnalytics;
  return { analytics, writes };
}

const at = new Date("2026-03-01T10:00:00Z");

describe("QueryCounter", () => {
  it("writes one aggregated row per day and query, not one per search", async () => {
    const { analytics, writes } = fakeAnalytics();
    const deferred: Promise<unknown>[] = [];
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: (w) => deferred.push(w) });
    counter.begin("ceasefire", at)(3);
    counter.begin("ceasefire", at)(0);
    counter.begin("ceasefire", new Date("2026-03-02T00:00:01Z"))(5);
    counter.begin("", at)(0);
    expect(writes).toEqual([]);
    expect(deferred).toHaveLength(0); // the timer, not the search, triggers the write
    await counter.flush();
    expect(writes).toEqual([
      { day: "2026-03-01", query: "ceasefire", searches: 2, zeroResults: 1 },
      { day: "2026-03-02", query: "ceasefire", searches: 1, zeroResults: 0 },
    ]);
    expect(counter.pendingRows).toBe(0);
  });

  it("without a period, writes the count as the search starts and a zero result when it ends (Lambda)", async () => {
    const { analytics, writes } = fakeAnalytics();
    const deferred: Promise<unknown>[] = [];
    const counter = new QueryCounter(analytics, { defer: (w) => deferred.push(w) });
    const found = counter.begin("budget", at);
    expect(deferred).toHaveLength(1); // already on its way while the engine searches
    found(4);
    expect(deferred).toHaveLength(1); // nothing more to say about a search that found something
    counter.begin("qqzzxv", at)(0);
    await Promise.all(deferred);
    expect(deferred).toHaveLength(3);
    expect(writes).toEqual([
      { day: "2026-03-01", query: "budget", searches: 1, zeroResults: 0 },
      { day: "2026-03-01", query: "qqzzxv", searches: 1, zeroResults: 0 },
      { day: "2026-03-01", query: "qqzzxv", searches: 0, zeroResults: 1 },
    ]);
  });

  it("forces a flush when too many distinct queries are waiting", () => {
    const { analytics } = fakeAnalytics();
    const deferred: Promise<unknown>[] = [];
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, maxPending: 3, defer: (w) => deferred.push(w) });
    for (const q of ["a", "b", "c"]) counter.begin(q, at)(1);
    expect(deferred).toHaveLength(1);
    expect(counter.pendingRows).toBe(0);
  });

  it("keeps the counts of a failed write for the next flush", async () => {
    const { analytics, writes } = fakeAnalytics(1);
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: () => {} });
    counter.begin("pensions", at)(1);
    await expect(counter.flush()).rejects.toThrow("throttled");
    counter.begin("pensions", at)(0);
    await counter.flush();
    expect(writes).toEqual([{ day: "2026-03-01", query: "pensions", searches: 2, zeroResults: 1 }]);
  });
});
