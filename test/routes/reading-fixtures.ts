import { randomBytes } from "node:crypto";
import { ScanCommand } from "../../functions/store/dynamo.js";
import { expect } from "vitest";
import { TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";

/** A fresh visitor id of the documented shape. */
export const newVisitorId = () => `v_${randomBytes(12).toString("base64url")}`;

export async function seedArticles(rt: TestRuntime, ids: string[]): Promise<void> {
  for (const id of ids) {
    const res = await rt.call("PUT", `/v1/articles/${id}`, {
      key: TEST_WRITER_KEY,
      body: {
        title: `Parliament debates ${id}`,
        body: `Members of parliament debated ${id} late into the night.\n\nThe vote is expected next week after committee review.`,
        url: `https://news.example/${id}`,
        publishedAt: "2026-01-15T08:00:00Z",
        tags: ["parliament"],
        language: "en",
      },
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  }
}

/** Every stored item of the test's table (tests may Scan; request paths never do). */
export async function scanAll(rt: TestRuntime): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await rt.services.db.doc.send(new ScanCommand({ TableName: rt.services.db.table, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Wraps rt.call so every answer's body is kept, to check later that no visitor id ever leaked. */
export function recordAnswers(rt: TestRuntime) {
  const bodies: string[] = [];
  const call: TestRuntime["call"] = async (method, url, opts) => {
    const res = await rt.call(method, url, opts);
    bodies.push(await res.clone().text());
    return res;
  };
  return {
    call,
    expectNoneMention(visitorIds: string[]) {
      expect(bodies.length).toBeGreaterThan(0);
      for (const body of bodies) for (const id of visitorIds) expect(body.includes(id), `answer mentions a visitor id: ${body.slice(0, 300)}`).toBe(false);
    },
  };
}

export async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { type: string; title: string; status: number; errors?: { field: string }[]; instance?: string };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^https:\/\//);
  return body;
}

/** Fresh visitor ids, remembered so a test file can check that no answer ever mentioned one. */
export function trackedVisitors() {
  const seen: string[] = [];
  const next = () => {
    const id = newVisitorId();
    seen.push(id);
    return id;
  };
  return { next, seen };
}
