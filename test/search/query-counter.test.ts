import { describe, expect, it } from "vitest";
import { QueryCounter } from "../../functions/search/query-counter.js";
import type { QueryRow, SearchAnalytics } from "../../functions/store/search-config.js";

/** Logic only: the DynamoDB writes themselves are exercised in test/store/search-analytics.test.ts and through the API. */
function fakeAnalytics(failFirst = 0, rowsPerWrite = 1) {
  const writes: Array<{ day: string; query: string; searches: number; zeroResults: number }> = [];
  /** Address buckets credited to a query, one entry per write that carried some. */
  const credits: Array<{ query: string; addresses: string[] }> = [];
  /** Rows handed over per call. */
  const calls: number[] = [];
  let failures = failFirst;
  const analytics = {
    rowsPerWrite,
    async addRows(rows: QueryRow[]) {
      calls.push(rows.length);
      if (failures-- > 0) throw new Error("throttled");
      for (const { day, query, counts: c } of rows) {
        if (c.searches || c.zeroResults) writes.push({ day, query, searches: c.searches, zeroResults: c.zeroResults });
        if (c.addresses?.length) credits.push({ query, addresses: c.addresses });
      }
    },
  } as unknown as SearchAnalytics;
  return { analytics, writes, credits, calls };
}

const at = new Date("2026-03-01T10:00:00Z");

describe("QueryCounter", () => {
  it("writes one aggregated row per day and query, not one per search", async () => {
    const { analytics, writes } = fakeAnalytics();
    const deferred: Promise<unknown>[] = [];
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: (w) => deferred.push(w) });
    counter.begin("ceasefire", at, "203.0.113.1")(3);
    counter.begin("ceasefire", at, "203.0.113.1")(0);
    counter.begin("ceasefire", new Date("2026-03-02T00:00:01Z"), "203.0.113.1")(5);
    counter.begin("", at, "203.0.113.1")(0);
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
    const found = counter.begin("budget", at, "203.0.113.1");
    expect(deferred).toHaveLength(1); // already on its way while the engine searches
    found(4);
    expect(deferred).toHaveLength(1); // nothing more to say about a search that found something
    counter.begin("qqzzxv", at, "203.0.113.1")(0);
    await Promise.all(deferred);
    expect(deferred).toHaveLength(3); // "budget" found results: its address is credited with a later write
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
    for (const q of ["a", "b", "c"]) counter.begin(q, at, "203.0.113.1")(1);
    expect(deferred).toHaveLength(1);
    expect(counter.pendingRows).toBe(0);
  });

  it("keeps the counts of a failed write for the next flush", async () => {
    const { analytics, writes } = fakeAnalytics(1);
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: () => {} });
    counter.begin("pensions", at, "203.0.113.1")(1);
    await expect(counter.flush()).rejects.toThrow("throttled");
    counter.begin("pensions", at, "203.0.113.1")(0);
    await counter.flush();
    expect(writes).toEqual([{ day: "2026-03-01", query: "pensions", searches: 2, zeroResults: 1 }]);
  });

  it("hands rows over in groups of the store's rowsPerWrite, and puts a whole failed group back", async () => {
    const { analytics, writes, calls } = fakeAnalytics(1, 2);
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: () => {} });
    for (const q of ["a1", "b2", "c3", "d4", "e5"]) counter.begin(q, at, "203.0.113.1")(1);
    await expect(counter.flush()).rejects.toThrow("throttled");
    expect(calls).toEqual([2, 2, 1]);
    expect(writes.map((w) => w.query)).toEqual(["c3", "d4", "e5"]);
    await counter.flush(Infinity);
    expect(writes.map((w) => w.query).sort()).toEqual(["a1", "b2", "c3", "d4", "e5"]);
    expect(writes.every((w) => w.searches === 1)).toBe(true);
  });

  it("credits an address to a query only when its search found results and was not a keystroke on the way", async () => {
    const { analytics, writes, credits } = fakeAnalytics();
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: () => {} });
    const t = (s: number) => new Date(at.getTime() + s * 1000);
    // One reader types "peace treaty" key by key, then searches something else after a pause.
    for (const [i, q] of ["pe", "peac", "peace", "peace tr", "peace treaty"].entries()) counter.begin(q, t(i * 0.3), "198.51.100.7")(5);
    counter.begin("qqzzxv", t(3), "198.51.100.8")(0); // found nothing: no credit
    counter.begin("budget", t(30), "198.51.100.7")(2); // settles "peace treaty" (quiet for 10 s)
    await counter.flush(at.getTime() + 31_000); // "budget" is still typing
    expect(credits.map((w) => w.query)).toEqual(["peace treaty"]);
    expect(writes.find((w) => w.query === "peace")).toEqual({ day: "2026-03-01", query: "peace", searches: 1, zeroResults: 0 });
    await counter.flush(Infinity);
    expect(credits.map((w) => w.query)).toEqual(["peace treaty", "budget"]);
  });

  it("with a period, writes a query's count and its address in one write once it settles", async () => {
    const writesPerQuery = new Map<string, number>();
    const analytics = {
      rowsPerWrite: 1,
      async addRows([{ query, counts: c }]: QueryRow[]) {
        writesPerQuery.set(query, (writesPerQuery.get(query) ?? 0) + 1);
        expect(c.searches).toBe(1);
        expect(c.addresses).toHaveLength(1);
      },
    } as unknown as SearchAnalytics;
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: () => {} });
    const t = (s: number) => new Date(at.getTime() + s * 1000);
    counter.begin("election law", t(0), "198.51.100.1")(4);
    await counter.flush(t(1).getTime()); // still typing: held back
    expect(writesPerQuery.size).toBe(0);
    expect(counter.pendingRows).toBe(1);
    counter.begin("tariffs", t(2), "198.51.100.1")(4); // a different query: "election law" was complete
    await counter.flush(t(3).getTime());
    expect([...writesPerQuery]).toEqual([["election law", 1]]);
    await counter.flush(Infinity);
    expect([...writesPerQuery]).toEqual([["election law", 1], ["tariffs", 1]]);
  });

  it("counts one address once however often it repeats a query", async () => {
    const { analytics, writes, credits } = fakeAnalytics();
    const counter = new QueryCounter(analytics, { flushAfterMs: 60_000, defer: () => {} });
    for (let i = 0; i < 50; i++) counter.begin("parliament crooks", new Date(at.getTime() + i * 20_000), "203.0.113.9")(3);
    for (const a of ["192.0.2.1", "192.0.2.2"]) counter.begin("peace treaty", at, a)(3);
    await counter.flush(Infinity);
    const addressesOf = (q: string) => new Set(credits.filter((w) => w.query === q).flatMap((w) => w.addresses)).size;
    expect(addressesOf("parliament crooks")).toBe(1);
    expect(writes.filter((w) => w.query === "parliament crooks").reduce((n, w) => n + w.searches, 0)).toBe(50);
    expect(addressesOf("peace treaty")).toBe(2);
  });
});
