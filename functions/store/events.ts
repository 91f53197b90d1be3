import { createHash } from "node:crypto";
import { GetCommand, QueryCommand, paginateQuery } from "./dynamo.js";
import type { Db } from "./client.js";
import {
  articleKey,
  coReadByCount,
  coReadKey,
  eventKey,
  HISTORY_PREFIX,
  historyBefore,
  historyKey,
  historyPartition,
  signalShareKey,
  trendingByCount,
  trendingKey,
} from "./keys.js";
import { INDEXES } from "./table.js";
import type { CoRead, HistoryRead, ReadingSignals, TrendingEntry, TrendingWindow } from "./signals.js";
import { ConditionsFailed, mapLimit, transactWrite, type TxItem } from "./transact.js";
import { deleteKeys, getKeys } from "./batch.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

export type EventType = "view" | "read";

export interface ReadingEvent {
  eventId: string;
  visitorId: string;
  articleId: string;
  type: EventType;
  /** ISO 8601; the time of receipt when missing. */
  at?: string;
  dwellMs?: number;
}

export interface EventRejection {
  /** Position of the event in the request. */
  index: number;
  eventId: string;
  field: string;
  message: string;
}

export interface RecordResult {
  accepted: number;
  duplicates: number;
  rejected: EventRejection[];
}

export interface HistoryEntry {
  articleId: string;
  title: string | null;
  url: string | null;
  readAt: string;
}

export interface HistoryPage {
  items: HistoryEntry[];
  nextCursor: string | null;
}

export interface EventStoreOptions {
  historyTtlDays: number;
  /** Write shards per trending bucket (default 4). */
  trendShards?: number;
  /** The clock for ReadingSignals methods, which take no time argument. */
  clock?: () => Date;
  /** How long one trending answer per window is reused (0: never); see TRENDING_CACHE_DEPTH. */
  trendingCacheMs?: number;
  /** Events one client address may add to one article's trending and co-reading counts per UTC day (default 3). */
  signalCapPerAddress?: number;
}

/**
 * Entries kept per cached trending window: every list a route asks for fits. A trending read is up
 * to 100 Queries (24 hour buckets × 4 shards), and a new visitor's recommendations need one too.
 */
export const TRENDING_CACHE_DEPTH = 100;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Clients' clocks drift; an event this far ahead of ours is still taken as "now-ish". */
export const MAX_FUTURE_SKEW_MS = 5 * MINUTE_MS;
/** How many of the visitor's previous distinct reads pair up with a new read. */
export const CO_READ_DEPTH = 5;
/** History items looked at to find CO_READ_DEPTH distinct articles. */
const CO_READ_LOOKBACK = 20;
/** Trending weight in quarter-reads: a view (opened, not read) counts a quarter of a read. */
const WEIGHT: Record<EventType, number> = { read: 4, view: 1 };
const VISITORS_IN_FLIGHT = 8;

interface BucketKind {
  ms: number;
  id: (startMs: number) => string;
  /** Counters live this long after their bucket starts: longer than any window that reads them. */
  keepMs: number;
}

const BUCKETS = {
  hour: { ms: HOUR_MS, id: (t: number) => `H${new Date(t).toISOString().slice(0, 13)}`, keepMs: 2 * DAY_MS },
  day: { ms: DAY_MS, id: (t: number) => `D${new Date(t).toISOString().slice(0, 10)}`, keepMs: 9 * DAY_MS },
} satisfies Record<string, BucketKind>;

/** Each window reads the finest buckets that keep the number of queries bounded (2, 25 and 8 buckets). */
const WINDOWS: Record<TrendingWindow, { ms: number; bucket: BucketKind }> = {
  "1h": { ms: HOUR_MS, bucket: BUCKETS.hour },
  "24h": { ms: DAY_MS, bucket: BUCKETS.hour },
  "7d": { ms: 7 * DAY_MS, bucket: BUCKETS.day },
};

const digest = (s: string) => createHash("sha256").update(s).digest();
const epochSeconds = (ms: number) => Math.floor(ms / 1000);

