import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, uniqueId, type TestRuntime } from "../support/runtime.js";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

const article = (over: Record<string, unknown> = {}) => ({
  title: "Parliament passes the budget after a night session",
  body: "Deputies approved the state budget for next year by 78 votes to 12 after a debate that ran past midnight.",
  url: "https://newsline.example/politics/budget",
  publishedAt: "2026-03-01T10:00:00Z",
  tags: ["Budget", "parliament"],
  authors: ["Leyla Mammadova"],
  ...over,
});

async function json(res: Response): Promise<{ status: number; type: string | null; body: any }> {
  return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
}

describe("PUT /v1/articles/{id}", () => {
  it("creates, then updates, and GET returns the stored clean article", async () => {
    const id = uniqueId("art");
    const created = await json(await rt.call("PUT", `/v1/articles/${id}`, { body: article(), key: TEST_WRITER_KEY }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id, version: 1, status: "created" });

    const updated = await json(
      await rt.call("PUT", `/v1/articles/${id}`, { body: article({ title: "Budget passes", updatedAt: "2026-03-02T00:00:00Z" }) }),
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ id, version: 2, status: "updated" });

    const got = await json(await rt.call("GET", `/v1/articles/${id}`, { key: null }));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, title: "Budget passes", tags: ["budget", "parliament"], section: "politics", language: "en", version: 2 });
    expect(got.body.summary.length).toBeGreaterThan(10);
  });

  it("ignores an update older than the stored updatedAt and says so", async () => {
    const id = uniqueId("art");
    await rt.call("PUT", `/v1/articles/${id}`, { body: article({ updatedAt: "2026-03-05T00:00:00Z" }) });
    const stale = await json(await rt.call("PUT", `/v1/articles/${id}`, { body: article({ title: "Old title", updatedAt: "2026-03-04T00:00:00Z" }) }));
    expect(stale.body).toEqual({ id, version: 1, status: "stale" });
    const got = await json(await rt.call("GET", `/v1/articles/${id}`));
    expect(got.body.title).toBe(article().title);
  });

  it("answers a retried identical write as unchanged without a new version", async () => {
    const id = uniqueId("art");
    await rt.call("PUT", `/v1/articles/${id}`, { body: article() });
    const again = await json(await rt.call("PUT", `/v1/articles/${id}`, { body: article() }));
    expect(again.body).toEqual({ id, version: 1, status: "unchanged" });
  });

  it("reduces an HTML page with site chrome to clean text", async () => {
    const id = uniqueId("html");
    const html = readFileSync(new URL("../fixtures/chrome-page.html", import.meta.url), "utf8");
    await rt.call("PUT", `/v1/articles/${id}`, { body: article({ title: "Putin to visit Baku", body: html }) });
    const { body } = await json(await rt.call("GET", `/v1/articles/${id}`));
    for (const chrome of ["Leave a review", "Follow us on social networks", "News Line", "tracking", "<p>", "&amp;"]) {
      expect(body.body).not.toContain(chrome);
    }
    expect(body.body.match(/Highland Park in Baku/g)).toHaveLength(1);
    expect(body.body).toContain("transport & energy");
    expect(body.body).toContain("Gas exports");
  });

  it("makes a stored article searchable within 2 seconds", async () => {
    const id = uniqueId("fresh");
    const word = `zanzibarite${Date.now() % 100000}`;
    await rt.call("PUT", `/v1/articles/${id}`, { body: article({ title: `Ministers discuss ${word}` }) });
    const started = Date.now();
    let found = false;
    while (!found && Date.now() - started < 2000) {
      const res = await json(await rt.call("GET", `/v1/search?q=${word}`));
      found = res.body.hits.some((h: { id: string }) => h.id === id);
      if (!found) await new Promise((r) => setTimeout(r, 50));
    }
    expect(found).toBe(true);
  });

  it("rejects bad input with problem+json field errors and writes nothing", async () => {
    const id = uniqueId("bad");
    const res = await json(
      await rt.call("PUT", `/v1/articles/${id}`, { body: { body: "text", url: "ftp://x", publishedAt: "yesterday" } }),
    );
    expect(res.status).toBe(400);
    expect(res.type).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: 400, title: expect.any(String), type: expect.stringContaining("http") });
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["body.title", "body.url", "body.publishedAt"]));
    expect((await rt.call("GET", `/v1/articles/${id}`)).status).toBe(404);
  });

  it("rejects malformed JSON and bad ids as 400 problems, not 500", async () => {
    const res = await rt.app.request(`/v1/articles/${uniqueId()}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TEST_WRITER_KEY}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("problem+json");
    const badId = await rt.call("PUT", `/v1/articles/${encodeURIComponent("-bad id")}`, { body: article() });
    expect(badId.status).toBe(400);
  });

  it("needs a key with the articles:write scope", async () => {
    const id = uniqueId("auth");
    expect((await rt.call("PUT", `/v1/articles/${id}`, { body: article(), key: null })).status).toBe(401);
    expect((await rt.call("PUT", `/v1/articles/${id}`, { body: article(), key: "wrong-key-0123456789abcdef" })).status).toBe(401);
    const forbidden = await rt.call("PUT", `/v1/articles/${id}`, { body: article(), key: TEST_ADMIN_ONLY_KEY });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toContain("problem+json");
    expect((await rt.call("GET", `/v1/articles/${id}`)).status).toBe(404);
  });
});

describe("POST /v1/articles/batch", () => {
  it("stores the good articles when one is bad, and is idempotent on retry", async () => {
    const ids = [uniqueId("b"), uniqueId("b"), uniqueId("b")];
    const batch = {
      articles: [
        { id: ids[0], ...article() },
        { id: ids[1], ...article({ title: "" }) },
        { id: ids[2], ...article({ title: "Another story" }) },
      ],
    };
    const first = await json(await rt.call("POST", "/v1/articles/batch", { body: batch }));
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual(["created", "error", "created"]);
    expect(first.body.results[1].error).toMatch(/title/);
    const retry = await json(await rt.call("POST", "/v1/articles/batch", { body: batch }));
    expect(retry.body.results.map((r: { status: string }) => r.status)).toEqual(["unchanged", "error", "unchanged"]);
  });

  it("refuses more than 1000 articles", async () => {
    const res = await rt.call("POST", "/v1/articles/batch", { body: { articles: Array.from({ length: 1001 }, () => ({})) } });
    expect(res.status).toBe(400);
  });
});

describe("DELETE /v1/articles/{id}", () => {
  it("removes the article from the store and from search", async () => {
    const id = uniqueId("del");
    const word = `quokkavote${Date.now() % 100000}`;
    await rt.call("PUT", `/v1/articles/${id}`, { body: article({ title: `Vote on ${word}` }) });
    await rt.indexed();
    expect((await json(await rt.call("GET", `/v1/search?q=${word}`))).body.total).toBe(1);
    expect((await rt.call("DELETE", `/v1/articles/${id}`)).status).toBe(204);
    await rt.indexed();
    expect((await json(await rt.call("GET", `/v1/search?q=${word}`))).body.total).toBe(0);
    expect((await rt.call("GET", `/v1/articles/${id}`)).status).toBe(404);
    expect((await rt.call("DELETE", `/v1/articles/${id}`)).status).toBe(404);
  });
});
