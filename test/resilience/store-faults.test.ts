/**
 * Faults of the real parts: a DynamoDB Local of this file's own (frozen with SIGSTOP, killed with
 * SIGKILL and restarted on the same files), and the search index deleted or damaged on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { startLocalDynamo, type LocalDynamo } from "../../scripts/local/dynamodb.js";
import { startLocalRuntime, type LocalRuntime } from "../../scripts/local/runtime.js";
import type { SearchEngine } from "../../functions/search/engine.js";
import { TEST_ADMIN_KEY } from "../support/runtime.js";

const article = (id: string, title = `Parliament debates ${id}`) => ({
  title,
  body: `Deputies debated the ${id} bill late into the night and sent it back to committee.`,
  url: `https://newsline.example/politics/${id}`,
  publishedAt: "2026-03-01T10:00:00Z",
});

function caller(rt: LocalRuntime) {
  return (method: string, url: string, body?: unknown) =>
    Promise.resolve(
      rt.app.request(url, {
        method,
        headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }),
    );
}

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
}

describe("the store frozen, killed and restarted", () => {
  let dynamoDir: string;
  let dataDir: string;
  let dynamo: LocalDynamo;
  let rt: LocalRuntime;
  let port: number;

  beforeAll(async () => {
    dynamoDir = mkdtempSync(path.join(tmpdir(), "newsline-faults-db-"));
    dataDir = mkdtempSync(path.join(tmpdir(), "newsline-faults-"));
    dynamo = await startLocalDynamo({ dir: dynamoDir });
    port = Number(new URL(dynamo.endpoint).port);
    rt = await startLocalRuntime({
      dataDir,
      env: { DYNAMODB_ENDPOINT: dynamo.endpoint, ADMIN_API_KEY: TEST_ADMIN_KEY, MEILISEARCH_HOST: "", DEPENDENCY_TIMEOUT_MS: "2000", TABLE_NAME: "faults" },
    });
  }, 180_000);
  afterAll(async () => {
    await rt?.stop();
    await dynamo?.stop();
    rmSync(dynamoDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("answers 503 problem+json within 5 s while DynamoDB is frozen (SIGSTOP), and recovers after SIGCONT", async () => {
    const call = caller(rt);
    expect((await call("PUT", "/v1/articles/frozen-1", article("frozen-1"))).status).toBe(201);
    expect(dynamo.pid).toBeGreaterThan(0);
    process.kill(dynamo.pid, "SIGSTOP");
    try {
      for (const [method, url, body] of [
        ["GET", "/v1/articles/frozen-1"],
        ["PUT", "/v1/articles/frozen-2", article("frozen-2")],
        ["GET", "/v1/visitors/v_0123456789abcdefgh/history"],
        ["GET", "/v1/trending"],
      ] as const) {
        const started = Date.now();
        const res = await call(method, url, body);
        const tookMs = Date.now() - started;
        await expectUnavailable(res);
        expect(tookMs).toBeLessThan(5000);
      }
    } finally {
      process.kill(dynamo.pid, "SIGCONT");
    }
    const back = await call("GET", "/v1/articles/frozen-1");
    expect(back.status).toBe(200);
  }, 60_000);

  it("loses no acknowledged write when DynamoDB is killed mid-load and restarted on the same files", async () => {
    const call = caller(rt);
    const ids = Array.from({ length: 60 }, (_, i) => `crash-${i}`);
    const acknowledged: Array<{ id: string; version: number }> = [];
    const writes = ids.map(async (id, i) => {
      await new Promise((r) => setTimeout(r, i * 50));
      const res = await call("PUT", `/v1/articles/${id}`, article(id));
      if (res.status === 200 || res.status === 201) acknowledged.push({ id, version: ((await res.json()) as { version: number }).version });
      else {
        expect([503]).toContain(res.status); // never a 500: the client retries later
        expect(res.headers.get("content-type")).toContain("application/problem+json");
      }
    });
    // Killed once a third has been acknowledged: writes are in flight on both sides of the kill.
    for (const until = Date.now() + 20_000; acknowledged.length < 20 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    process.kill(dynamo.pid, "SIGKILL");
    await Promise.all(writes);
    await dynamo.stop();
    dynamo = await startLocalDynamo({ dir: dynamoDir, port });
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, version } of acknowledged) {
      const res = await call("GET", `/v1/articles/${id}`);
      expect(res.status, id).toBe(200);
      expect(((await res.json()) as { version: number }).version).toBe(version);
    }
    console.log(`crash run: ${acknowledged.length} of ${ids.length} writes acknowledged before the kill; all ${acknowledged.length} found after the restart`);
  }, 180_000);
});

describe("the search index deleted or damaged", () => {
  const table = `index-faults-${randomUUID()}`;
  let dataDir: string;

  /** Writes after a delay, so the rebuild is still running when health is asked. */
  const slowUpserts = (engine: SearchEngine): SearchEngine =>
    Object.assign(Object.create(engine) as SearchEngine, {
      upsert: async (docs: Parameters<SearchEngine["upsert"]>[0]) => {
        await new Promise((r) => setTimeout(r, 300));
        return engine.upsert(docs);
      },
    });

  const start = (slow = false) =>
    startLocalRuntime({
      dataDir,
      env: { DYNAMODB_ENDPOINT: inject("dynamoEndpoint"), TABLE_NAME: table, ADMIN_API_KEY: TEST_ADMIN_KEY, MEILISEARCH_HOST: "" },
      ...(slow ? { wrapEngine: slowUpserts } : {}),
    });

  async function expectSearchable(rt: LocalRuntime) {
    const res = await rt.app.request("/v1/search?q=blentara");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { hits: { id: string }[] }).hits.map((h) => h.id).sort()).toEqual(["idx-1", "idx-2"]);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "newsline-index-faults-"));
    const rt = await start();
    const call = caller(rt);
    for (const id of ["idx-1", "idx-2"]) expect((await call("PUT", `/v1/articles/${id}`, article(id, `Blentara talks ${id}`))).status).toBe(201);
    await rt.indexed();
    await expectSearchable(rt);
    await rt.stop();
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  for (const damage of ["deleted", "corrupted"] as const) {
    it(`comes back searchable without a command when the index file is ${damage}; health says degraded meanwhile`, async () => {
      const file = path.join(dataDir, "search.sqlite");
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
      if (damage === "corrupted") writeFileSync(file, Buffer.alloc(8192, 0x5a));
      const rt = await start(true);
      try {
        const health = (await (await rt.app.request("/v1/health")).json()) as { status: string; search: { rebuilding?: boolean } };
        expect(health).toMatchObject({ status: "degraded", search: { rebuilding: true } });
        await rt.rebuilt;
        await rt.indexed();
        await expectSearchable(rt);
        expect(((await (await rt.app.request("/v1/health")).json()) as { status: string }).status).toBe("ok");
        if (damage === "corrupted") expect(readdirSync(dataDir).some((f) => f.startsWith("search.sqlite.unreadable-"))).toBe(true);
      } finally {
        await rt.stop();
      }
    }, 120_000);
  }
});
