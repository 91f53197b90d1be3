import { DeleteCommand } from "../../functions/store/dynamo.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { createMeilisearchEngine } from "../../functions/search/meilisearch.js";
import { FakeMeilisearch } from "../support/fake-meilisearch.js";
import { scanAll } from "./reading-fixtures.js";

interface Status {
  articles: { stored: number | null; indexed: number | null };
  indexing: { pending: number | null; lagSeconds: number | null; lastIndexedAt: string | null };
  search: { engine: string; ok: boolean; tasks: { pending: number; oldestEnqueuedAt: string | null } | null };
}

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

const status = async () => {
  const res = await rt.call("GET", "/v1/admin/status", { key: TEST_ADMIN_ONLY_KEY });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Status;
};

const article = (i: number) => ({
  id: `st-${String(i).padStart(5, "0")}`,
  title: `Committee report number ${i}`,
  body: `The committee published report ${i} on regional budgets and municipal elections.`,
  publishedAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 28), 9)).toISOString(),
  language: "en",
});

describe("GET /v1/admin/status", () => {
  it("counts stored and indexed articles alike after a batch of 2,000, and after deletes and rewrites", async () => {
    const empty = await status();
    expect(empty.articles).toEqual({ stored: 0, indexed: 0 });
    expect(empty.search).toEqual({ engine: "embedded", ok: true, tasks: null });

    for (let from = 0; from < 2000; from += 1000) {
      const articles = Array.from({ length: 1000 }, (_, k) => article(from + k));
      const res = await rt.call("POST", "/v1/articles/batch", { key: TEST_WRITER_KEY, body: { articles } });
      expect(res.status).toBe(200);
      const { results } = (await res.json()) as { results: { status: string }[] };
      expect(results.every((r) => r.status === "created")).toBe(true);
    }
    // A retried batch and an update do not move the count; deletes do.
    const again = await rt.call("POST", "/v1/articles/batch", { key: TEST_WRITER_KEY, body: { articles: [article(0), { ...article(1), title: "Committee report, corrected" }] } });
    expect(((await again.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(["unchanged", "updated"]);
    for (const id of ["st-00002", "st-00003"]) expect((await rt.call("DELETE", `/v1/articles/${id}`, { key: TEST_WRITER_KEY })).status).toBe(204);
    expect((await rt.call("DELETE", "/v1/articles/st-00003", { key: TEST_WRITER_KEY })).status).toBe(404);

    await rt.indexed();
    const after = await status();
    expect(after.articles).toEqual({ stored: 1998, indexed: 1998 });
    expect(after.indexing).toMatchObject({ pending: 0, lagSeconds: 0 });
    expect(Date.parse(after.indexing.lastIndexedAt!)).toBeGreaterThan(Date.now() - 60_000);

    // The counter agrees with what the table holds (tests may Scan; the route never does).
    const stored = (await scanAll(rt)).filter((i) => i.type === "article").length;
    expect(stored).toBe(1998);
  }, 240_000);

  it("recounts from the articles, for a table filled before the count was kept", async () => {
    const shards = (await scanAll(rt)).filter((i) => i.type === "article-count");
    expect(shards.length).toBeGreaterThan(1);
    for (const shard of shards) await rt.services.db.doc.send(new DeleteCommand({ TableName: rt.services.db.table, Key: { pk: shard.pk, sk: shard.sk } }));
    expect((await status()).articles.stored).toBe(0);
    const res = await rt.call("POST", "/v1/admin/status/recount", { key: TEST_ADMIN_ONLY_KEY });
    expect(await res.json()).toEqual({ stored: 1998 });
    expect((await status()).articles.stored).toBe(1998);
    // The shards stay exact afterwards: a delete takes one off.
    expect((await rt.call("DELETE", "/v1/articles/st-00004", { key: TEST_WRITER_KEY })).status).toBe(204);
    expect((await status()).articles.stored).toBe(1997);
    expect((await rt.call("POST", "/v1/admin/status/recount", { key: TEST_WRITER_KEY })).status).toBe(403);
  });

  it("shows the index falling behind while it is behind", async () => {
    await rt.indexed(); // the deletes above have reached the index
    await rt.engine.remove(["st-00010", "st-00011"]); // lost from the index, still in the table
    const behind = await status();
    expect(behind.articles.stored! - behind.articles.indexed!).toBe(2);
  });

  it("needs the admin scope", async () => {
    expect((await rt.call("GET", "/v1/admin/status", { key: null })).status).toBe(401);
    expect((await rt.call("GET", "/v1/admin/status", { key: TEST_WRITER_KEY })).status).toBe(403);
  });
});

describe("Meilisearch task queue (the fake plays GET /tasks from the published OpenAPI document; not a real server)", () => {
  it("counts the index's enqueued and processing tasks and gives the oldest one's time", async () => {
    const fake = new FakeMeilisearch();
    const host = await fake.start();
    try {
      const engine = createMeilisearchEngine({ host, apiKey: "k", indexUid: "articles", logger: { info() {}, error() {} } });
      expect(await engine.taskQueue!()).toEqual({ pending: 0, oldestEnqueuedAt: null });
      // Three tasks nobody waits for: two on our index, one on another.
      const post = (path: string, body: unknown) =>
        fetch(`${host}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k" }, body: JSON.stringify(body) });
      await post("/indexes", { uid: "articles", primaryKey: "id" });
      await post("/indexes/other/documents", [{ id: "x" }]);
      await post("/indexes/articles/documents", [{ id: "a" }]);
      const oldest = [...fake.tasks.values()].find((t) => t.indexUid === "articles")!;
      expect(await engine.taskQueue!()).toEqual({ pending: 2, oldestEnqueuedAt: oldest.enqueuedAt });
      const asked = fake.requests.filter((r) => r.path === "/tasks").at(-1)!;
      expect(asked.query).toEqual({ statuses: "enqueued,processing", indexUids: "articles", limit: "1", reverse: "true" });
    } finally {
      await fake.stop();
    }
  });
});
