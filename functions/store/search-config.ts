import { createHash } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "./dynamo.js";
import { transactWrite, type TxItem } from "./transact.js";
import type { Db } from "./client.js";
import { DEFAULT_HALF_LIFE_DAYS } from "../search/ranking.js";
import { getKeys } from "./batch.js";
import { INDEXES } from "./table.js";
import { rankingKey, removedSuggestionsKey, searchQueriesPartition, searchQueryKey, synonymsKey, zeroQueriesPartition, zeroQueryKey } from "./keys.js";

/** Admin-managed synonyms: groups of equivalent words or phrases, stored as one item. */
export class SynonymStore {
  constructor(private readonly db: Db) {}

  async get(): Promise<string[][]> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: synonymsKey() }));
    return (out.Item?.groups as string[][] | undefined) ?? [];
  }

  async put(groups: string[][], now: Date): Promise<void> {
    await this.db.doc.send(
      new PutCommand({ TableName: this.db.table, Item: { ...synonymsKey(), groups, updatedAt: now.toISOString() } }),
    );
  }
}

/** Editor settings of the ranking. */
export interface RankingSettings {
  /** Default half-life of the recency decay, in days; 0 turns freshness off (functions/search/ranking.ts). */
  recencyHalfLifeDays: number;
}

/** How long a process reuses the ranking settings it read, so a search costs no DynamoDB read. */
const RANKING_CACHE_MS = 30_000;

/** The editors' ranking settings, stored as one item like the synonyms; read through a short cache. */
export class RankingSettingsStore {
  private cached: { atMs: number; value: Promise<RankingSettings> } | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(): Promise<RankingSettings> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: rankingKey() }));
    const days = out.Item?.recencyHalfLifeDays;
    return { recencyHalfLifeDays: typeof days === "number" ? days : DEFAULT_HALF_LIFE_DAYS };
  }

  /** get() reused for RANKING_CACHE_MS; a failed read is not kept, and falls back to the defaults. */
  current(): Promise<RankingSettings> {
    const now = this.clock().getTime();
    if (!this.cached || now - this.cached.atMs > RANKING_CACHE_MS) {
      const value = this.get().catch(() => {
        this.cached = null;
        return { recencyHalfLifeDays: DEFAULT_HALF_LIFE_DAYS };
      });
      this.cached = { atMs: now, value };
    }
    return this.cached.value;
  }

  async put(settings: RankingSettings, now: Date): Promise<void> {
    await this.db.doc.send(new PutCommand({ TableName: this.db.table, Item: { ...rankingKey(), ...settings, updatedAt: now.toISOString() } }));
    this.cached = null;
  }
}

/** DynamoDB items hold 400 KB; the stored synonyms must leave room for the key and timestamp. */
export const MAX_SYNONYMS_BYTES = 350_000;

/** Queries an editor removed from autocomplete, one item; at most MAX_REMOVED_SUGGESTIONS of ≤ 200 bytes each. */
export const MAX_REMOVED_SUGGESTIONS = 1500;

export class RemovedSuggestions {
  constructor(private readonly db: Db) {}

  async list(): Promise<string[]> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: removedSuggestionsKey(), ConsistentRead: true }));
    return [...((out.Item?.queries as Set<string> | undefined) ?? [])].sort();
  }

  /** False when the list is full. */
  async add(query: string, now: Date): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.table,
          Key: removedSuggestionsKey(),
          UpdateExpression: "ADD queries :q SET updatedAt = :at",
          ConditionExpression: "attribute_not_exists(queries) OR size(queries) < :cap OR contains(queries, :one)",
          ExpressionAttributeValues: { ":q": new Set([query]), ":one": query, ":at": now.toISOString(), ":cap": MAX_REMOVED_SUGGESTIONS },
        }),
      );
      return true;
    } catch (err) {
      if ((err as { name?: string }).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }
}

export interface QueryStat {
  query: string;
  searches: number;
  zeroResults: number;
  /** Distinct client addresses (as hashed buckets, see addressBucket) whose complete search found results. */
  addresses: number;
}

export interface QueryCounts {
  searches: number;
  zeroResults: number;
  /** addressBucket values of addresses whose complete search of the query found results. */
  addresses?: string[];
}

const ANALYTICS_TTL_DAYS = 400;
/** Rows read per day and ranking: the state a summary reads is bounded however many distinct queries arrive. */
export const SUMMARY_DEPTH = 1000;
/** Address buckets: few enough that a row's set stays small (≤ 4096 × 3 bytes), many enough that collisions are rare. */
const ADDRESS_BUCKETS = 4096;

/** A client address as one of ADDRESS_BUCKETS short digests: counts distinct addresses, stores none. */
export function addressBucket(address: string): string {
  return (createHash("sha256").update(`query-address\n${address}`).digest().readUInt16BE(0) % ADDRESS_BUCKETS).toString(36);
}

/** One query's counts of one day, as QueryCounter hands them over. */
export interface QueryRow {
  day: string;
  query: string;
  counts: QueryCounts;
}

/**
 * How search counts are written: "item", one UpdateItem per row (DynamoDB: a transaction costs
 * twice the write units); "transaction", up to TRANSACTION_ROWS rows per TransactWriteItems
 * (DynamoDB Local, where an UpdateItem cost its server 5-14 ms of CPU and this process about 2 ms;
 * in transactions of 25 rows, 2-4 and 0.15 ms a row).
 */
