import { createHash, randomBytes } from "node:crypto";
import { GetCommand, QueryCommand, paginateQuery } from "./dynamo.js";
import type { Db } from "./client.js";
import {
  articleKey,
  PENDING_REVIEWS_PARTITION,
  publishedReviewsPartition,
  REVIEW_PREFIX,
  reviewByTimePending,
  reviewByTimePublished,
  reviewByVisitor,
  reviewKey,
  reviewRateKey,
  reviewRatePartition,
  reviewSummaryKey,
  visitorReviewsPartition,
} from "./keys.js";
import { INDEXES } from "./table.js";
import { ConditionsFailed, transactWrite, type TxItem } from "./transact.js";
import { deleteKeys } from "./batch.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ContendedError } from "./errors.js";
import { moderate, type ModerationReason } from "./moderation.js";

export type ReviewStatus = "published" | "pending" | "rejected";
export const RATINGS = [1, 2, 3, 4, 5] as const;
/** What an erased visitor's reviews are signed with. */
export const FORMER_READER = "Former reader";

export interface ReviewInput {
  rating: number;
  text: string;
  displayName: string;
}

/** A review as the API shows it: never with the visitor id. */
export interface Review {
  reviewId: string;
  articleId: string;
  displayName: string;
  rating: number;
  text: string;
  status: ReviewStatus;
  /** Why moderation held it back (empty when published at once). */
  flags: ModerationReason[];
  createdAt: string;
  updatedAt: string;
}

export interface ReviewSummary {
  count: number;
  /** Mean rating rounded to two decimals; null without published reviews. */
  average: number | null;
  histogram: Record<"1" | "2" | "3" | "4" | "5", number>;
}

export interface ReviewPage {
  items: Review[];
  nextCursor: string | null;
}

export interface ReviewStoreOptions {
  rateLimitPerHour: number;
  /** Normalised blocklist (see parseBlocklist). */
  blocklist: string[];
}

/** The visitor wrote too many reviews this hour; nothing was written. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many reviews this hour");
  }
}

const HOUR_MS = 3_600_000;
const MAX_ATTEMPTS = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Item = Record<string, unknown>;

/**
 * Reviews, one per visitor per article, with an exact per-article summary. Every change to a
 * review is one TransactWriteItems with the summary delta it causes, conditioned on the review's
 * version as read: if anything changed in between, the transaction is cancelled and the change is
 * recomputed from a fresh read. So the summary always equals the published reviews stored.
 */
export class ReviewStore {
  constructor(
    private readonly db: Db,
    private readonly opts: ReviewStoreOptions,
  ) {}

  /** Deterministic, so a visitor has one review per article; a digest, so it does not reveal the visitor id. */
  static reviewIdFor(articleId: string, visitorId: string): string {
    return createHash("sha256").update(`review\n${articleId}\n${visitorId}`).digest("base64url").slice(0, 22);
  }

