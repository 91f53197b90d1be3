/**
 * The access log on the whole local service: one JSON line per request that is also a CloudWatch
 * embedded-metric-format record, with the route pattern and never a key, a visitor id or a query.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/app.js";
import { startTestRuntime, TEST_ADMIN_KEY, uniqueId, type TestRuntime } from "../support/runtime.js";

let rt: TestRuntime;
let app: ReturnType<typeof createApp>;
const lines: string[] = [];

beforeAll(async () => {
  rt = await startTestRuntime();
  app = createApp(rt.services, { accessLog: (line) => lines.push(line) });
});
afterAll(async () => rt?.stop());

async function logged(path: string, init: RequestInit = {}): Promise<{ status: number; entry: Record<string, any> }> {
  const before = lines.length;
  const res = await app.request(path, init);
  await res.arrayBuffer();
  expect(lines.length).toBe(before + 1);
  return { status: res.status, entry: JSON.parse(lines.at(-1)!) };
}

describe("access log", () => {
  it("writes one line per request with method, route pattern, status, duration and request id", async () => {
    const visitor = `v${uniqueId("visitor").replace(/-/g, "")}`.slice(0, 24);
    const { status, entry } = await logged(`/v1/visitors/${visitor}/history?limit=5`);
    expect(entry).toMatchObject({ level: "info", msg: "request", method: "GET", route: "/v1/visitors/:visitorId/history", status, Service: "api", Http5xx: 0 });
    expect(typeof entry.ms).toBe("number");
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(entry)).not.toContain(visitor);
  });

  it("never logs keys, query text or the raw path", async () => {
    const secretQuery = `zqsecret${uniqueId("q").replace(/-/g, "")}`;
    const { entry } = await logged(`/v1/search?q=${secretQuery}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, "x-request-id": "req-0123456789" } });
    const line = JSON.stringify(entry);
    expect(line).not.toContain(TEST_ADMIN_KEY);
    expect(line).not.toContain(secretQuery);
    expect(line.toLowerCase()).not.toContain("authorization");
    expect(entry.requestId).toBe("req-0123456789");
  });

  it("is a CloudWatch embedded-metric-format record with search latency and the zero-result count", async () => {
    const { entry } = await logged(`/v1/search?q=zqnothingmatches${Date.now()}`);
    const [directive] = entry._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe("Newsline");
    expect(directive.Dimensions).toEqual([["Service"]]);
    const names = directive.Metrics.map((m: { Name: string }) => m.Name).sort();
    expect(names).toEqual(["Http5xx", "SearchLatency", "SearchZeroResults", "Searches"]);
    for (const name of names) expect(typeof entry[name]).toBe("number");
    expect(entry).toMatchObject({ route: "/v1/search", SearchZeroResults: 1, Searches: 1 });
    expect(typeof entry._aws.Timestamp).toBe("number");
  });

  it("names no route for an unknown path, and logs a keyed write by its pattern", async () => {
    expect((await logged("/v1/no-such-thing")).entry).toMatchObject({ route: "(none)", status: 404 });
    const id = uniqueId("log");
    const put = await logged(`/v1/articles/${id}`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    expect(put.entry).toMatchObject({ method: "PUT", route: "/v1/articles/:id", status: 401 });
    expect(JSON.stringify(put.entry)).not.toContain(id);
  });
});