export type AnalyticsWrites = "item" | "transaction";
/** Rows per transaction: at most two updates each, within DynamoDB's 100 items. */
const TRANSACTION_ROWS = 25;
type Update = NonNullable<TxItem["Update"]>;

/**
 * Counts of normalised queries per UTC day. No visitor ids and no addresses are stored: the query
 * text, two counters and a small set of address buckets. Each row is ranked on the byCount index
 * (searches; zero-result queries also in their own partition), so a summary reads the top
 * SUMMARY_DEPTH of each day, never every query ever typed.
 */
export class SearchAnalytics {
  constructor(
    private readonly db: Db,
    private readonly writes: AnalyticsWrites = "item",
  ) {}

  /** Rows that addRows writes in one call (all or none). */
  get rowsPerWrite(): number {
    return this.writes === "transaction" ? TRANSACTION_ROWS : 1;
  }

  /**
   * Adds counts to each row's query of its day (ADD: concurrent writers do not lose counts). When
   * the writes are transactional, rowsPerWrite rows go in one transaction: all of them or none.
   */
  async addRows(rows: QueryRow[]): Promise<void> {
    const named = rows.filter((r) => r.query);
    if (this.writes === "item") {
      for (const update of named.flatMap((r) => this.updates(r))) await this.db.doc.send(new UpdateCommand(update));
      return;
    }
    for (let i = 0; i < named.length; i += TRANSACTION_ROWS) {
      await transactWrite(this.db, named.slice(i, i + TRANSACTION_ROWS).flatMap((r) => this.updates(r).map((Update) => ({ Update }))));
    }
  }

  /** The query's row of the day, and its row among the day's zero-result queries when it has some. */
  private updates({ day, query, counts }: QueryRow): Update[] {
    const expiresAt = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + ANALYTICS_TTL_DAYS * 86400;
    const addresses = counts.addresses?.length ? new Set(counts.addresses) : undefined;
    const updates: Update[] = [
      {
        TableName: this.db.table,
        Key: searchQueryKey(day, query),
        UpdateExpression: `ADD searches :n, zeroResults :zero, gsi3sk :n${addresses ? ", addresses :a" : ""} SET #query = :q, gsi3pk = :gp, expiresAt = if_not_exists(expiresAt, :ttl)`,
        ExpressionAttributeNames: { "#query": "query" }, // a reserved word in expressions
        ExpressionAttributeValues: {
          ":n": counts.searches,
          ":zero": counts.zeroResults,
          ":q": query,
          ":gp": searchQueriesPartition(day),
          ":ttl": expiresAt,
          ...(addresses ? { ":a": addresses } : {}),
        },
      },
    ];
    if (counts.zeroResults > 0) {
      updates.push({
        TableName: this.db.table,
        Key: zeroQueryKey(day, query),
        UpdateExpression: "ADD gsi3sk :zero SET #query = :q, gsi3pk = :gp, expiresAt = if_not_exists(expiresAt, :ttl)",
        ExpressionAttributeNames: { "#query": "query" },
        ExpressionAttributeValues: { ":zero": counts.zeroResults, ":q": query, ":gp": zeroQueriesPartition(day), ":ttl": expiresAt },
      });
    }
    return updates;
  }

  /**
   * Aggregates the days from..to (inclusive, at most 31): per day the `depth` most searched
   * queries and the `depth` queries with most zero results. A query outside both tops of a day
   * misses that day's counts: a top-N summary, by design bounded.
   */
  async summary(fromDay: string, toDay: string, depth = SUMMARY_DEPTH): Promise<QueryStat[]> {
    const totals = new Map<string, QueryStat>();
    for (const day of daysBetween(fromDay, toDay)) {
      const [top, zero] = await Promise.all([this.ranked(searchQueriesPartition(day), depth), this.ranked(zeroQueriesPartition(day), depth)]);
      const seen = new Set(top.map((i) => String(i.query)));
      const missing = zero.map((i) => String(i.query)).filter((q) => !seen.has(q));
      const rows = [...top, ...(await getKeys(this.db, missing.map((q) => searchQueryKey(day, q))))];
      for (const item of rows) {
        const q = String(item.query);
        const t = totals.get(q) ?? { query: q, searches: 0, zeroResults: 0, addresses: 0 };
        t.searches += Number(item.searches ?? 0);
        t.zeroResults += Number(item.zeroResults ?? 0);
        // Across days, the largest day's count: a lower bound on distinct addresses, never an overcount.
        t.addresses = Math.max(t.addresses, (item.addresses as Set<string> | undefined)?.size ?? 0);
        totals.set(q, t);
      }
    }
    return [...totals.values()];
  }

  private async ranked(partition: string, depth: number): Promise<Record<string, unknown>[]> {
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.table,
        IndexName: INDEXES.byCount.name,
        KeyConditionExpression: "gsi3pk = :p",
        ExpressionAttributeValues: { ":p": partition },
        ScanIndexForward: false,
        Limit: depth,
      }),
    );
    return out.Items ?? [];
  }
}

export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${fromDay}T00:00:00Z`); t <= Date.parse(`${toDay}T00:00:00Z`); t += 86400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
