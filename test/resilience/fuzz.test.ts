import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_ADMIN_KEY, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { seedDemoIfEmpty } from "../../scripts/local/seed.js";
import { operationsOf, runFuzz, type OpenApiDoc } from "../../scripts/fuzz/hostile.js";

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ env: { TRUST_PROXY: "true" } });
  await seedDemoIfEmpty(rt.services.articles); // so some generated ids and queries hit real articles
  await rt.indexed();
}, 120_000);
afterAll(async () => rt?.stop());

describe("hostile input over every OpenAPI operation", () => {
  it("answers thousands of generated requests with no 5xx and only problem+json errors", async () => {
    const doc = (await (await rt.app.request("/openapi.json")).json()) as OpenApiDoc;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const report = await runFuzz({
      doc,
      send: (r) => Promise.resolve(rt.app.request(r.url, { method: r.method, headers: r.headers, body: r.body })),
      count: 3000,
      seed: 20261204,
      concurrency: 4,
      deadlineMs: 150_000, // bounded in time on a busy machine; the count is reported
      keys: { good: TEST_ADMIN_KEY, weak: TEST_WRITER_KEY },
    });
    console.log(`fuzz: ${report.requests} requests over ${report.operations} operations; statuses ${JSON.stringify(report.byStatus)}; 5xx ${report.serverErrors.length}; health 503 (slow store) ${report.healthDegraded}; non-problem errors ${report.notProblemJson.length}`);
    expect(report.serverErrors).toEqual([]);
    expect(report.notProblemJson).toEqual([]);
    expect(report.requests).toBeGreaterThanOrEqual(1000);
    expect(Object.keys(report.perOperation)).toHaveLength(operations.length);
    expect(Object.keys(report.byStatus).some((s) => s.startsWith("2"))).toBe(true); // some got through to the stores
  }, 240_000);
});
