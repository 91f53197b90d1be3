/** Writes under contention, batches with duplicates, bounded dates and bodies, and no visitor id echoed. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "../support/runtime.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
}, 120_000);
afterAll(async () => rt?.stop());

const article = (n: number, extra: Record<string, unknown> = {}) => ({
  title: `Budget vote, take ${n}`,
  body: `Deputies voted on the budget for the ${n}th time.`,
  url: "https://newsline.example/politics/budget",
  publishedAt: "2026-03-01T10:00:00Z",
  updatedAt: `2026-03-01T11:${String(n).padStart(2, "0")}:00Z`,
  ...extra,
});

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  return (await res.json()) as { detail?: string; instance?: string; errors?: { field: string }[] };
}

describe("writes under contention", () => {
  it("30 concurrent PUTs of one article: no 5xx; a write that keeps losing answers 409 with Retry-After", async () => {
    const responses = await Promise.all(Array.from({ length: 30 }, (_, n) => rt.call("PUT", "/v1/articles/contended", { body: article(n) })));
    const statuses = responses.map((r) => r.status);
    console.log(`30 concurrent PUTs: ${JSON.stringify(Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])))}`);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => [200, 201, 409].includes(s))).toBe(true);
    for (const r of responses.filter((r) => r.status === 409)) expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    const stored = (await (await rt.call("GET", "/v1/articles/contended")).json()) as { updatedAt: string; version: number };
    expect(stored.updatedAt).toBe("2026-03-01T11:29:00Z"); // the newest wins, whatever the order of arrival
  }, 120_000);

  it("answers a batch with duplicate ids item by item, in the order sent", async () => {
    const res = await rt.call("POST", "/v1/articles/batch", {
      body: { articles: [{ id: "dup-1", ...article(1) }, { id: "dup-1", ...article(2) }, { id: "dup-2", ...article(3) }, { id: "dup-1", title: "" }, { id: "dup-2", ...article(3) }] },
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { id: string; status: string }[] };
    expect(results.map((r) => `${r.id}:${r.status}`)).toEqual(["dup-1:created", "dup-1:updated", "dup-2:created", "dup-1:error", "dup-2:unchanged"]);
    expect(((await (await rt.call("GET", "/v1/articles/dup-1")).json()) as { title: string }).title).toBe("Budget vote, take 2");
  });
});

describe("dates and sizes", () => {
  it("refuses dates that are not in the calendar, and dates that would freeze an article", async () => {
    const feb30 = await expectProblem(await rt.call("PUT", "/v1/articles/date-1", { body: article(1, { publishedAt: "2025-02-30" }) }), 400);
    expect(feb30.errors?.map((e) => e.field)).toContain("body.publishedAt");
    await expectProblem(await rt.call("PUT", "/v1/articles/date-1", { body: article(1, { publishedAt: "2025-02-28T25:00:00Z" }) }), 400);
    await expectProblem(await rt.call("PUT", "/v1/articles/date-1", { body: article(1, { updatedAt: "9999-12-31T00:00:00Z" }) }), 422);
    await expectProblem(await rt.call("PUT", "/v1/articles/date-1", { body: article(1, { publishedAt: "1066-10-14" }) }), 422);
    expect((await rt.call("PUT", "/v1/articles/date-1", { body: article(1, { publishedAt: "2024-02-29" }) })).status).toBe(201);
    const event = { eventId: "e1", visitorId: "v_0123456789abcdefgh", articleId: "date-1", type: "read", at: "2026-02-30T10:00:00Z" };
    await expectProblem(await rt.call("POST", "/v1/events", { body: { events: [event] }, key: null }), 400);
  });

  it("bounds synonyms to what one stored item holds, and every body to its route's limit", async () => {
    const group = (i: number) => [`w${i}-${"a".repeat(90)}`, `v${i}-${"b".repeat(90)}`];
    const big = { groups: Array.from({ length: 2000 }, (_, i) => group(i)) }; // ~400 KB of JSON
    const tooBig = await rt.call("PUT", "/v1/admin/synonyms", { body: big });
    expect([413]).toContain(tooBig.status);
    expect(tooBig.headers.get("content-type")).toContain("application/problem+json");
    const huge = await rt.app.request("/v1/admin/synonyms", {
      method: "PUT",
      headers: { authorization: "Bearer test-admin-key-0123456789abcdef", "content-type": "application/json" },
      body: JSON.stringify({ groups: [["a", "b"]], pad: "x".repeat(4_000_000) }),
    });
    await expectProblem(huge, 413);
    await expectProblem(await rt.call("PUT", "/v1/articles/x/reviews/v_0123456789abcdefgh", { body: { rating: 5, text: "t".repeat(70_000), displayName: "A" }, key: null }), 413);
    expect((await rt.call("PUT", "/v1/admin/synonyms", { body: { groups: [["eu", "european union"]] } })).status).toBe(200);
  });
});

describe("visitor ids", () => {
  it("are never echoed in an error", async () => {
    const id = "v_secretvisitor0123456";
    for (const url of [
      `/v1/visitors/${id}/recommendations?limit=999`,
      `/v1/visitors/${id}/history?limit=0`,
      `/v1/visitors/${id}/nothing-here`,
      `/v1/articles/missing/reviews/${id}`,
    ]) {
      const res = await rt.call(url.includes("reviews") ? "PUT" : "GET", url, { key: null, body: url.includes("reviews") ? { rating: 9 } : undefined });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain(id);
    }
  });
});
