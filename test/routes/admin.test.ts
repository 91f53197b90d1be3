import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, uniqueId, type TestRuntime } from "../support/runtime.js";
import { storedArticle } from "../support/articles.js";
import { toSearchDocument } from "../../functions/search/indexer.js";
import { randomUUID } from "node:crypto";

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

interface JobView {
  jobId: string;
  status: string;
  total: number | null;
  indexed: number;
  attempt: number;
  error: string | null;
}

/** Starts a reindex job and follows it to its end, as the CLI does. */
async function reindexJob(body?: unknown, key?: string): Promise<JobView> {
  const res = await rt.call("POST", "/v1/admin/reindex", { body, key });
  expect(res.status).toBe(202);
  const started = (await res.json()) as JobView;
  expect(res.headers.get("location")).toBe(`/v1/admin/reindex/${started.jobId}`);
  return follow(started.jobId);
}

/** Polls the job until its run `attempt` (or a later one) has ended. */
async function follow(jobId: string, attempt = 1): Promise<JobView> {
  for (let i = 0; i < 300; i++) {
    const job = (await (await rt.call("GET", `/v1/admin/reindex/${jobId}`)).json()) as JobView;
    if ((job.status === "succeeded" || job.status === "failed") && job.attempt >= attempt) return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe("reindex jobs: POST /v1/admin/reindex, GET /v1/admin/reindex/{jobId}", () => {
  it("rebuilds a lost index from the articles in DynamoDB", async () => {
    const marker = word();
    const ids = [uniqueId("re"), uniqueId("re")].sort();
    for (const id of ids) await putArticle(id, marker);
    await rt.indexed();
    expect(await searchIds(marker)).toEqual(ids);

    await rt.engine.clear(); // the index is lost; the articles of record are not
    expect(await searchIds(marker)).toEqual([]);

    const job = await reindexJob(undefined, TEST_ADMIN_ONLY_KEY);
    expect(job).toMatchObject({ status: "succeeded", attempt: 1, error: null });
    expect(job.indexed).toBeGreaterThanOrEqual(ids.length);
    expect(job.total).toBe(job.indexed);
    expect(await searchIds(marker)).toEqual(ids);
  });

  it("keeps documents it does not know about unless clear is set, then drops them", async () => {
    const marker = word();
    const orphan = storedArticle(uniqueId("orphan"), { title: `Orphan ${marker}`, body: `Deleted while the indexer was down ${marker}.` });
    await rt.engine.upsert([toSearchDocument(orphan)]);
    expect(await searchIds(marker)).toEqual([orphan.id]);

    expect((await reindexJob({})).status).toBe("succeeded");
    expect(await searchIds(marker)).toEqual([orphan.id]);

    expect((await reindexJob({ clear: true })).status).toBe("succeeded");
    expect(await searchIds(marker)).toEqual([]);
  });

  it("resumes a failed job from where it stopped, and refuses to resume a finished one", async () => {
    const marker = word();
    const id = uniqueId("re");
    await putArticle(id, marker);
    await rt.indexed();
    await rt.engine.clear();
    // A job whose run died: claimed, then failed before writing anything.
    const jobs = rt.services.reindexJobs;
    const job = await jobs.create({ clear: false, now: new Date() });
    await jobs.finish((await jobs.claim(job.jobId, new Date()))!, { status: "failed", error: "engine unavailable" }, new Date());
    expect(await follow(job.jobId)).toMatchObject({ status: "failed", error: "engine unavailable", attempt: 1 });

    const res = await rt.call("POST", `/v1/admin/reindex/${job.jobId}/resume`);
    expect(res.status).toBe(202);
    expect(await follow(job.jobId, 2)).toMatchObject({ status: "succeeded", attempt: 2, error: null });
    expect(await searchIds(marker)).toEqual([id]);

    const again = await rt.call("POST", `/v1/admin/reindex/${job.jobId}/resume`);
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers 404 for an unknown job and 400 for a malformed id", async () => {
    expect((await rt.call("GET", `/v1/admin/reindex/${randomUUID()}`)).status).toBe(404);
    expect((await rt.call("POST", `/v1/admin/reindex/${randomUUID()}/resume`)).status).toBe(404);
    expect((await rt.call("GET", "/v1/admin/reindex/not-a-job")).status).toBe(400);
    expect((await rt.call("GET", `/v1/admin/reindex/${randomUUID()}`, { key: TEST_WRITER_KEY })).status).toBe(403);
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
    expect(doc.paths["/v1/admin/reindex"].post.responses["202"]).toBeDefined();
    expect(doc.paths["/v1/admin/reindex/{jobId}"].get.responses["200"]).toBeDefined();
    expect(doc.paths["/v1/admin/reindex/{jobId}/resume"].post.responses["409"]).toBeDefined();
  });
});
