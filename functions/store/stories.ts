import { QueryCommand } from "./dynamo.js";
import type { Db } from "./client.js";
import { INDEXES } from "./table.js";
import { relatedProfileKey, storyPartition } from "./keys.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";
import { cardOf, type ArticleCard } from "../recommend/profile.js";

export interface StoryPage {
  items: ArticleCard[];
  nextCursor: string | null;
}

/** A byTime sort key of a story entry: `{publishedAt}#{articleId}`. */
const ENTRY = /^(\d{4}-\d{2}-\d{2}T[0-9:.]+Z)#(.+)$/;

/**
 * The articles of one story, newest first: one Query of the story's byTime partition per page, on
 * the related profiles the indexer writes (store/related.ts). Embargoed articles are left out by
 * the key condition itself (sort keys start with publishedAt), so a page is never short for them.
 */
export class StoryStore {
  constructor(private readonly db: Db) {}

  /** A page of the story; null when the story has no public article (unknown, or all embargoed). */
  async page(storyId: string, limit: number, cursor: string | undefined, now: Date): Promise<StoryPage | null> {
    // "~" sorts after every character of an article id: an article published at `now` is public.
    const upper = `${now.toISOString()}#~`;
    const start = cursor ? decodeCursor(cursor, ["at"], (f) => validEntry(f.at) && f.at < upper).at : undefined;
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.table,
        IndexName: INDEXES.byTime.name,
        KeyConditionExpression: "gsi1pk = :p AND gsi1sk <= :upper",
        ExpressionAttributeValues: { ":p": storyPartition(storyId), ":upper": upper },
        ProjectionExpression: "id, title, #u, publishedAt, imageUrl, gsi1sk",
        ExpressionAttributeNames: { "#u": "url" },
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: start ? { ...relatedProfileKey(ENTRY.exec(start)![2]), gsi1pk: storyPartition(storyId), gsi1sk: start } : undefined,
      }),
    );
    const items = (out.Items ?? []) as Array<ArticleCard & { gsi1sk: string }>;
    if (items.length === 0 && !cursor) return null;
    const page = items.slice(0, limit);
    return {
      items: page.map(cardOf),
      nextCursor: items.length > limit ? encodeCursor({ at: page[page.length - 1].gsi1sk }) : null,
    };
  }
}

function validEntry(at: string): boolean {
  const m = ENTRY.exec(at);
  return m !== null && !Number.isNaN(Date.parse(m[1])) && ARTICLE_ID_PATTERN.test(m[2]);
}
