import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { expectProblem, newVisitorId } from "./reading-fixtures.js";

interface Item {
  id: string;
  title: string;
  url: string | null;
  publishedAt: string;
  imageUrl: string | null;
  score: number;
  reasons: string[];
  reads?: number;
}

const now = Date.now();
const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");

const PEACE = {
  tags: ["peace-talks"],
  people: "Ilham Aliyev and Nikol Pashinyan",
};
const STORIES: Record<string, { title: string; body: string; publishedAt: string; tags: string[] }> = {
  "rel-peace-1": {
    title: "Aliyev and Pashinyan meet for peace talks in Washington",
    body: `${PEACE.people} met in Washington for peace talks on the Karabakh settlement. The delegations discussed border delimitation, transport corridors and the text of a peace treaty.`,
    publishedAt: daysAgo(6),
    tags: PEACE.tags,
  },
  "rel-peace-2": {
    title: "Peace treaty text agreed after second round of talks",
    body: `Negotiators for ${PEACE.people} agreed the text of the peace treaty in Washington. Border delimitation and the transport corridor remain for the leaders to settle.`,
    publishedAt: daysAgo(4),
    tags: PEACE.tags,
  },
  "rel-peace-3": {
    title: "Leaders to sign the peace treaty next month",
    body: `Mediators said ${PEACE.people} will sign the peace treaty next month, settling border delimitation and opening transport corridors through Karabakh.`,
    publishedAt: daysAgo(2),
    tags: PEACE.tags,
  },
  "rel-budget-1": {
    title: "Parliament opens debate on the state budget",
    body: "The Milli Majlis opened its debate on the state budget. Finance minister Samir Sharifov presented spending plans for pensions, defence and roads; deputies questioned the deficit.",
    publishedAt: daysAgo(5),
    tags: ["budget"],
  },
  "rel-budget-2": {
    title: "Budget passes first reading with higher pension spending",
    body: "The state budget passed its first reading in the Milli Majlis. Samir Sharifov defended the deficit; deputies added pension spending before the vote.",
    publishedAt: daysAgo(3),
    tags: ["budget"],
  },
  "rel-football-1": {
    title: "Cup final ends in a draw",
    body: "The cup final ended in a goalless draw after extra time. Fans filled the stadium and the replay is scheduled for Sunday.",
    publishedAt: daysAgo(4),
    tags: ["sport"],
  },
};

let rt: TestRuntime;

const get = async (url: string, headers: Record<string, string> = {}) => rt.app.request(url, { headers });
const related = async (id: string, query = "") => {
  const res = await get(`/v1/articles/${id}/related${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return { res, body: (await res.json()) as { articleId: string; items: Item[] } };
};
const read = (visitorId: string, articleId: string, at?: string) => ({
  eventId: randomUUID(),
  visitorId,
  articleId,
  type: "read" as const,
  ...(at ? { at } : {}),
});
async function postEvents(events: ReturnType<typeof read>[]) {
  const res = await rt.call("POST", "/v1/events", { body: { events }, key: null });
  expect(res.status, await res.clone().text()).toBe(202);
}

beforeAll(async () => {
  rt = await startTestRuntime();
  for (const [id, a] of Object.entries(STORIES)) {
    const res = await rt.call("PUT", `/v1/articles/${id}`, {
      key: TEST_WRITER_KEY,
      body: { ...a, url: `https://news.example/${id}`, language: "en" },
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  await rt.indexed();
});
afterAll(async () => {
  await rt?.stop();
});

