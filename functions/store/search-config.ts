import { GetCommand, PutCommand, UpdateCommand, paginateQuery } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.js";
import { rankingKey, searchQueriesPartition, searchQueryKey, synonymsKey } from "./keys.js";
import { DEFAULT_HALF_LIFE_DAYS } from "../search/ranking.js";

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

export interface QueryStat {
  query: string;
  searches: number;
  zeroResults: number;
}

const ANALYTICS_TTL_DAYS = 400;

/**
 * Counts of normalised queries per UTC day. No visitor ids are stored: only the query text and
 * two counters, so the analytics cannot be tied back to a reader.
 */
export class SearchAnalytics {
  constructor(private readonly db: Db) {}

  /** Adds counts to one query's row of one day (ADD: concurrent writers do not lose counts). */
  async add(day: string, query: string, counts: { searches: number; zeroResults: number }): Promise<void> {
    if (!query) return;
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.table,
        Key: searchQueryKey(day, query),
        UpdateExpression: "ADD searches :n, zeroResults :zero SET #query = :q, expiresAt = if_not_exists(expiresAt, :ttl)",
        ExpressionAttributeNames: { "#query": "query" }, // a reserved word in expressions
        ExpressionAttributeValues: {
          ":n": counts.searches,
          ":zero": counts.zeroResults,
          ":q": query,
          ":ttl": Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + ANALYTICS_TTL_DAYS * 86400,
        },
      }),
    );
  }

  /** Aggregates the days from..to (inclusive, at most 31): one Query per day, paged. */
  async summary(fromDay: string, toDay: string): Promise<QueryStat[]> {
    const totals = new Map<string, QueryStat>();
    for (const day of daysBetween(fromDay, toDay)) {
      const pages = paginateQuery(
        { client: this.db.doc },
        { TableName: this.db.table, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": searchQueriesPartition(day) } },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const q = String(item.query);
          const t = totals.get(q) ?? { query: q, searches: 0, zeroResults: 0 };
          t.searches += Number(item.searches ?? 0);
          t.zeroResults += Number(item.zeroResults ?? 0);
          totals.set(q, t);
        }
      }
    }
    return [...totals.values()];
  }
}

export function daysBetween(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${fromDay}T00:00:00Z`); t <= Date.parse(`${toDay}T00:00:00Z`); t += 86400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
