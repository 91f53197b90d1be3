import { ConditionalCheckFailedException, DeleteCommand, GetCommand, PutCommand, UpdateCommand, paginateQuery } from "./dynamo.js";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { Article } from "../articles/model.js";
import type { Db } from "./client.js";
import { createHash } from "node:crypto";
import { ARTICLE_COUNT_SHARDS, articleByTime, articleCountKey, articleKey, articleMonthPartition, articleMonthsKey } from "./keys.js";
import { INDEXES } from "./table.js";
import { getKeys } from "./batch.js";
import { ContendedError } from "./errors.js";
import { mapLimit, transactWrite, type TxItem } from "./transact.js";

/** Optimistic attempts of one article write before it gives up with ContendedError (409, Retry-After). */
const SAVE_ATTEMPTS = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How saveAll writes a batch's new articles. "item": one conditional PutItem each, as save() does.
 * "transaction": TransactWriteItems of up to 50 new articles, for DynamoDB Local, which commits each
 * PutItem to disk on its own but a transaction once (docs/benchmarks.md, "Ingest: batches in
 * transactions"). On DynamoDB a transaction costs twice the write units, so the cloud keeps "item".
 */
export type ArticleWrites = "item" | "transaction";

/** Saves in flight at once for one batch, as the batch endpoint has always written. */
const SAVE_CONCURRENCY = 8;
/** New articles per transaction (DynamoDB allows 100 items; one more item records new months). */
const TRANSACTION_ARTICLES = 50;
/** Estimated bytes per transaction: DynamoDB refuses more than 4 MB; the estimate (JSON) runs a little high. */
const TRANSACTION_BYTES = 3_500_000;
/** Transactions of one batch in flight at once. */
const TRANSACTION_CONCURRENCY = 2;

/** Creates of a batch, counted in memory and written to the stored count once (ArticleRepository.tally). */
export interface CountTally {
  add(delta: number, id: string): void;
  /** Moves the stored count by what was added since the last flush (one UpdateItem, none when zero). */
  flush(): Promise<void>;
}

/** A place in the month-by-month read of every article: the month, and the last key read in it. */
export interface ArticlePosition {
  month: string;
  after?: Record<string, unknown>;
}

export type SaveOutcome =
  | { status: "created"; article: Article }
  | { status: "updated"; article: Article }
  | { status: "unchanged"; article: Article }
  | { status: "stale"; article: Article };

/** Articles of record. Writes are conditional so concurrent or retried updates never go backwards. */
export class ArticleRepository {
  /** Months this process already recorded, to spare a write per article on bulk imports. */
  private readonly knownMonths = new Set<string>();

  constructor(
    private readonly db: Db,
    readonly writes: ArticleWrites = "item",
  ) {}

  async get(id: string): Promise<Article | null> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: articleKey(id) }));
    return out.Item ? toArticle(out.Item) : null;
  }

  /** The articles of these ids that exist (one BatchGetItem per 100). */
  async getMany(ids: string[]): Promise<Article[]> {
    if (ids.length === 0) return [];
    return (await getKeys(this.db, [...new Set(ids)].map(articleKey))).map(toArticle);
  }

  /**
   * Stores `next` unless the stored copy is newer (updatedAt) — then the write is ignored ("stale").
   * A retried identical write answers "unchanged" without bumping the version.
   */
  async save(next: Omit<Article, "version">, tally?: CountTally): Promise<SaveOutcome> {
    // Most writes are new articles (imports, first publication): try that first, in one call.
    // When the article exists, the failed condition hands back the stored copy.
    let current: Article | null | undefined = await this.putIfVersion(next, null, tally);
    if (current === undefined) return { status: "created", article: { ...next, version: 1 } };
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      current ??= await this.get(next.id);
      if (current && current.updatedAt > next.updatedAt) return { status: "stale", article: current };
      if (current && sameContent(current, next)) return { status: "unchanged", article: current };
      const article: Article = { ...next, version: (current?.version ?? 0) + 1 };
      const conflict = await this.putIfVersion(next, current, tally);
      if (conflict === undefined) return { status: current ? "updated" : "created", article };
      current = conflict; // someone wrote in between: decide again against their copy
      // Full jitter spreads writers of one hot article apart instead of colliding again in step.
      await sleep(Math.random() * Math.min(400, 10 * 2 ** attempt));
    }
    throw new ContendedError(`Article ${next.id}`);
  }

  /**
   * Saves articles of distinct ids, each answering as save() would: per article, its outcome or the
   * error it failed with, in the order given. In "transaction" mode new articles are created in
   * transactions (same item, same condition as a create); a transaction refused because one of its
   * articles exists, or for any other reason, wrote nothing, and its articles go through save() one
   * by one: updates, retries and stale writes answer exactly as they always have.
   */
  async saveAll(articles: Omit<Article, "version">[], tally: CountTally): Promise<PromiseSettledResult<SaveOutcome>[]> {
    const results = new Array<PromiseSettledResult<SaveOutcome>>(articles.length);
    const one = async (i: number) => {
      try {
        results[i] = { status: "fulfilled", value: await this.save(articles[i], tally) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    };
    if (this.writes === "item") {
      await mapLimit(articles.map((_, i) => i), SAVE_CONCURRENCY, one);
      return results;
    }
    await mapLimit(transactionChunks(articles), TRANSACTION_CONCURRENCY, async (chunk) => {
      if (chunk.length > 1 && (await this.createAll(chunk.map((i) => articles[i]), tally))) {
        for (const i of chunk) results[i] = { status: "fulfilled", value: { status: "created", article: { ...articles[i], version: 1 } } };
      } else await mapLimit(chunk, SAVE_CONCURRENCY, one);
    });
    return results;
  }

  /**
   * Creates these articles (distinct ids) in one transaction, with their new months; true when
   * written. False when it was refused (one exists already, or the store failed it): nothing was written.
   */
  private async createAll(articles: Omit<Article, "version">[], tally: CountTally): Promise<boolean> {
    const months = [...new Set(articles.map((a) => a.publishedAt.slice(0, 7)))].filter((m) => !this.knownMonths.has(m));
    const items: TxItem[] = articles.map((a) => ({
      Put: { TableName: this.db.table, Item: articleItem({ ...a, version: 1 }), ConditionExpression: "attribute_not_exists(pk)" },
    }));
    // In the same transaction, so no article is stored without its month (reads go month by month).
    if (months.length) {
      items.push({
        Update: { TableName: this.db.table, Key: articleMonthsKey(), UpdateExpression: "ADD months :m", ExpressionAttributeValues: { ":m": new Set(months) } },
      });
    }
    try {
      await transactWrite(this.db, items);
    } catch {
      // A refused transaction wrote nothing; save() decides each article and reports its own errors.
      // (One that timed out yet committed is then found stored and answers "unchanged", uncounted
      // until `recount`, as a count can always be left short.)
      return false;
    }
    for (const a of articles) tally.add(1, a.id);
    for (const m of months) this.knownMonths.add(m);
    return true;
  }

  /**
   * Writes `next` as the version after `expected` (null: as a new article). Returns undefined on
   * success, or the stored copy (null if it vanished) when the optimistic condition failed.
   */
  private async putIfVersion(next: Omit<Article, "version">, expected: Article | null, tally?: CountTally): Promise<Article | null | undefined> {
    const article: Article = { ...next, version: (expected?.version ?? 0) + 1 };
    const put = {
      TableName: this.db.table,
      Item: articleItem(article),
      ConditionExpression: expected ? "version = :v" : "attribute_not_exists(pk)",
      ...(expected ? { ExpressionAttributeValues: { ":v": expected.version } } : {}),
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    };
    try {
      await this.db.doc.send(new PutCommand(put));
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return err.Item ? toArticle(unmarshall(err.Item)) : null;
      throw err;
    }
    // The stored count follows a new article in a write of its own, not a transaction: a plain Put is
    // what a crash of the store was measured not to lose, and it costs half the write units. A crash
    // between the two leaves the count one short until `recount` (status only; nothing else reads it).
    // A batch counts in a tally and moves the counter once at its end.
    if (!expected) {
      if (tally) tally.add(1, article.id);
      else await this.db.doc.send(new UpdateCommand(this.countDelta(countShard(article.id), 1)));
    }
    await this.rememberMonth(article.publishedAt.slice(0, 7));
    return undefined;
  }

  /** Deletes the article, then takes it off the stored count; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const out = await this.db.doc.send(new DeleteCommand({ TableName: this.db.table, Key: articleKey(id), ReturnValues: "ALL_OLD" }));
    if (!out.Attributes) return false;
    await this.db.doc.send(new UpdateCommand(this.countDelta(countShard(id), -1)));
    return true;
  }

  /**
   * A tally for a batch of saves: they add to it instead of each moving the counter, and `flush`
   * moves it once. Any shard may take the whole delta (the count is their sum); the shard of the
   * batch's first id spreads batches over the shards. A crash before the flush leaves the count
   * short by the batch until `recount`, as a crash between an article and its count always could.
   */
  tally(): CountTally {
    let delta = 0;
    let shardOf: string | undefined;
    return {
      add: (n, id) => {
        delta += n;
        shardOf ??= id;
      },
      flush: async () => {
        const d = delta;
        delta = 0;
        if (d !== 0) await this.db.doc.send(new UpdateCommand(this.countDelta(countShard(shardOf ?? ""), d)));
      },
    };
  }

  /** Articles stored: the sum of the counter shards (one BatchGetItem, whatever the archive's size). */
  async storedCount(): Promise<number> {
    const shards = await getKeys(this.db, Array.from({ length: ARTICLE_COUNT_SHARDS }, (_, i) => articleCountKey(i)));
    return shards.reduce((sum, item) => sum + Number(item.count ?? 0), 0);
  }

  /**
   * Sets the counter from the articles themselves (ids only, month by month through byTime, no Scan):
   * once for a table filled before the counter existed. Creates or deletes made while it runs may be
   * off by their number, so run it when the CMS is quiet.
   */
  async recount(): Promise<number> {
    const shards = new Array<number>(ARTICLE_COUNT_SHARDS).fill(0);
    for (const month of await this.months()) {
      const pages = paginateQuery(
        { client: this.db.doc },
        {
          TableName: this.db.table,
          IndexName: INDEXES.byTime.name,
          KeyConditionExpression: "gsi1pk = :p",
          ExpressionAttributeValues: { ":p": articleMonthPartition(month) },
          ProjectionExpression: "id",
        },
      );
      for await (const page of pages) for (const item of page.Items ?? []) shards[countShard(String(item.id))]++;
    }
    await Promise.all(
      shards.map((count, shard) =>
        this.db.doc.send(new PutCommand({ TableName: this.db.table, Item: { ...articleCountKey(shard), type: "article-count", count } })),
      ),
    );
    return shards.reduce((a, b) => a + b, 0);
  }

  private countDelta(shard: number, delta: number) {
    return {
      TableName: this.db.table,
      Key: articleCountKey(shard),
      UpdateExpression: "ADD #count :d SET #type = :t",
      ExpressionAttributeNames: { "#count": "count", "#type": "type" },
      ExpressionAttributeValues: { ":d": delta, ":t": "article-count" },
    };
  }

  /** Publication months that hold articles ("YYYY-MM"), newest first. */
  async months(): Promise<string[]> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: articleMonthsKey() }));
    const months = (out.Item?.months as Set<string> | undefined) ?? new Set<string>();
    return [...months].sort().reverse();
  }

  /** Every article, month by month, newest first: for loading the related-stories model. */
  async *all(pageSize = 500): AsyncGenerator<Article[]> {
    for await (const { articles } of this.pagesFrom(undefined, pageSize)) if (articles.length) yield articles;
  }

  /** One month of the byTime index, newest first. */
  private monthQuery(month: string) {
    return {
      TableName: this.db.table,
      IndexName: INDEXES.byTime.name,
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": articleMonthPartition(month) },
      ScanIndexForward: false,
    };
  }

  /**
   * Every article like all(), one page at a time, each with the position just after it, so a
   * reader that stops can continue from a position it saved (a resumable reindex). Months that
   * appear after `from` (newer ones) are not visited: their articles reach the index by the stream.
   */
  async *pagesFrom(from?: ArticlePosition, pageSize = 500): AsyncGenerator<{ articles: Article[]; next?: ArticlePosition }> {
    const months = (await this.months()).filter((m) => !from || m <= from.month);
    for (const [i, month] of months.entries()) {
      const pages = paginateQuery(
        { client: this.db.doc, pageSize, ...(from?.month === month && from.after ? { startingToken: from.after } : {}) },
        this.monthQuery(month),
      );
      for await (const page of pages) {
        const next = page.LastEvaluatedKey ? { month, after: page.LastEvaluatedKey } : months[i + 1] ? { month: months[i + 1] } : undefined;
        yield { articles: (page.Items ?? []).map(toArticle), next };
      }
    }
  }

  /** Stored articles, counted month by month (reads every key of the byTime index: for jobs, not requests). */
  async count(): Promise<number> {
    let total = 0;
    for (const month of await this.months()) {
      const pages = paginateQuery({ client: this.db.doc }, { ...this.monthQuery(month), Select: "COUNT" });
      for await (const page of pages) total += page.Count ?? 0;
    }
    return total;
  }

  private async rememberMonth(month: string) {
    if (this.knownMonths.has(month)) return;
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.table,
        Key: articleMonthsKey(),
        UpdateExpression: "ADD months :m",
        ExpressionAttributeValues: { ":m": new Set([month]) },
      }),
    );
    this.knownMonths.add(month);
  }
}

