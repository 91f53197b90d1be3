import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Db } from "./client.js";
import { deleteKeys, getKeys } from "./batch.js";
import { relatedProfileKey, storyByTime } from "./keys.js";
import type { StoredProfile } from "../recommend/profile.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** BatchWriteItem calls in flight while a stream batch or a reindex writes profiles. */
const WRITE_CONCURRENCY = 4;

/**
 * Related-stories profiles, one small item per article next to the article of record. Derived data
 * like the search index: written from the table's stream and by reindex, read a handful at a time.
 */
export class RelatedProfiles {
  constructor(private readonly db: Db) {}

  /** Profiles of these ids that exist; missing ids (deleted, not yet written) are left out. */
  async get(ids: readonly string[]): Promise<Map<string, StoredProfile>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const items = await getKeys(this.db, unique.map(relatedProfileKey));
    return new Map(items.map((item) => [String(item.id), toProfile(item)]));
  }

  /** Writes profiles (idempotent: a replay writes the same item again). */
  async put(profiles: readonly StoredProfile[]): Promise<void> {
    const chunks: StoredProfile[][] = [];
    for (let i = 0; i < profiles.length; i += 25) chunks.push(profiles.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await this.write(chunks[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, chunks.length) }, worker));
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (ids.length) await deleteKeys(this.db, ids.map(relatedProfileKey));
  }

  private async write(chunk: StoredProfile[]): Promise<void> {
    // A profile with a story is also an entry of that story's list (store/stories.ts).
    let pending = chunk.map((p) => ({ PutRequest: { Item: { ...relatedProfileKey(p.id), ...(p.storyId ? storyByTime(p.storyId, p.publishedAt, p.id) : {}), type: "related", ...p } } }));
    for (let round = 0; pending.length; round++) {
      if (round >= 10) throw new Error("DynamoDB kept profile writes unprocessed; the batch will be retried");
      if (round) await sleep(Math.min(1000, 20 * 2 ** round));
      const out = await this.db.doc.send(new BatchWriteCommand({ RequestItems: { [this.db.table]: pending } }));
      pending = (out.UnprocessedItems?.[this.db.table] ?? []) as typeof pending;
    }
  }
}

function toProfile(item: Record<string, unknown>): StoredProfile {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, type: _t, ...rest } = item;
  return rest as unknown as StoredProfile;
}