describe("GET /v1/articles/{id}/related", () => {
  it("lists the same story first, with reasons, never the article itself", async () => {
    const { res, body } = await related("rel-peace-1");
    expect(body.articleId).toBe("rel-peace-1");
    const ids = body.items.map((i) => i.id);
    expect(ids).not.toContain("rel-peace-1");
    expect(ids.slice(0, 2).sort()).toEqual(["rel-peace-2", "rel-peace-3"]);
    const first = body.items[0];
    expect(first).toMatchObject({ url: `https://news.example/${first.id}`, imageUrl: null });
    expect(first.title).toBe(STORIES[first.id].title);
    expect(first.reasons).toContain("same story: peace-talks");
    expect(first.reasons.some((r) => /^same people: .*Aliyev/.test(r))).toBe(true);
    expect(body.items.length).toBeLessThanOrEqual(5);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=60/);
  });

  it("answers 304 to a matching If-None-Match, with the same strong ETag", async () => {
    const { res } = await related("rel-budget-1");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await get("/v1/articles/rel-budget-1/related", { "If-None-Match": `"other", ${etag}` });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const changed = await get("/v1/articles/rel-budget-1/related?limit=1", { "If-None-Match": etag });
    expect(changed.status).toBe(200);
  });

  it("validates limit and visitor, and answers 404 for an unknown article", async () => {
    await expectProblem(await get("/v1/articles/rel-peace-1/related?limit=0"), 400);
    await expectProblem(await get("/v1/articles/rel-peace-1/related?limit=21"), 400);
    await expectProblem(await get("/v1/articles/rel-peace-1/related?visitor=short"), 400);
    await expectProblem(await get("/v1/articles/no-such-article/related"), 404);
  });

  it("hides what the visitor has read, privately", async () => {
    const visitor = newVisitorId();
    await postEvents([read(visitor, "rel-peace-2")]);
    const { res, body } = await related("rel-peace-1", `?visitor=${visitor}`);
    const ids = body.items.map((i) => i.id);
    expect(ids).not.toContain("rel-peace-2");
    expect(ids[0]).toBe("rel-peace-3");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const anonymous = await related("rel-peace-1");
    expect(anonymous.body.items.map((i) => i.id)).toContain("rel-peace-2");
  });

  it("adds what readers read next, saying so", async () => {
    const a = newVisitorId();
    const b = newVisitorId();
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await postEvents([
      read(a, "rel-budget-2", minutesAgo(5)),
      read(a, "rel-football-1", minutesAgo(4)),
      read(b, "rel-budget-2", minutesAgo(3)),
      read(b, "rel-football-1", minutesAgo(2)),
    ]);
    expect((await rt.services.events.coReads("rel-budget-2", 10)).find((c) => c.articleId === "rel-football-1")?.count).toBe(2);
    const { body } = await related("rel-budget-2");
    const football = body.items.find((i) => i.id === "rel-football-1");
    expect(football?.reasons).toContain("readers also read");
  });

  it("answers for an article written a moment ago, before the model has seen it", async () => {
    await related("rel-peace-1"); // the model is loaded
    const res = await rt.call("PUT", "/v1/articles/rel-peace-new", {
      key: TEST_WRITER_KEY,
      // A follow-up in its own words: a copy of rel-peace-2's text would be left out as a near-duplicate.
      body: {
        ...STORIES["rel-peace-2"],
        title: "Treaty signing date set",
        body: `Officials for ${PEACE.people} set the date to sign the peace treaty agreed in Washington; the border delimitation commission meets first.`,
        url: "https://news.example/rel-peace-new",
        language: "en",
      },
    });
    expect(res.status).toBe(201);
    const { body } = await related("rel-peace-new"); // no rt.indexed(): the store is asked directly
    expect(body.items.map((i) => i.id)).toContain("rel-peace-2");
    await rt.call("DELETE", "/v1/articles/rel-peace-new", { key: TEST_WRITER_KEY });
    await rt.indexed();
  });

  it("takes the candidates' profiles from the engine's answer, and reads the table for those it lacks, with the same list", async () => {
    const engine = rt.services.search;
    const moreLikeThis = engine.moreLikeThis.bind(engine);
    const forgetAll = () => Object.keys(STORIES).forEach((id) => rt.services.relatedProfiles.cache.forget(id));
    const listWith = async (edit: (m: Awaited<ReturnType<typeof moreLikeThis>>[number]) => object) => {
      forgetAll();
      engine.moreLikeThis = async (q) => (await moreLikeThis(q)).map((m) => ({ ...m, ...edit(m) }));
      try {
        return (await related("rel-budget-1")).body.items;
      } finally {
        engine.moreLikeThis = moreLikeThis;
      }
    };
    const fromEngine = await listWith(() => ({}));
    const fromTable = await listWith(() => ({ related: undefined }));
    expect(fromEngine.map((i) => i.id)).toContain("rel-budget-2");
    expect(fromEngine).toEqual(fromTable);
    // What the engine hands back is what the list shows (here a title changed in the engine's copy).
    const marked = await listWith((m) => (m.related ? { related: JSON.stringify({ ...JSON.parse(m.related), title: `engine: ${m.id}` }) } : {}));
    expect(marked.find((i) => i.id === "rel-budget-2")?.title).toBe("engine: rel-budget-2");
    // An unreadable copy is not used: the table's is.
    const broken = await listWith(() => ({ related: "{not json" }));
    expect(broken).toEqual(fromTable);
  });

  it("reads the source's profile from the embedded engine, with the same list as from the table", async () => {
    const engine = rt.services.search;
    const relatedProfile = engine.relatedProfile!.bind(engine);
    const asked: string[] = [];
    engine.relatedProfile = async (id) => (asked.push(id), relatedProfile(id));
    rt.services.relatedProfiles.cache.forget("rel-budget-1");
    const fromEngine = (await related("rel-budget-1")).body.items;
    expect(asked).toEqual(["rel-budget-1"]);
    delete engine.relatedProfile;
    rt.services.relatedProfiles.cache.forget("rel-budget-1");
    try {
      expect((await related("rel-budget-1")).body.items).toEqual(fromEngine);
    } finally {
      engine.relatedProfile = relatedProfile;
    }
  });

  it("drops a deleted article from every list once the stream has it", async () => {
    expect((await related("rel-peace-1")).body.items.map((i) => i.id)).toContain("rel-peace-3");
    const del = await rt.call("DELETE", "/v1/articles/rel-peace-3", { key: TEST_WRITER_KEY });
    expect(del.status).toBe(204);
    await rt.indexed();
    for (const id of ["rel-peace-1", "rel-peace-2", "rel-budget-1"]) {
      expect((await related(id)).body.items.map((i) => i.id)).not.toContain("rel-peace-3");
    }
    await expectProblem(await get("/v1/articles/rel-peace-3/related"), 404);
  });

  it("puts a new development in the older articles' lists as soon as the stream has it; an embargoed one nowhere", async () => {
    const body = `${PEACE.people} signed the peace treaty on border delimitation and transport corridors through Karabakh in Washington.`;
    const put = (id: string, publishedAt: string) =>
      rt.call("PUT", `/v1/articles/${id}`, {
        key: TEST_WRITER_KEY,
        body: { title: "Peace treaty signed in Washington", body, publishedAt, tags: PEACE.tags, url: `https://news.example/${id}`, language: "en" },
      });
    expect((await put("rel-peace-new", daysAgo(0))).status).toBe(201);
    expect((await put("rel-peace-embargoed", new Date(now + 3 * 86_400_000).toISOString())).status).toBe(201);
    await rt.indexed();
    for (const id of ["rel-peace-1", "rel-peace-2"]) {
      const ids = (await related(id)).body.items.map((i) => i.id);
      expect(ids).toContain("rel-peace-new");
      expect(ids).not.toContain("rel-peace-embargoed");
    }
    await expectProblem(await get("/v1/articles/rel-peace-embargoed/related"), 404);
  });
});

