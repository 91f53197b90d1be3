import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, storeArticles, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";

const now = Date.now();
const hoursAgo = (h: number) => new Date(now - h * 3600_000).toISOString();

const RATES =
  "The central bank raised its main interest rate by half a point on Tuesday, citing inflation that has stayed above target for a year. " +
  "Economists had expected a smaller move; the governor said further increases were possible if prices kept rising.";
const CODE =
  "Parliament approved the new electoral code after a night of debate. The opposition walked out before the vote and promised to appeal to the constitutional court.";

/** Two copies and an update of one event, a story on the same subject in other words, the same text again weeks later. */
const ARTICLES: Record<string, Record<string, unknown>> = {
  "sto-rates-1": { title: "Central bank raises interest rate by half a point", body: RATES, publishedAt: hoursAgo(30) },
  "sto-rates-2": { title: "Central bank raises its main rate", body: `${RATES} Markets fell after the announcement.`, publishedAt: hoursAgo(20) },
  "sto-rates-3": { title: "Rate rise: markets fall, currency gains", body: `${RATES} Markets fell after the announcement and the currency gained against the dollar.`, publishedAt: hoursAgo(10) },
  "sto-rates-other": {
    title: "Bank governor warns interest rates may rise again",
    body: "Inflation stays above target, the governor warned in a speech to bankers, and the interest rate could rise again within months if prices and wages keep climbing.",
    publishedAt: hoursAgo(8),
  },
  "sto-rates-old": { title: "Central bank raises interest rate by half a point", body: RATES, publishedAt: hoursAgo(24 * 30) },
  "sto-code-1": { title: "Electoral code approved", body: CODE, publishedAt: hoursAgo(5) },
};

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
  // One at a time, as a newsroom publishes: each later copy finds the earlier ones in the index.
  for (const [id, a] of Object.entries(ARTICLES)) await storeArticles(rt, { [id]: a });
});
afterAll(async () => rt?.stop());

async function storyOf(id: string): Promise<string> {
  const res = await rt.call("GET", `/v1/search?q=&limit=50`, { key: null });
  const body = (await res.json()) as { hits: Array<{ id: string; storyId: string }> };
  const hit = body.hits.find((h) => h.id === id);
  if (!hit) throw new Error(`${id} not found`);
  return hit.storyId;
}

describe("stories at index time", () => {
  it("puts copies and updates of one event in the first one's story, and nothing else", async () => {
    expect(await storyOf("sto-rates-1")).toBe("sto-rates-1");
    expect(await storyOf("sto-rates-2")).toBe("sto-rates-1");
    expect(await storyOf("sto-rates-3")).toBe("sto-rates-1");
    // Same subject in other words, a copy outside the window, another event: their own stories.
    expect(await storyOf("sto-rates-other")).toBe("sto-rates-other");
    expect(await storyOf("sto-rates-old")).toBe("sto-rates-old");
    expect(await storyOf("sto-code-1")).toBe("sto-code-1");
  });

  it("keeps an article's story when it is edited", async () => {
    const res = await rt.call("PUT", "/v1/articles/sto-rates-3", {
      key: TEST_WRITER_KEY,
      body: { ...ARTICLES["sto-rates-3"], body: CODE, url: "https://news.example/sto-rates-3", language: "en" },
    });
    expect(res.status).toBe(200);
    await rt.indexed();
    expect(await storyOf("sto-rates-3")).toBe("sto-rates-1");
  });
});

describe("GET /v1/search?collapse=story", () => {
  it("shows one hit per story and counts stories; without it, every copy", async () => {
    type Result = { total: number; hits: Array<{ id: string; storyId: string }> };
    const plain = (await (await rt.call("GET", "/v1/search?q=central%20bank%20raises", { key: null })).json()) as Result;
    const collapsed = (await (await rt.call("GET", "/v1/search?q=central%20bank%20raises&collapse=story", { key: null })).json()) as Result;
    expect(plain.hits.filter((h) => h.storyId === "sto-rates-1").length).toBeGreaterThan(1);
    expect(collapsed.hits.filter((h) => h.storyId === "sto-rates-1")).toHaveLength(1);
    expect(new Set(collapsed.hits.map((h) => h.storyId)).size).toBe(collapsed.hits.length);
    expect(collapsed.total).toBe(collapsed.hits.length);
    expect(collapsed.total).toBeLessThan(plain.total);
    expect((await rt.call("GET", "/v1/search?q=bank&collapse=article", { key: null })).status).toBe(400);
  });
});

