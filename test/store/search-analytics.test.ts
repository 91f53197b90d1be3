import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createDb, type Db } from "../../functions/store/client.js";
import { ensureTable } from "../../scripts/local/dynamodb.js";
import { SearchAnalytics, type QueryRow } from "../../functions/store/search-config.js";

/** Real DynamoDB Local: each way of writing counts, on a table of its own. */
let itemDb: Db;
let txDb: Db;

beforeAll(async () => {
  const endpoint = inject("dynamoEndpoint");
  itemDb = createDb({ table: `analytics-item-${randomUUID()}`, endpoint });
  txDb = createDb({ table: `analytics-tx-${randomUUID()}`, endpoint });
  await Promise.all([ensureTable(itemDb), ensureTable(txDb)]);
});

afterAll(() => {
  itemDb.raw.destroy();
  txDb.raw.destroy();
});

const day = "2026-03-01";
const row = (query: string, searches: number, zeroResults = 0, addresses?: string[]): QueryRow => ({ day, query, counts: { searches, zeroResults, addresses } });
const byQuery = (stats: { query: string }[]) => [...stats].sort((a, b) => a.query.localeCompare(b.query));

describe("SearchAnalytics writes", () => {
  it("counts the same whether rows go one by one or in transactions", async () => {
    const item = new SearchAnalytics(itemDb, "item");
    const tx = new SearchAnalytics(txDb, "transaction");
    expect([item.rowsPerWrite, tx.rowsPerWrite]).toEqual([1, 25]);
    // 60 queries, some with zero results (two updates a row), one repeated in a later call, one nameless.
    const rows = Array.from({ length: 60 }, (_, i) => row(`query ${i}`, 1 + (i % 3), i % 4 === 0 ? 1 : 0, i % 5 === 0 ? ["a1", "b2"] : undefined));
    const later = [row("query 7", 2, 0, ["c3"]), row("", 9)];
    for (const analytics of [item, tx]) {
      for (let i = 0; i < rows.length; i += analytics.rowsPerWrite) await analytics.addRows(rows.slice(i, i + analytics.rowsPerWrite));
      await analytics.addRows(later);
    }
    const [fromItems, fromTransactions] = await Promise.all([item.summary(day, day), tx.summary(day, day)]);
    expect(fromItems).toHaveLength(60);
    expect(byQuery(fromTransactions)).toEqual(byQuery(fromItems));
    const seven = fromTransactions.find((s) => s.query === "query 7");
    expect(seven).toEqual({ query: "query 7", searches: 2 + 2, zeroResults: 0, addresses: 1 });
    expect(fromTransactions.find((s) => s.query === "query 0")).toEqual({ query: "query 0", searches: 1, zeroResults: 1, addresses: 2 });
  });

  it("writes more rows than one transaction holds in several, none lost", async () => {
    const tx = new SearchAnalytics(txDb, "transaction");
    const rows = Array.from({ length: 57 }, (_, i) => ({ ...row(`many ${i}`, 1, 1), day: "2026-03-02" }));
    await tx.addRows(rows);
    const stats = await tx.summary("2026-03-02", "2026-03-02");
    expect(stats).toHaveLength(57);
    expect(stats.every((s) => s.searches === 1 && s.zeroResults === 1)).toBe(true);
  });
});