describe("GET /v1/articles/{id}/related with an embedder (Meilisearch's /similar)", () => {
  type Similar = NonNullable<TestRuntime["services"]["search"]["similar"]>;
  /** The embedded engine has no embedder; this stands in for Meilisearch's answer to /similar. */
  async function withSimilar<T>(similar: Similar, work: () => Promise<T>): Promise<T> {
    const engine = rt.services.search;
    engine.similar = similar;
    try {
      return await work();
    } finally {
      delete engine.similar;
    }
  }

  it("blends semantic neighbours in and says so; without an embedder nothing changes", async () => {
    const plain = (await related("rel-peace-1", "?limit=3")).body.items;
    expect(plain.map((i) => i.id)).not.toContain("rel-budget-2");
    const asked: Array<[string, number]> = [];
    const blended = await withSimilar(
      async (id, limit) => {
        asked.push([id, limit]);
        return [{ id: "rel-budget-2", score: 0.95 }, { id: "rel-peace-1", score: 1 }];
      },
      async () => (await related("rel-peace-1", "?limit=3")).body.items,
    );
    expect(asked).toEqual([["rel-peace-1", 30]]);
    const ids = blended.map((i) => i.id);
    expect(ids).not.toContain("rel-peace-1"); // never the article itself, whatever the engine says
    expect(ids).toContain("rel-peace-2"); // the story itself stays
    expect(blended.find((i) => i.id === "rel-budget-2")?.reasons).toContain("similar in meaning");
    for (const item of plain) expect(item.reasons).not.toContain("similar in meaning");
  });

  it("answers from the other signals when the engine cannot", async () => {
    const plain = (await related("rel-peace-1")).body.items.map((i) => i.id);
    const failed = await withSimilar(
      async () => {
        throw new Error("embedder unavailable");
      },
      async () => (await related("rel-peace-1")).body.items.map((i) => i.id),
    );
    expect(failed).toEqual(plain);
  });
});

