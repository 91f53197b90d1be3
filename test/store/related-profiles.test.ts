import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createDb, type Db } from "../../functions/store/client.js";
import { ensureTable } from "../../scripts/local/dynamodb.js";
import { ProfileCache, RelatedProfiles } from "../../functions/store/related.js";
import { StoryStore } from "../../functions/store/stories.js";
import type { StoredProfile } from "../../functions/recommend/profile.js";

let db: Db;
/** BatchGetItem calls sent through `counted`, i.e. reads the cache did not spare. */
let batchGets = 0;
let counted: Db;

beforeAll(async () => {
  db = createDb({ table: `related-${randomUUID()}`, endpoint: inject("dynamoEndpoint") });
  await ensureTable(db);
  const doc = Object.create(db.doc) as Db["doc"];
  const send = db.doc.send.bind(db.doc) as (command: unknown) => Promise<unknown>;
  (doc as unknown as { send: (command: { constructor: { name: string } }) => Promise<unknown> }).send = (command) => {
    if (command.constructor.name === "BatchGetCommand") batchGets++;
    return send(command);
  };
  counted = { ...db, doc };
});

afterAll(() => db.raw.destroy());

const profile = (id: string, version = 1, title = `Title of ${id}`): StoredProfile => ({
  id,
  title,
  url: null,
  publishedAt: "2026-01-01T00:00:00.000Z",
  imageUrl: null,
  version,
  terms: "treati 0.8 border 0.6",
  labels: "treaty border",
  entities: [],
  tags: [],
});

/** A cache whose clock the test moves. */
function cached(opts: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000_000;
  const cache = new ProfileCache({ ttlMs: opts.ttlMs ?? 60_000, maxEntries: opts.maxEntries, clock: () => now });
  return { profiles: new RelatedProfiles(counted, cache), cache, advance: (ms: number) => (now += ms) };
}

/** Another process: writes to the same table without this cache. */
const elsewhere = () => new RelatedProfiles(db);

async function reads<T>(work: () => Promise<T>): Promise<{ value: T; batchGets: number }> {
  const before = batchGets;
  const value = await work();
  return { value, batchGets: batchGets - before };
}

describe("RelatedProfiles cache (DynamoDB Local)", () => {
  it("reuses profiles it read until they expire, then reads the table again", async () => {
    const ids = [uid(), uid()];
    await elsewhere().put(ids.map((id) => profile(id)));
    const { profiles, advance } = cached({ ttlMs: 60_000 });
    expect((await reads(() => profiles.get(ids))).batchGets).toBe(1);
    // Changed by another process: this one keeps its copy for the time to live, without a read.
    await elsewhere().put([profile(ids[0], 2, "Changed elsewhere")]);
    const warm = await reads(() => profiles.get(ids));
    expect(warm.batchGets).toBe(0);
    expect(warm.value.get(ids[0])?.title).toBe(`Title of ${ids[0]}`);
    advance(60_001);
    const expired = await reads(() => profiles.get(ids));
    expect(expired.batchGets).toBe(1);
    expect(expired.value.get(ids[0])?.title).toBe("Changed elsewhere");
  });

  it("asks only for the ids it does not hold, and answers in the order asked", async () => {
    const ids = [uid(), uid(), uid()];
    await elsewhere().put(ids.map((id) => profile(id)));
    const { profiles, cache } = cached();
    await profiles.get([ids[1]]);
    const { value, batchGets: n } = await reads(() => profiles.get([ids[2], ids[1], ids[0]]));
    expect(n).toBe(1);
    expect([...value.keys()]).toEqual([ids[2], ids[1], ids[0]]);
    expect(cache.size).toBe(3);
  });

  it("never keeps more than its cap, dropping the oldest first", async () => {
    const ids = Array.from({ length: 5 }, uid);
    await elsewhere().put(ids.map((id) => profile(id)));
    const { profiles, cache } = cached({ maxEntries: 3 });
    await profiles.get(ids);
    expect(cache.size).toBe(3);
    expect((await reads(() => profiles.get(ids.slice(2)))).batchGets).toBe(0);
    expect((await reads(() => profiles.get([ids[0]]))).batchGets).toBe(1);
    expect(cache.size).toBe(3);
  });

  it("does not remember an absent profile: one written later by another process shows at once", async () => {
    const id = uid();
    const { profiles } = cached();
    expect((await profiles.get([id])).size).toBe(0);
    await elsewhere().put([profile(id)]);
    expect((await profiles.get([id])).get(id)?.title).toBe(`Title of ${id}`);
  });

  it("applies its own writes at once: a new version replaces the cached one, a removal drops it", async () => {
    const id = uid();
    await elsewhere().put([profile(id)]);
    const { profiles } = cached();
    await profiles.get([id]);
    // The stream consumer writes through another client (no request deadline) but the same cache.
    await profiles.using(db).put([profile(id, 2, "Updated here")]);
    const updated = await reads(() => profiles.get([id]));
    expect(updated.batchGets).toBe(0);
    expect(updated.value.get(id)?.title).toBe("Updated here");
    await profiles.remove([id]);
    const removed = await reads(() => profiles.get([id]));
    expect(removed.batchGets).toBe(0);
    expect(removed.value.size).toBe(0);
  });

  it("lets neither an older read bring back a removed profile nor an older version replace a newer one", async () => {
    const id = uid();
    const { profiles, cache } = cached();
    cache.wrote(id, null);
    cache.fill(profile(id, 3));
    expect(cache.lookup(id)).toBeNull();
    cache.wrote(id, profile(id, 4, "Newest"));
    cache.fill(profile(id, 3, "Older"));
    expect(cache.lookup(id)?.title).toBe("Newest");
    // An article changed through this process's API: its profile is read again.
    cache.forget(id);
    expect(cache.lookup(id)).toBeUndefined();
    expect((await profiles.get([id])).size).toBe(0);
  });

  it("reads the table every time with a time to live of 0", async () => {
    const id = uid();
    await elsewhere().put([profile(id)]);
    const { profiles, cache } = cached({ ttlMs: 0 });
    await profiles.get([id]);
    expect((await reads(() => profiles.get([id]))).batchGets).toBe(1);
    expect(cache.size).toBe(0);
  });
});

describe("RelatedProfiles writes (DynamoDB Local)", () => {
  it("writes the same items in transactions as in batches: profiles, story entries, replays", async () => {
    const storyId = uid();
    const written = Array.from({ length: 120 }, (_, i) => ({ ...profile(uid()), publishedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), storyId }));
    const { profiles, cache } = cached();
    const transactional = profiles.using(db, "transaction");
    // 120 profiles: three transactions; written twice, as a re-delivered stream batch is.
    await transactional.put(written);
    await transactional.put(written);
    expect(cache.lookup(written[0].id)?.storyId).toBe(storyId);
    const read = await elsewhere().get(written.map((p) => p.id));
    expect([...read.keys()]).toEqual(written.map((p) => p.id));
    expect(read.get(written[7].id)).toEqual(written[7]);
    const page = await new StoryStore(db).page(storyId, 200, undefined, new Date());
    expect(page?.items.map((c) => c.id)).toEqual(written.map((p) => p.id).reverse());
  });
});

function uid() {
  return `rp-${randomUUID().slice(0, 12)}`;
}