interface ArticleRef {
  title: string | null;
  url: string | null;
}

/**
 * Reading events, each accepted exactly once: one TransactWriteItems per event writes the
 * idempotency marker (conditional), the history item and every counter the event moves, so a
 * duplicate — sequential or simultaneous — changes nothing, and an accepted event moves each
 * counter exactly once. Also the ReadingSignals read side over those counters.
 */
export class EventStore implements ReadingSignals {
  private readonly shards: number;
  private readonly clock: () => Date;
  /** The read in flight or done per window, so simultaneous requests share one read. */
  private readonly trendingCache = new Map<TrendingWindow, { atMs: number; entries: Promise<TrendingEntry[]> }>();

  constructor(
    private readonly db: Db,
    private readonly opts: EventStoreOptions,
  ) {
    this.shards = opts.trendShards ?? 4;
    this.clock = opts.clock ?? (() => new Date());
  }

  /**
   * Records the events one client address sent. Each is kept (history, idempotency) but moves the
   * shared counts (trending, co-reading) only while the address is under its daily cap for that
   * article: however many visitor ids one address invents, it counts as a few readers.
   */
  async record(events: ReadingEvent[], now: Date, address: string): Promise<RecordResult> {
    const rejected: EventRejection[] = [];
    const reject = (index: number, field: string, message: string) =>
      rejected.push({ index, eventId: events[index].eventId, field: `events.${index}.${field}`, message });

    const oldestMs = now.getTime() - this.opts.historyTtlDays * DAY_MS;
    const timed: { event: ReadingEvent; index: number; atMs: number }[] = [];
    events.forEach((event, index) => {
      const atMs = event.at ? Date.parse(event.at) : now.getTime();
      if (atMs > now.getTime() + MAX_FUTURE_SKEW_MS) reject(index, "at", "is more than 5 minutes in the future");
      else if (atMs < oldestMs) reject(index, "at", `is older than ${this.opts.historyTtlDays} days`);
      else timed.push({ event, index, atMs });
    });

    const articles = await this.lookupArticles([...new Set(timed.map((t) => t.event.articleId))]);
    const byVisitor = new Map<string, typeof timed>();
    for (const t of timed) {
      if (!articles.has(t.event.articleId)) {
        reject(t.index, "articleId", "no such article");
        continue;
      }
      const list = byVisitor.get(t.event.visitorId) ?? [];
      list.push(t);
      byVisitor.set(t.event.visitorId, list);
    }

    const addressTag = digest(`address\n${address}`).toString("base64url").slice(0, 16);
    // One visitor's events in time order, so each read sees the reads before it; visitors in parallel.
    let accepted = 0;
    let duplicates = 0;
    await mapLimit([...byVisitor.values()], VISITORS_IN_FLIGHT, async (list) => {
      list.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
      for (const t of list) {
        if (await this.recordOne(t.event, t.atMs, articles.get(t.event.articleId)!, now, addressTag)) accepted++;
        else duplicates++;
      }
    });
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, duplicates, rejected };
  }

  /** True when accepted, false when the event was already recorded. */
  private async recordOne(event: ReadingEvent, atMs: number, article: ArticleRef, now: Date, addressTag: string): Promise<boolean> {
    const marker = digest(`${event.visitorId}\n${event.eventId}`);
    const markerId = marker.toString("base64url");
    const readAt = new Date(atMs).toISOString();
    const expiresAt = epochSeconds(atMs) + this.opts.historyTtlDays * 86_400;
    // A resend after the original was stored costs one read; the transaction's condition still decides races.
    if (await this.alreadyRecorded(markerId)) return false;
    const items: TxItem[] = [
      {
        Put: {
          TableName: this.db.table,
          Item: { ...eventKey(markerId), type: "event", expiresAt },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ];

    const history: TxItem[] = [];
    const signals: TxItem[] = [];
    if (event.type === "read") {
      history.push({
        Put: {
          TableName: this.db.table,
          Item: {
            ...historyKey(event.visitorId, readAt, event.articleId, markerId.slice(0, 8)),
            type: "read",
            articleId: event.articleId,
            title: article.title,
            url: article.url,
            readAt,
            ...(event.dwellMs !== undefined ? { dwellMs: event.dwellMs } : {}),
            expiresAt,
          },
        },
      });
      for (const other of await this.coReadSources(event.visitorId, event.articleId, readAt, now)) {
        signals.push(this.coReadUpdate(other, event.articleId), this.coReadUpdate(event.articleId, other));
      }
    }

    const shard = marker.readUInt32BE(0) % this.shards;
    for (const kind of [BUCKETS.hour, BUCKETS.day]) {
      const startMs = Math.floor(atMs / kind.ms) * kind.ms;
      // A bucket past its keep time is read by no window: counting into it would only make garbage.
      if (startMs + kind.keepMs <= now.getTime()) continue;
      signals.push(this.trendUpdate(kind.id(startMs), shard, event, startMs, epochSeconds(startMs + kind.keepMs)));
    }

    // Item 1 takes one unit of the address's share; when the share is spent, the event is kept without its signals.
    const share = signals.length ? [this.shareUpdate(addressTag, event.articleId, atMs)] : [];
    for (const counted of [true, false]) {
      try {
        await transactWrite(this.db, [items[0], ...(counted ? share : []), ...history, ...(counted ? signals : [])]);
        return true;
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err;
        if (err.has(0)) return false;
        if (!counted || !share.length || !err.has(1)) throw err;
      }
    }
    return true;
  }

  private shareUpdate(addressTag: string, articleId: string, atMs: number): TxItem {
    const day = new Date(atMs).toISOString().slice(0, 10);
    return {
      Update: {
        TableName: this.db.table,
        Key: signalShareKey(day, addressTag, articleId),
        UpdateExpression: "SET #type = :type, expiresAt = :exp ADD #n :one",
        ConditionExpression: "attribute_not_exists(#n) OR #n < :cap",
        ExpressionAttributeNames: { "#type": "type", "#n": "events" },
        ExpressionAttributeValues: {
          ":type": "share",
          ":exp": epochSeconds(Date.parse(`${day}T00:00:00Z`)) + 2 * 86_400,
          ":one": 1,
          ":cap": this.opts.signalCapPerAddress ?? 3,
        },
      },
    };
  }

  private async alreadyRecorded(markerId: string): Promise<boolean> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.table, Key: eventKey(markerId), ProjectionExpression: "pk", ConsistentRead: true }),
    );
    return Boolean(out.Item);
  }

  /**
   * The visitor's previous distinct reads (up to CO_READ_DEPTH) that pair with this one. A re-read
   * of an article among them adds no pairs, so reading back and forth does not inflate the counts.
   */
  private async coReadSources(visitorId: string, articleId: string, readAt: string, now: Date): Promise<string[]> {
    const range = historyBefore(readAt);
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.table,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        FilterExpression: "expiresAt > :now",
        ExpressionAttributeValues: { ":pk": historyPartition(visitorId), ":from": range.from, ":to": range.to, ":now": epochSeconds(now.getTime()) },
        ProjectionExpression: "articleId",
        ScanIndexForward: false,
        Limit: CO_READ_LOOKBACK,
        ConsistentRead: true,
      }),
    );
    const sources: string[] = [];
    for (const item of out.Items ?? []) {
      const id = item.articleId as string;
      if (id === articleId) return [];
      if (!sources.includes(id)) sources.push(id);
      if (sources.length === CO_READ_DEPTH) break;
    }
    return sources;
  }

  private coReadUpdate(fromId: string, toId: string): TxItem {
    return {
      Update: {
        TableName: this.db.table,
        Key: coReadKey(fromId, toId),
        UpdateExpression: "SET gsi3pk = :gp, articleId = :to, #type = :type ADD gsi3sk :one",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: { ":gp": coReadByCount(fromId).gsi3pk, ":to": toId, ":type": "coread", ":one": 1 },
      },
    };
  }

  private trendUpdate(bucket: string, shard: number, event: ReadingEvent, startMs: number, expiresAt: number): TxItem {
    return {
      Update: {
        TableName: this.db.table,
        Key: trendingKey(bucket, shard, event.articleId),
        UpdateExpression: "SET gsi3pk = :gp, articleId = :a, bucketStart = :bs, expiresAt = :exp, #type = :type ADD gsi3sk :w, #reads :r, #views :v",
        ExpressionAttributeNames: { "#type": "type", "#reads": "reads", "#views": "views" },
        ExpressionAttributeValues: {
          ":gp": trendingByCount(bucket, shard).gsi3pk,
          ":a": event.articleId,
          ":bs": new Date(startMs).toISOString(),
          ":exp": expiresAt,
          ":type": "trend",
          ":w": WEIGHT[event.type],
          ":r": event.type === "read" ? 1 : 0,
          ":v": event.type === "view" ? 1 : 0,
        },
      },
    };
  }

  /** Title and URL of the articles that exist, by id (one BatchGetItem per 100 ids). */
  private async lookupArticles(ids: string[]): Promise<Map<string, ArticleRef>> {
    const items = await getKeys(
      this.db,
      ids.map((id) => articleKey(id)),
      { expression: "#id, #title, #url", names: { "#id": "id", "#title": "title", "#url": "url" } },
    );
    return new Map(items.map((i) => [i.id as string, { title: (i.title as string) ?? null, url: (i.url as string) ?? null }]));
  }

  /** The visitor's reads, newest first, with cursor pagination. */
  async history(visitorId: string, limit: number, cursor: string | undefined, now: Date): Promise<HistoryPage> {
    const start = cursor
      ? { pk: historyPartition(visitorId), sk: decodeCursor(cursor, ["sk"], (f) => f.sk.startsWith(HISTORY_PREFIX)).sk }
      : undefined;
    const items = await this.readHistory(visitorId, limit + 1, now, start);
    const page = items.slice(0, limit);
    return {
      items: page.map((i) => ({
        articleId: i.articleId as string,
        title: (i.title as string | undefined) ?? null,
        url: (i.url as string | undefined) ?? null,
        readAt: i.readAt as string,
      })),
      nextCursor: items.length > limit ? encodeCursor({ sk: page[page.length - 1].sk as string }) : null,
    };
  }

  /** Up to `count` unexpired history items, newest first (TTL deletion lags, so expiry is also filtered here). */
  private async readHistory(visitorId: string, count: number, now: Date, start?: Record<string, string>) {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined = start;
    do {
      const out = await this.db.doc.send(
        new QueryCommand({
          TableName: this.db.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          FilterExpression: "expiresAt > :now",
          ExpressionAttributeValues: { ":pk": historyPartition(visitorId), ":prefix": HISTORY_PREFIX, ":now": epochSeconds(now.getTime()) },
          ScanIndexForward: false,
          Limit: count - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (items.length < count && startKey);
    return items;
  }

  /** Deletes everything in the visitor's partition (their history); returns how many items went. */
  async eraseVisitor(visitorId: string): Promise<number> {
    let erased = 0;
    const pages = paginateQuery(
      { client: this.db.doc },
      {
        TableName: this.db.table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": historyPartition(visitorId) },
        ProjectionExpression: "pk, sk",
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      const keys = (page.Items ?? []).map((i) => ({ pk: i.pk as string, sk: i.sk as string }));
      await deleteKeys(this.db, keys);
      erased += keys.length;
    }
    return erased;
  }

  // ReadingSignals ------------------------------------------------------------

  async coReads(articleId: string, limit: number): Promise<CoRead[]> {
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.table,
        IndexName: INDEXES.byCount.name,
        KeyConditionExpression: "gsi3pk = :p",
        ExpressionAttributeValues: { ":p": coReadByCount(articleId).gsi3pk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({ articleId: i.articleId as string, count: i.gsi3sk as number }));
  }

  /** Reads in the window with time decay; the answer per window is shared for `trendingCacheMs`. */
  async trending(window: TrendingWindow, limit: number, now: Date): Promise<TrendingEntry[]> {
    const ttl = this.opts.trendingCacheMs ?? 0;
    if (ttl <= 0 || limit > TRENDING_CACHE_DEPTH) return this.readTrending(window, limit, now);
    const cached = this.trendingCache.get(window);
    const age = cached ? now.getTime() - cached.atMs : Infinity;
    if (cached && age >= 0 && age < ttl) return (await cached.entries).slice(0, limit);
    const entry = { atMs: now.getTime(), entries: this.readTrending(window, TRENDING_CACHE_DEPTH, now) };
    this.trendingCache.set(window, entry);
    // A failed read is not kept: the next request tries again.
    entry.entries.catch(() => this.trendingCache.get(window) === entry && this.trendingCache.delete(window));
    return (await entry.entries).slice(0, limit);
  }

  /**
   * Reads in the window with exponential time decay (half-life = window / 4). Each bucket
   * overlapping the window contributes its counters times the share of the bucket inside the
   * window (reads are taken as spread evenly over the bucket's elapsed part), decayed by the age
   * of that share's midpoint. One Query on byCount per bucket and shard, each bounded by `Limit`.
   */
  private async readTrending(window: TrendingWindow, limit: number, now: Date): Promise<TrendingEntry[]> {
    const { ms: windowMs, bucket } = WINDOWS[window];
    const nowMs = now.getTime();
    const windowStart = nowMs - windowMs;
    const halfLife = windowMs / 4;
    const perPartition = Math.min(1000, Math.max(100, limit * 5));

    const slots: { partition: string; share: number; decay: number }[] = [];
    for (let start = Math.floor(windowStart / bucket.ms) * bucket.ms; start <= nowMs; start += bucket.ms) {
      const elapsedEnd = Math.max(Math.min(start + bucket.ms, nowMs), start + 1);
      const from = Math.max(start, windowStart);
      if (elapsedEnd <= from) continue;
      const share = (elapsedEnd - from) / (elapsedEnd - start);
      const age = Math.max(0, nowMs - (from + elapsedEnd) / 2);
      const decay = 0.5 ** (age / halfLife);
      for (let shard = 0; shard < this.shards; shard++) {
        slots.push({ partition: trendingByCount(bucket.id(start), shard).gsi3pk, share, decay });
      }
    }

    const pages = await mapLimit(slots, 16, (slot) =>
      this.db.doc.send(
        new QueryCommand({
          TableName: this.db.table,
          IndexName: INDEXES.byCount.name,
          KeyConditionExpression: "gsi3pk = :p",
          ExpressionAttributeValues: { ":p": slot.partition },
          ProjectionExpression: "articleId, #reads, gsi3sk",
          ExpressionAttributeNames: { "#reads": "reads" },
          ScanIndexForward: false,
          Limit: perPartition,
        }),
      ),
    );

    const totals = new Map<string, { reads: number; score: number }>();
    pages.forEach((page, i) => {
      const { share, decay } = slots[i];
      for (const item of page.Items ?? []) {
        const id = item.articleId as string;
        const t = totals.get(id) ?? { reads: 0, score: 0 };
        t.reads += share * ((item.reads as number) ?? 0);
        t.score += (share * decay * (item.gsi3sk as number)) / WEIGHT.read;
        totals.set(id, t);
      }
    });
    return [...totals]
      .map(([articleId, t]) => ({ articleId, reads: Math.round(t.reads), score: Math.round(t.score * 1000) / 1000 }))
      .filter((e) => e.score > 0)
      .sort((a, b) => b.score - a.score || b.reads - a.reads || a.articleId.localeCompare(b.articleId))
      .slice(0, limit);
  }

  async recentReads(visitorId: string, limit: number): Promise<HistoryRead[]> {
    const items = await this.readHistory(visitorId, limit, this.clock());
    return items.map((i) => ({ articleId: i.articleId as string, readAt: i.readAt as string }));
  }

  async readArticleIds(visitorId: string, limit: number): Promise<Set<string>> {
    return new Set((await this.recentReads(visitorId, limit)).map((r) => r.articleId));
  }
}
