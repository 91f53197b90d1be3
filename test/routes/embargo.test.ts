import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, storeArticles, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { newVisitorId } from "./reading-fixtures.js";

/**
 * Embargo on the whole local stack (DynamoDB Local, stream poller, embedded engine): an article
 * dated in the future is stored but in no public answer until the injected clock reaches its time.
 */
const HOUR = 3_600_000;
const START = new Date(Math.floor(Date.now() / HOUR) * HOUR + 10 * 60_000);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const LIFTS_AT = START.getTime() + 2 * HOUR;

const marker = `embq${randomUUID().replace(/-/g, "").slice(0, 8)}`;
const PEOPLE = "Ilham Aliyev and Nikol Pashinyan";
const PUBLIC_ID = "emb-public";
const EMBARGOED_ID = "emb-later";
const ARTICLES = {
  [PUBLIC_ID]: {
    title: `Peace treaty ${marker} talks resume in Washington`,
    body: `${PEOPLE} resumed the ${marker} peace talks on border delimitation and the transport corridor through Karabakh.`,
    publishedAt: iso(START.getTime() - 3 * HOUR),
    tags: ["peace-talks", "open"],
  },
  [EMBARGOED_ID]: {
    title: `Peace treaty ${marker} signed by the leaders`,
    body: `${PEOPLE} signed the ${marker} peace treaty settling border delimitation and the transport corridor through Karabakh.`,
    publishedAt: iso(LIFTS_AT),
    tags: ["peace-talks", "embargoed-tag"],
  },
  "emb-other": {
    title: "Peace talks: mediators prepare the next round",
    body: `Mediators for ${PEOPLE} prepared the next round of peace talks on border delimitation and the Karabakh transport corridor.`,
    publishedAt: iso(START.getTime() - 5 * HOUR),
    tags: ["peace-talks"],
  },
};

let rt: TestRuntime;
let clock = START;

const get = (url: string, key: string | null = null) => rt.call("GET", url, { key });
async function json<T>(url: string): Promise<T> {
  const res = await get(url);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}
const searchAnswer = () =>
  json<{ total: number; hits: { id: string }[]; facets: { tags?: Record<string, number> } }>(`/v1/search?q=${marker}&facets=tags`);
const suggestIds = async () => (await json<{ suggestions: { id: string }[] }>(`/v1/suggest?q=${encodeURIComponent("peace treaty")}&limit=10`)).suggestions.map((s) => s.id);
const relatedIds = async (id: string) => (await json<{ items: { id: string }[] }>(`/v1/articles/${id}/related?limit=10`)).items.map((i) => i.id);
const trendingIds = async () => (await json<{ items: { id: string }[] }>("/v1/trending?window=24h&limit=10")).items.map((i) => i.id);
const recommendationIds = async (visitor: string) =>
  (await json<{ items: { id: string }[] }>(`/v1/visitors/${visitor}/recommendations?limit=10`)).items.map((i) => i.id);

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.services.now = () => clock;
  await storeArticles(rt, ARTICLES);
  // Readers (who somehow had the link) read both: the counts exist, yet trending must not show the embargoed one.
  const events = [EMBARGOED_ID, EMBARGOED_ID, EMBARGOED_ID, PUBLIC_ID].map((articleId) => ({
    eventId: randomUUID(),
    visitorId: newVisitorId(),
    articleId,
    type: "read" as const,
    at: iso(START.getTime() - 60_000),
  }));
  const res = await rt.call("POST", "/v1/events", { body: { events }, key: null });
  expect(res.status, await res.clone().text()).toBe(202);
});
afterAll(async () => rt?.stop());

describe("embargo (publishedAt in the future)", () => {
  it("keeps the article out of every public answer until its time", async () => {
    const found = await searchAnswer();
    expect(found.hits.map((h) => h.id)).toEqual([PUBLIC_ID]);
    expect(found.total).toBe(1);
    expect(found.facets.tags?.["embargoed-tag"]).toBeUndefined();
    expect(found.facets.tags?.["peace-talks"]).toBe(1);

    // Even when the reader's own `to` lies beyond the embargo.
    const later = await json<{ hits: { id: string }[] }>(`/v1/search?q=${marker}&to=2099-01-01`);
    expect(later.hits.map((h) => h.id)).toEqual([PUBLIC_ID]);
    const newest = await json<{ hits: { id: string }[] }>("/v1/search?q=&limit=50");
    expect(newest.hits.map((h) => h.id)).not.toContain(EMBARGOED_ID);

    expect(await suggestIds()).toContain(PUBLIC_ID);
    expect(await suggestIds()).not.toContain(EMBARGOED_ID);

    expect((await get(`/v1/articles/${EMBARGOED_ID}`)).status).toBe(404);
    expect((await get(`/v1/articles/${EMBARGOED_ID}`, TEST_ADMIN_ONLY_KEY)).status).toBe(404);
    const newsroom = await get(`/v1/articles/${EMBARGOED_ID}`, TEST_WRITER_KEY);
    expect(newsroom.status).toBe(200);
    expect(newsroom.headers.get("cache-control")).toBe("private, no-store");

    expect(await relatedIds(PUBLIC_ID)).not.toContain(EMBARGOED_ID);
    expect((await get(`/v1/articles/${EMBARGOED_ID}/related`)).status).toBe(404);
    expect(await trendingIds()).toEqual([PUBLIC_ID]);
    expect(await recommendationIds(newVisitorId())).not.toContain(EMBARGOED_ID);
  });

  it("shows it everywhere once the clock reaches publishedAt, without any write", async () => {
    clock = new Date(LIFTS_AT - 1000);
    expect((await searchAnswer()).hits.map((h) => h.id)).toEqual([PUBLIC_ID]);

    clock = new Date(LIFTS_AT);
    const found = await searchAnswer();
    expect(found.hits.map((h) => h.id).sort()).toEqual([EMBARGOED_ID, PUBLIC_ID].sort());
    expect(found.total).toBe(2);
    expect(found.facets.tags?.["embargoed-tag"]).toBe(1);
    expect(await suggestIds()).toContain(EMBARGOED_ID);
    expect((await get(`/v1/articles/${EMBARGOED_ID}`)).status).toBe(200);
    expect(await relatedIds(PUBLIC_ID)).toContain(EMBARGOED_ID);
    expect((await get(`/v1/articles/${EMBARGOED_ID}/related`)).status).toBe(200);
    expect((await trendingIds())[0]).toBe(EMBARGOED_ID);
    expect(await recommendationIds(newVisitorId())).toContain(EMBARGOED_ID);
  });
});