/** The stored item of an article: its keys, its place in the byTime index, its type. */
const articleItem = (article: Article) => ({ ...articleKey(article.id), ...articleByTime(article.id, article.publishedAt), type: "article", ...article });

/**
 * Indexes of `articles` in groups for one transaction each: at most TRANSACTION_ARTICLES, and at
 * most TRANSACTION_BYTES by a JSON estimate of their items (an article alone may exceed it; it is
 * then saved on its own).
 */
export function transactionChunks(articles: Omit<Article, "version">[]): number[][] {
  const chunks: number[][] = [];
  let chunk: number[] = [];
  let bytes = 0;
  articles.forEach((a, i) => {
    const size = Buffer.byteLength(JSON.stringify(articleItem({ ...a, version: 1 })));
    if (chunk.length && (chunk.length >= TRANSACTION_ARTICLES || bytes + size > TRANSACTION_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(i);
    bytes += size;
  });
  if (chunk.length) chunks.push(chunk);
  return chunks;
}

const countShard = (id: string) => createHash("sha256").update(id).digest()[0] % ARTICLE_COUNT_SHARDS;

const CONTENT_FIELDS = ["title", "body", "url", "summary", "section", "tags", "authors", "language", "publishedAt", "updatedAt", "imageUrl"] as const;

function sameContent(a: Omit<Article, "version">, b: Omit<Article, "version">): boolean {
  return CONTENT_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

/** Strips the table's key attributes from a stored item. */
export function toArticle(item: Record<string, unknown>): Article {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, type: _t, ...rest } = item;
  return rest as unknown as Article;
}
