import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from "../../scripts/local/runtime.js";

export const TEST_ADMIN_KEY = "test-admin-key-0123456789abcdef";
export const TEST_WRITER_KEY = "test-writer-key-0123456789abcdef";
export const TEST_ADMIN_ONLY_KEY = "test-adminonly-key-0123456789abc";

export interface TestRuntime extends LocalRuntime {
  /** app.request with JSON body and optional bearer key. */
  /** With `address`, the request comes from that client address (X-Forwarded-For; needs TRUST_PROXY=true). */
  call(method: string, url: string, opts?: { body?: unknown; key?: string | null; address?: string }): Promise<Response>;
}

/** The whole service against the run's DynamoDB Local, in a fresh table and a fresh data dir. */
export async function startTestRuntime(opts: Partial<LocalRuntimeOptions> = {}): Promise<TestRuntime> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "newsline-test-"));
  const runtime = await startLocalRuntime({
    dataDir,
    web: true,
    ...opts,
    env: {
      DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
      TABLE_NAME: `test-${randomUUID()}`,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      API_KEYS: `cms:${TEST_WRITER_KEY}:articles:write,mod:${TEST_ADMIN_ONLY_KEY}:admin`,
      MEILISEARCH_HOST: "",
      // Tests read trending right after writing events, at fixed clocks.
      TRENDING_CACHE_SECONDS: "0",
      // Most tests play many readers from one address (app.request has none); the abuse tests set these back.
      RATE_LIMIT_SEARCH_PER_MINUTE: "1000000",
      RATE_LIMIT_EVENTS_PER_MINUTE: "1000000",
      RATE_LIMIT_REVIEWS_PER_HOUR: "1000000",
      SIGNAL_CAP_PER_ADDRESS: "1000000",
      // DynamoDB Local on a contended test machine can take seconds per transaction; the fault tests set a short deadline.
      DEPENDENCY_TIMEOUT_MS: "30000",
      ...opts.env,
    },
  });
  return {
    ...runtime,
    call(method, url, { body, key = TEST_ADMIN_KEY, address } = {}) {
      const headers: Record<string, string> = {};
      if (address) headers["x-forwarded-for"] = address;
      if (body !== undefined) headers["content-type"] = "application/json";
      if (key) headers.authorization = `Bearer ${key}`;
      return Promise.resolve(
        runtime.app.request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
      );
    },
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Stores articles through the API (as the CMS would, keyed by id) and waits until they are indexed. */
export async function storeArticles(rt: TestRuntime, articles: Record<string, Record<string, unknown>>): Promise<void> {
  for (const [id, a] of Object.entries(articles)) {
    const res = await rt.call("PUT", `/v1/articles/${id}`, { key: TEST_WRITER_KEY, body: { url: `https://news.example/${id}`, language: "en", ...a } });
    if (res.status !== 201) throw new Error(`storing ${id}: ${res.status} ${await res.text()}`);
  }
  await rt.indexed();
}

export const uniqueId = (prefix = "t") => `${prefix}-${randomUUID().slice(0, 12)}`;