describe("GET /v1/trending", () => {
  it("ranks recent reads above a larger but older burst, and reports reads", async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    const old = Array.from({ length: 6 }, () => read(newVisitorId(), "rel-budget-1", hoursAgo(20)));
    const fresh = Array.from({ length: 4 }, () => read(newVisitorId(), "rel-peace-1", hoursAgo(0.1)));
    await postEvents([...old, ...fresh]);

    const res = await get("/v1/trending?window=24h&limit=10");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=30/);
    const body = (await res.json()) as { window: string; items: Item[] };
    expect(body.window).toBe("24h");
    const ids = body.items.map((i) => i.id);
    expect(ids[0]).toBe("rel-peace-1");
    expect(ids.indexOf("rel-budget-1")).toBeGreaterThan(0);
    expect(body.items.find((i) => i.id === "rel-budget-1")).toMatchObject({ reads: 6, title: STORIES["rel-budget-1"].title });
    expect(body.items[0].reasons[0]).toMatch(/^trending: \d+ reads in the last 24 hours$/);

    const hour = (await (await get("/v1/trending?window=1h")).json()) as { items: Item[] };
    expect(hour.items.map((i) => i.id)).not.toContain("rel-budget-1");
    await expectProblem(await get("/v1/trending?window=2h"), 400);
  });
});

describe("GET /v1/visitors/{visitorId}/recommendations", () => {
  it("gives a new visitor what is trending", async () => {
    const res = await get(`/v1/visitors/${newVisitorId()}/recommendations?limit=3`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = (await res.json()) as { strategy: string; items: Item[] };
    expect(body.strategy).toBe("trending");
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThanOrEqual(3);
  });

  it("recommends from the visitor's history, never what they read", async () => {
    const visitor = newVisitorId();
    await postEvents([read(visitor, "rel-budget-1")]);
    const res = await get(`/v1/visitors/${visitor}/recommendations?limit=4`);
    const body = (await res.json()) as { strategy: string; items: Item[] };
    expect(body.strategy).toBe("history");
    const ids = body.items.map((i) => i.id);
    expect(ids).not.toContain("rel-budget-1");
    expect(ids[0]).toBe("rel-budget-2");
    expect(body.items[0].reasons[0]).toBe(`because you read “${STORIES["rel-budget-1"].title}”`);
    await expectProblem(await get("/v1/visitors/bad!/recommendations"), 400);
  });
});

it("is described in the OpenAPI document", async () => {
  const doc = (await (await get("/openapi.json")).json()) as { paths: Record<string, unknown> };
  for (const p of ["/v1/articles/{id}/related", "/v1/visitors/{visitorId}/recommendations", "/v1/trending"]) expect(doc.paths[p]).toBeDefined();
});