  async articleExists(articleId: string): Promise<boolean> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.table, Key: articleKey(articleId), ProjectionExpression: "pk" }),
    );
    return Boolean(out.Item);
  }

  /** Creates or replaces the visitor's review. Throws RateLimitedError past the hourly limit. */
  async put(articleId: string, visitorId: string, input: ReviewInput, now: Date): Promise<{ created: boolean; review: Review }> {
    const reviewId = ReviewStore.reviewIdFor(articleId, visitorId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const prev = await this.getItem(articleId, reviewId);
      if (prev && prev.rating === input.rating && prev.text === input.text && prev.displayName === input.displayName) {
        return { created: false, review: toReview(prev) }; // a retried PUT: nothing to change
      }
      const verdict = moderate(input, this.opts.blocklist);
      const at = now.toISOString();
      const status: ReviewStatus = verdict.status;
      const next: Item = {
        ...reviewKey(articleId, reviewId),
        ...reviewByVisitor(visitorId, articleId),
        type: "review",
        articleId,
        reviewId,
        rating: input.rating,
        text: input.text,
        displayName: input.displayName,
        status,
        flags: verdict.reasons,
        createdAt: (prev?.createdAt as string | undefined) ?? at,
        updatedAt: at,
        version: ((prev?.version as number | undefined) ?? 0) + 1,
      };
      withStatusIndex(next);

      const hourStart = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
      const items: TxItem[] = [this.putReview(next, prev), this.countForRateLimit(visitorId, hourStart)];
      const summary = this.summaryUpdate(articleId, prev, next);
      if (summary) items.push(summary);
      try {
        await transactWrite(this.db, items);
        return { created: !prev, review: toReview(next) };
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err;
        if (err.has(1)) throw new RateLimitedError(Math.max(1, Math.ceil((hourStart + HOUR_MS - now.getTime()) / 1000)));
        await this.backoff(attempt); // the review changed since we read it: start over
      }
    }
    throw new ContendedError("The review");
  }

  /** Removes the visitor's review; false when there was none. */
  async remove(articleId: string, visitorId: string): Promise<boolean> {
    const reviewId = ReviewStore.reviewIdFor(articleId, visitorId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const prev = await this.getItem(articleId, reviewId);
      if (!prev) return false;
      const items: TxItem[] = [
        {
          Delete: {
            TableName: this.db.table,
            Key: reviewKey(articleId, reviewId),
            ConditionExpression: "version = :v",
            ExpressionAttributeValues: { ":v": prev.version },
          },
        },
      ];
      const summary = this.summaryUpdate(articleId, prev, undefined);
      if (summary) items.push(summary);
      try {
        await transactWrite(this.db, items);
        return true;
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err;
        await this.backoff(attempt);
      }
    }
    throw new ContendedError("The review");
  }

  /** A moderator's decision; null when there is no such review. */
  async decide(articleId: string, reviewId: string, status: "published" | "rejected", now: Date): Promise<Review | null> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const prev = await this.getItem(articleId, reviewId);
      if (!prev) return null;
      if (prev.status === status) return toReview(prev);
      const next: Item = { ...prev, status, decidedAt: now.toISOString(), version: (prev.version as number) + 1 };
      withStatusIndex(next);
      const items: TxItem[] = [this.putReview(next, prev)];
      const summary = this.summaryUpdate(articleId, prev, next);
      if (summary) items.push(summary);
      try {
        await transactWrite(this.db, items);
        return toReview(next);
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err;
        await this.backoff(attempt);
      }
    }
    throw new ContendedError("The review");
  }

  async summary(articleId: string): Promise<ReviewSummary> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: reviewSummaryKey(articleId), ConsistentRead: true }));
    const item = out.Item ?? {};
    const count = (item.count as number | undefined) ?? 0;
    const sum = (item.ratingSum as number | undefined) ?? 0;
    const histogram = Object.fromEntries(RATINGS.map((r) => [String(r), (item[`h${r}`] as number | undefined) ?? 0])) as ReviewSummary["histogram"];
    return { count, average: count ? Math.round((sum / count) * 100) / 100 : null, histogram };
  }

  /** Published reviews of an article, newest first. */
  async listPublished(articleId: string, limit: number, cursor?: string): Promise<ReviewPage> {
    const partition = publishedReviewsPartition(articleId);
    const start = cursor
      ? (() => {
          const f = decodeCursor(cursor, ["sk", "gsi1sk"], (c) => c.sk.startsWith(REVIEW_PREFIX));
          return { ...reviewKey(articleId, f.sk.slice(REVIEW_PREFIX.length)), gsi1pk: partition, gsi1sk: f.gsi1sk };
        })()
      : undefined;
    const { items, last } = await this.queryByTime(partition, limit, false, start);
    return { items: items.map(toReview), nextCursor: last ? encodeCursor({ sk: last.sk as string, gsi1sk: last.gsi1sk as string }) : null };
  }

  /** Reviews waiting for a moderator, oldest first, across articles. */
  async listPending(limit: number, cursor?: string): Promise<ReviewPage> {
    const start = cursor
      ? {
          ...decodeCursor(cursor, ["pk", "sk", "gsi1sk"], (c) => c.pk.startsWith("ART#") && c.sk.startsWith(REVIEW_PREFIX)),
          gsi1pk: PENDING_REVIEWS_PARTITION,
        }
      : undefined;
    const { items, last } = await this.queryByTime(PENDING_REVIEWS_PARTITION, limit, true, start);
    return {
      items: items.map(toReview),
      nextCursor: last ? encodeCursor({ pk: last.pk as string, sk: last.sk as string, gsi1sk: last.gsi1sk as string }) : null,
    };
  }

  /**
   * Unlinks every review of the visitor: each moves to a fresh random id (so the visitor id no
   * longer leads to it, not even through reviewIdFor), loses its byVisitor link and is signed
   * FORMER_READER. Rating and status stay, so summaries do not change. Also drops the rate counters.
   */
  async forgetVisitor(visitorId: string, now: Date): Promise<number> {
    let moved = 0;
    const linkedPages = paginateQuery(
      { client: this.db.doc },
      {
        TableName: this.db.table,
        IndexName: INDEXES.byVisitor.name,
        KeyConditionExpression: "gsi2pk = :p",
        ExpressionAttributeValues: { ":p": visitorReviewsPartition(visitorId) },
      },
    );
    for await (const page of linkedPages) {
      for (const linked of page.Items ?? []) {
        if (await this.anonymise(linked.articleId as string, linked.reviewId as string, visitorId, now)) moved++;
      }
    }

    const ratePages = paginateQuery(
      { client: this.db.doc },
      {
        TableName: this.db.table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": reviewRatePartition(visitorId) },
        ProjectionExpression: "pk, sk",
      },
    );
    for await (const page of ratePages) {
      await deleteKeys(this.db, (page.Items ?? []).map((i) => ({ pk: i.pk as string, sk: i.sk as string })));
    }
    return moved;
  }

  private async anonymise(articleId: string, reviewId: string, visitorId: string, now: Date): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const prev = await this.getItem(articleId, reviewId);
      if (!prev || prev.gsi2pk !== visitorReviewsPartition(visitorId)) return false;
      const newId = randomBytes(16).toString("base64url").slice(0, 22);
      const { gsi2pk: _link, gsi2sk: _linkSort, ...rest } = prev;
      const next: Item = {
        ...rest,
        ...reviewKey(articleId, newId),
        reviewId: newId,
        displayName: FORMER_READER,
        anonymisedAt: now.toISOString(),
        version: (prev.version as number) + 1,
      };
      withStatusIndex(next);
      try {
        await transactWrite(this.db, [
          {
            Delete: {
              TableName: this.db.table,
              Key: reviewKey(articleId, reviewId),
              ConditionExpression: "version = :v",
              ExpressionAttributeValues: { ":v": prev.version },
            },
          },
          { Put: { TableName: this.db.table, Item: next, ConditionExpression: "attribute_not_exists(pk)" } },
        ]);
        return true;
      } catch (err) {
        if (!(err instanceof ConditionsFailed)) throw err;
        await this.backoff(attempt);
      }
    }
    throw new ContendedError("The review");
  }

  private async getItem(articleId: string, reviewId: string): Promise<Item | undefined> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: reviewKey(articleId, reviewId), ConsistentRead: true }));
    return out.Item;
  }

  private async queryByTime(partition: string, limit: number, oldestFirst: boolean, start?: Record<string, unknown>) {
    const items: Item[] = [];
    let startKey = start;
    do {
      const out = await this.db.doc.send(
        new QueryCommand({
          TableName: this.db.table,
          IndexName: INDEXES.byTime.name,
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": partition },
          ScanIndexForward: oldestFirst,
          Limit: limit + 1 - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (items.length <= limit && startKey);
    const page = items.slice(0, limit);
    return { items: page, last: items.length > limit ? page[page.length - 1] : undefined };
  }

  /** Puts `next` only if the stored review is still the version `prev` we read (or still absent). */
  private putReview(next: Item, prev: Item | undefined): TxItem {
    return {
      Put: {
        TableName: this.db.table,
        Item: next,
        ConditionExpression: prev ? "version = :v" : "attribute_not_exists(pk)",
        ...(prev ? { ExpressionAttributeValues: { ":v": prev.version } } : {}),
      },
    };
  }

  /** Fixed hourly window: the counter may only grow while under the limit. */
  private countForRateLimit(visitorId: string, hourStart: number): TxItem {
    return {
      Update: {
        TableName: this.db.table,
        Key: reviewRateKey(visitorId, new Date(hourStart).toISOString().slice(0, 13)),
        UpdateExpression: "SET expiresAt = :exp, #type = :type ADD #writes :one",
        ConditionExpression: "attribute_not_exists(#writes) OR #writes < :limit",
        ExpressionAttributeNames: { "#type": "type", "#writes": "writes" },
        ExpressionAttributeValues: {
          ":exp": Math.floor((hourStart + 2 * HOUR_MS) / 1000),
          ":type": "rate",
          ":one": 1,
          ":limit": this.opts.rateLimitPerHour,
        },
      },
    };
  }

  /** The summary change from `prev` to `next` (undefined = absent); none when nothing published moves. */
  private summaryUpdate(articleId: string, prev: Item | undefined, next: Item | undefined): TxItem | undefined {
    const delta = new Map<string, number>();
    const add = (review: Item | undefined, sign: number) => {
      if (review?.status !== "published") return;
      delta.set("count", (delta.get("count") ?? 0) + sign);
      delta.set("ratingSum", (delta.get("ratingSum") ?? 0) + sign * (review.rating as number));
      const bin = `h${review.rating as number}`;
      delta.set(bin, (delta.get(bin) ?? 0) + sign);
    };
    add(prev, -1);
    add(next, +1);
    const moves = [...delta].filter(([, d]) => d !== 0);
    if (!moves.length) return undefined;
    return {
      Update: {
        TableName: this.db.table,
        Key: reviewSummaryKey(articleId),
        UpdateExpression: `SET #type = :type ADD ${moves.map((_, i) => `#a${i} :d${i}`).join(", ")}`,
        ExpressionAttributeNames: { "#type": "type", ...Object.fromEntries(moves.map(([name], i) => [`#a${i}`, name])) },
        ExpressionAttributeValues: { ":type": "review-summary", ...Object.fromEntries(moves.map(([, d], i) => [`:d${i}`, d])) },
      },
    };
  }

  private backoff(attempt: number) {
    return sleep(Math.random() * Math.min(500, 5 * 2 ** attempt));
  }
}

/** Sets the byTime index keys the status calls for: published list, moderation queue, or none. */
function withStatusIndex(item: Item): void {
  delete item.gsi1pk;
  delete item.gsi1sk;
  const articleId = item.articleId as string;
  const reviewId = item.reviewId as string;
  if (item.status === "published") Object.assign(item, reviewByTimePublished(articleId, item.createdAt as string, reviewId));
  if (item.status === "pending") Object.assign(item, reviewByTimePending(item.updatedAt as string, articleId, reviewId));
}

/** The API's view of a stored review: key and link attributes dropped, never the visitor id. */
function toReview(item: Item): Review {
  return {
    reviewId: item.reviewId as string,
    articleId: item.articleId as string,
    displayName: item.displayName as string,
    rating: item.rating as number,
    text: item.text as string,
    status: item.status as ReviewStatus,
    flags: ((item.flags as ModerationReason[] | undefined) ?? []),
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}
