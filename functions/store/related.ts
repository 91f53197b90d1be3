import { BatchWriteCommand } from "./dynamo.js";
import type { Db } from "./client.js";
import { deleteKeys, getKeys } from "./batch.js";
import { transactWrite } from "./transact.js";
import { relatedProfileKey, storyByTime } from "./keys.js";
import type { StoredProfile } from "../recommend/profile.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Write calls in flight while a stream batch or a reindex writes profiles. */
const WRITE_CONCURRENCY = 4;
/** Profiles per TransactWriteItems when writes are transactional (DynamoDB allows 100 items). */
const TRANSACTION_ITEMS = 50;

/**
 * How profiles are written. "batch": BatchWriteItem, 25 a call, one write unit per KB (DynamoDB).
 * "transaction": TransactWriteItems of 50, for DynamoDB Local, which commits each item of a
 * BatchWriteItem to disk on its own but a transaction once: 400 profiles took 7.5–8.8 s batched
 * and 1.0–1.6 s transactional (docs/benchmarks.md). On DynamoDB a transaction costs twice the
 * write units, so the cloud keeps "batch".
 */
export type ProfileWrites = "batch" | "transaction";
/**
 * Profiles one process keeps at most: the sources and candidates of the lists read lately. A count,
 * so memory does not follow the archive's size (≈ 2 KiB of heap each: 8.3 MiB for 4,000 Reuters profiles).
 */
export const PROFILE_CACHE_ENTRIES = 4000;

export interface ProfileCacheOptions {
  /** How long a profile read from the table is reused; 0 turns the cache off. */
  ttlMs: number;
  maxEntries?: number;
  clock?: () => number;
}

/** A cached profile, or null: removed by this process (a read that was in flight must not bring it back). */
type Entry = { profile: StoredProfile | null; expiresAt: number };

/**
 * The profiles this process read or wrote lately. Related lists of one story share most of their
 * candidates, so a warm process reads few items per list. Profiles change only when their article
 * does: this process's own writes replace or drop the entry at once; a change written by another
 * process (the cloud indexer) shows within the time to live, as a CDN keeps the answer as long.
 */
export class ProfileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly clock: () => number;

  constructor(private readonly opts: ProfileCacheOptions) {
    this.max = opts.maxEntries ?? PROFILE_CACHE_ENTRIES;
    this.clock = opts.clock ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The profile, null when this process removed it, undefined when it must be read. */
  lookup(id: string): StoredProfile | null | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt > this.clock()) return entry.profile;
    this.entries.delete(id);
    return undefined;
  }

  /** A profile read from the table; an entry this process wrote meanwhile (newer, or removed) wins. */
  fill(profile: StoredProfile): void {
    const current = this.entries.get(profile.id);
    if (current && current.expiresAt > this.clock() && (current.profile === null || current.profile.version > profile.version)) return;
    this.set(profile.id, profile);
  }

  /** This process wrote (a profile) or removed (null) it: the table now holds this. */
  wrote(id: string, profile: StoredProfile | null): void {
    this.set(id, profile);
  }

  /** The article changed: read its profile again next time. */
  forget(id: string): void {
    this.entries.delete(id);
  }

  private set(id: string, profile: StoredProfile | null) {
    if (this.opts.ttlMs <= 0) return;
    // Re-inserted at the end: the oldest entries go first when the cap is reached.
    this.entries.delete(id);
    this.entries.set(id, { profile: profile && Object.freeze(profile), expiresAt: this.clock() + this.opts.ttlMs });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

/**
 * Related-stories profiles, one small item per article next to the article of record. Derived data
 * like the search index: written from the table's stream and by reindex, read a handful at a time,
 * through a bounded per-process cache.
 */
export class RelatedProfiles {
  constructor(
    private readonly db: Db,
    readonly cache: ProfileCache = new ProfileCache({ ttlMs: 0 }),
    private readonly writes: ProfileWrites = "batch",
  ) {}

  /** The same profiles through another client (the stream consumer's, without request deadlines), sharing the cache. */
  using(db: Db, writes: ProfileWrites = this.writes): RelatedProfiles {
    return new RelatedProfiles(db, this.cache, writes);
  }

  /** Profiles of these ids that exist, in the order asked; missing ids (deleted, not yet written) are left out. */
  async get(ids: readonly string[]): Promise<Map<string, StoredProfile>> {
    const unique = [...new Set(ids)];
    const known = new Map<string, StoredProfile | null>();
    const missing: string[] = [];
    for (const id of unique) {
      const hit = this.cache.lookup(id);
      if (hit === undefined) missing.push(id);
      else known.set(id, hit);
    }
    if (missing.length) {
      const read = new Map((await getKeys(this.db, missing.map(relatedProfileKey))).map((item) => [String(item.id), toProfile(item)]));
      // Kept in the order asked (the table answers in any order), so the cap drops the same ones every time.
      for (const id of missing) {
        const profile = read.get(id);
        if (!profile) continue;
        this.cache.fill(profile);
        known.set(id, profile);
      }
    }
    const found = new Map<string, StoredProfile>();
    for (const id of unique) {
      const p = known.get(id);
      if (p) found.set(id, p);
    }
    return found;
  }

  /** Writes profiles (idempotent: a replay writes the same item again). */
  async put(profiles: readonly StoredProfile[]): Promise<void> {
    const size = this.writes === "transaction" ? TRANSACTION_ITEMS : 25;
    const chunks: StoredProfile[][] = [];
    for (let i = 0; i < profiles.length; i += size) chunks.push(profiles.slice(i, i + size));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) await this.write(chunks[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, chunks.length) }, worker));
  }

  async remove(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await deleteKeys(this.db, ids.map(relatedProfileKey));
    for (const id of ids) this.cache.wrote(id, null);
  }

  private async write(chunk: StoredProfile[]): Promise<void> {
    // A profile with a story is also an entry of that story's list (store/stories.ts).
    const items = chunk.map((p) => ({ ...relatedProfileKey(p.id), ...(p.storyId ? storyByTime(p.storyId, p.publishedAt, p.id) : {}), type: "related", ...p }));
    if (this.writes === "transaction") await transactWrite(this.db, items.map((Item) => ({ Put: { TableName: this.db.table, Item } })));
    else await this.writeBatch(items);
    for (const p of chunk) this.cache.wrote(p.id, { ...p });
  }

  private async writeBatch(items: Record<string, unknown>[]): Promise<void> {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
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
