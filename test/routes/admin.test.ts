import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, uniqueId, type TestRuntime } from "../support/runtime.js";
import { storedArticle } from "../support/articles.js";
import { toSearchDocument } from "../../functions/search/indexer.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

const word = () => `zq${uniqueId("w").replace(/[^a-z0-9]/gi, "").slice(-10).toLowerCase()}`;

async function searchIds(q: string): Promise<string[]> {
  const res = await rt.call("GET", `/v1/search?q=${encodeURIComponent(q)}&limit=50`, { key: null });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { hits: { id: string }[] };
  return body.hits.map((h) => h.id).sort();
}

async function putArticle(id: string, marker: string) {
  const res = await rt.call("PUT", `/v1/articles/${id}`, {
    key: TEST_WRITER_KEY,
    body: { title: `Coalition talks ${marker}`, body: `Parties met again over the ${marker} agreement.`, publishedAt: "2026-02-10T09:00:00Z" },
  });
  expect(res.status).toBe(201);
}

describe("POST /v1/admin/reindex", () => {
  it("rebuilds a lost index from the articles in DynamoDB", async () => {
    const marker = word();
    const ids = [uniqueId("re"), uniqueId("re")].sort();
    for (const id of ids) await putArticle(id, marker);
    await rt.indexed();
    expect(await searchIds(marker)).toEqual(ids);

    await rt.engine.clear(); // the index is lost; the articles of record are not
    expect(await searchIds(marker)).toEqual([]);

    const res = await rt.call("POST", "/v1/admin/reindex", { key: TEST_ADMIN_ONLY_KEY });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { indexed: number; tookMs: number };
    expect(body.indexed).toBeGreaterThanOrEqual(ids.length);
    expect(Number.isInteger(body.tookMs)).toBe(true);
    expect(await searchIds(marker)).toEqual(ids);
  });

  it("keeps documents it does not know about unless clear is set, then drops them", async () => {
    const marker = word();
    const orphan = storedArticle(uniqueId("orphan"), { title: `Orphan ${marker}`, body: `Deleted while the indexer was down ${marker}.` });
    await rt.engine.upsert([toSearchDocument(orphan)]);
    expect(await searchIds(marker)).toEqual([orphan.id]);

    expect((await rt.call("POST", "/v1/admin/reindex", { body: {} })).status).toBe(200);
    expect(await searchIds(marker)).toEqual([orphan.id]);

    expect((await rt.call("POST", "/v1/admin/reindex", { body: { clear: true } })).status).toBe(200);
    expect(await searchIds(marker)).toEqual([]);
  });

  it("needs a key with the admin scope", async () => {
    expect((await rt.call("POST", "/v1/admin/reindex", { key: null })).status).toBe(401);
    const forbidden = await rt.call("POST", "/v1/admin/reindex", { key: TEST_WRITER_KEY });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toContain("application/problem+json");
  });

  it("rejects a malformed body with a field error", async () => {
    const res = await rt.call("POST", "/v1/admin/reindex", { body: { clear: "yes" } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors[0].field).toBe("body.clear");
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await rt.call("GET", "/openapi.json", { key: null })).json()) as { paths: Record<string, any> };
    expect(doc.paths["/v1/admin/reindex"].post.responses["200"]).toBeDefined();
  });
});