describe("GET /v1/stories/{storyId}", () => {
  type Story = { storyId: string; items: Array<{ id: string; title: string; url: string | null; publishedAt: string; imageUrl: string | null }>; nextCursor: string | null };
  const story = async (path: string) => {
    const res = await rt.call("GET", path, { key: null });
    return { res, body: (await res.json()) as Story };
  };

  it("lists the story's articles newest first, as cards, cacheable", async () => {
    const { res, body } = await story("/v1/stories/sto-rates-1");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=60/);
    expect(body.storyId).toBe("sto-rates-1");
    expect(body.items.map((i) => i.id)).toEqual(["sto-rates-3", "sto-rates-2", "sto-rates-1"]);
    expect(body.items[2]).toEqual({
      id: "sto-rates-1",
      title: ARTICLES["sto-rates-1"].title,
      url: "https://news.example/sto-rates-1",
      publishedAt: ARTICLES["sto-rates-1"].publishedAt,
      imageUrl: null,
    });
    expect(body.nextCursor).toBeNull();
  });

  it("pages with a cursor without repeating or losing an article", async () => {
    const first = await story("/v1/stories/sto-rates-1?limit=2");
    expect(first.body.items.map((i) => i.id)).toEqual(["sto-rates-3", "sto-rates-2"]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await story(`/v1/stories/sto-rates-1?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((i) => i.id)).toEqual(["sto-rates-1"]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("leaves out an embargoed copy until its time, and a deleted one", async () => {
    const ahead = new Date(now + 3600_000).toISOString();
    await storeArticles(rt, { "sto-rates-embargo": { title: "Central bank raises interest rate", body: RATES, publishedAt: ahead } });
    await storeArticles(rt, { "sto-rates-gone": { title: "Central bank raises rate by half a point", body: RATES, publishedAt: hoursAgo(1) } });
    const before = await story("/v1/stories/sto-rates-1");
    expect(before.body.items.map((i) => i.id)).toEqual(["sto-rates-gone", "sto-rates-3", "sto-rates-2", "sto-rates-1"]);
    expect((await rt.call("DELETE", "/v1/articles/sto-rates-gone", { key: TEST_WRITER_KEY })).status).toBe(204);
    await rt.indexed();
    const after = await story("/v1/stories/sto-rates-1");
    expect(after.body.items.map((i) => i.id)).toEqual(["sto-rates-3", "sto-rates-2", "sto-rates-1"]);
  });

  it("answers 404 for an unknown story and 400 problems for a bad id, limit or cursor", async () => {
    const unknown = await rt.call("GET", "/v1/stories/no-such-story", { key: null });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/application\/problem\+json/);
    for (const path of ["/v1/stories/bad%20id", "/v1/stories/sto-rates-1?limit=0", "/v1/stories/sto-rates-1?cursor=%%%", "/v1/stories/sto-rates-1?cursor=eyJhdCI6IngifQ"]) {
      const res = await rt.call("GET", path, { key: null });
      expect(res.status, path).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    }
  });
});

describe("related lists and stories", () => {
  it("never spend a slot on a copy of the article or of a listed item, and name each item's story", async () => {
    const res = await rt.call("GET", "/v1/articles/sto-rates-1/related?limit=10", { key: null });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<{ id: string; storyId?: string }> };
    const ids = body.items.map((i) => i.id);
    // sto-rates-2 and sto-rates-old repeat the source's text; sto-rates-3 now repeats sto-code-1's.
    expect(ids).toContain("sto-rates-other");
    expect(ids).not.toContain("sto-rates-2");
    expect(ids).not.toContain("sto-rates-old");
    expect(ids.filter((id) => id === "sto-rates-3" || id === "sto-code-1").length).toBeLessThanOrEqual(1);
    for (const item of body.items) expect(item.storyId).toEqual(expect.any(String));
    expect(body.items.find((i) => i.id === "sto-rates-other")?.storyId).toBe("sto-rates-other");
  });
});
