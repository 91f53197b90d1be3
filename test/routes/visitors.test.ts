import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_ADMIN_ONLY_KEY, type TestRuntime } from "../support/runtime.js";
import { expectProblem, recordAnswers, trackedVisitors, scanAll, seedArticles } from "./reading-fixtures.js";

let rt: TestRuntime;
let answers: ReturnType<typeof recordAnswers>;
const { next: visitor, seen: visitorsSeen } = trackedVisitors();

beforeAll(async () => {
  rt = await startTestRuntime();
  answers = recordAnswers(rt);
  await seedArticles(rt, ["vi-a", "vi-b", "vi-c"]);
});
afterAll(async () => {
  answers?.expectNoneMention(visitorsSeen);
  await rt?.stop();
});

const reads = (visitorId: string, articleIds: string[], prefix = "r") =>
  answers.call("POST", "/v1/events", {
    key: null,
    body: {
      events: articleIds.map((articleId, i) => ({
        eventId: `${prefix}-${i}`,
        visitorId,
        articleId,
        type: "read",
        at: new Date(Date.now() - (articleIds.length - i) * 60_000).toISOString(),
      })),
    },
  });

interface HistoryBody {
  items: { articleId: string; title: string | null; url: string | null; readAt: string }[];
  nextCursor: string | null;
}
const history = async (visitorId: string, query = "") =>
  (await (await answers.call("GET", `/v1/visitors/${visitorId}/history${query}`, { key: null })).json()) as HistoryBody;

describe("visitor history", () => {
  it("pages newest first with an opaque cursor", async () => {
    const v = visitor();
    const order = ["vi-a", "vi-b", "vi-c", "vi-a", "vi-b"];
    expect((await reads(v, order)).status).toBe(202);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: HistoryBody = await history(v, `?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((i) => i.articleId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual([...order].reverse());
    expect(pages).toBe(3);
    const first = await history(v, "?limit=1");
    expect(first.items[0]).toMatchObject({ articleId: "vi-b", title: "Parliament debates vi-b", url: "https://news.example/vi-b" });
    expect(await history(visitor())).toEqual({ items: [], nextCursor: null });
  });

  it("refuses bad visitor ids and cursors with a problem that does not echo the visitor id", async () => {
    const v = visitor();
    for (const bad of ["short", "x".repeat(65), "has%20space-and-more-chars"]) {
      await expectProblem(await answers.call("GET", `/v1/visitors/${bad}/history`, { key: null }), 400);
      await expectProblem(await answers.call("DELETE", `/v1/visitors/${bad}`, { key: null }), 400);
    }
    const foreign = Buffer.from(JSON.stringify({ sk: "REVIEW#x" })).toString("base64url");
    for (const cursor of ["!!!", "bm90IGpzb24", foreign]) {
      const problem = await expectProblem(await answers.call("GET", `/v1/visitors/${v}/history?cursor=${cursor}`, { key: null }), 400);
      expect(problem.instance).toBe("/v1/visitors/{visitorId}/history");
      expect(problem.errors?.[0].field).toBe("query.cursor");
    }
    await expectProblem(await answers.call("GET", `/v1/visitors/${v}/history?limit=0`, { key: null }), 400);
  });
});

describe("DELETE /v1/visitors/{visitorId}", () => {
  it("erases history and unlinks reviews, leaving summaries and other visitors alone", async () => {
    const v = visitor();
    const other = visitor();
    expect((await reads(v, ["vi-a", "vi-b", "vi-c"])).status).toBe(202);
    expect((await reads(other, ["vi-a", "vi-c"], "o")).status).toBe(202);
    const put = (articleId: string, who: string, body: unknown) =>
      answers.call("PUT", `/v1/articles/${articleId}/reviews/${who}`, { body, key: null });
    const mine = (await (await put("vi-a", v, { rating: 5, text: "Thorough and fair.", displayName: "Maria from Tbilisi" })).json()) as {
      review: { reviewId: string };
    };
    const held = (await (await put("vi-b", v, { rating: 1, text: "see www.my-blog.com", displayName: "Maria from Tbilisi" })).json()) as {
      review: { reviewId: string; status: string };
    };
    expect(held.review.status).toBe("pending");
    expect((await put("vi-a", other, { rating: 3, text: "Fine.", displayName: "Other" })).status).toBe(201);
    const summaryBefore = ((await (await answers.call("GET", "/v1/articles/vi-a/reviews", { key: null })).json()) as { summary: unknown }).summary;
    expect(JSON.stringify(await scanAll(rt))).toContain(v);

    expect((await answers.call("DELETE", `/v1/visitors/${v}`, { key: null })).status).toBe(204);

    expect(await history(v)).toEqual({ items: [], nextCursor: null });
    expect((await history(other)).items).toHaveLength(2);
    const listed = (await (await answers.call("GET", "/v1/articles/vi-a/reviews", { key: null })).json()) as {
      summary: unknown;
      items: { reviewId: string; displayName: string; text: string; rating: number }[];
    };
    expect(listed.summary).toEqual(summaryBefore);
    const kept = listed.items.find((r) => r.text === "Thorough and fair.");
    expect(kept).toMatchObject({ displayName: "Former reader", rating: 5 });
    expect(kept!.reviewId).not.toBe(mine.review.reviewId);
    expect(listed.items.find((r) => r.displayName === "Other")).toBeDefined();
    const queue = (await (await answers.call("GET", "/v1/admin/reviews", { key: TEST_ADMIN_ONLY_KEY })).json()) as {
      items: { articleId: string; displayName: string; reviewId: string }[];
    };
    expect(queue.items.filter((r) => r.articleId === "vi-b").map((r) => r.displayName)).toEqual(["Former reader"]);
    expect(queue.items.some((r) => r.reviewId === held.review.reviewId)).toBe(false);

    // Nothing stored names the visitor any more: no history, no review link, no rate counter.
    const stored = await scanAll(rt);
    expect(JSON.stringify(stored)).not.toContain(v);
    expect(stored.filter((i) => i.type === "review" && i.displayName === "Former reader")).toHaveLength(2);
    expect(stored.filter((i) => i.type === "review" && i.displayName === "Former reader" && ("gsi2pk" in i || "gsi2sk" in i))).toEqual([]);
    expect(JSON.stringify(stored)).toContain(other);

    // Idempotent; and the visitor id no longer reaches the old review: a new PUT is a new review.
    expect((await answers.call("DELETE", `/v1/visitors/${v}`, { key: null })).status).toBe(204);
    expect((await put("vi-a", v, { rating: 4, text: "Coming back to this.", displayName: "Maria" })).status).toBe(201);
    const again = (await (await answers.call("GET", "/v1/articles/vi-a/reviews", { key: null })).json()) as { summary: { count: number } };
    expect(again.summary.count).toBe((summaryBefore as { count: number }).count + 1);
  });

  it("is described in /openapi.json with the history route", async () => {
    const doc = (await (await rt.call("GET", "/openapi.json", { key: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths["/v1/visitors/{visitorId}"]?.delete).toBeDefined();
    expect(doc.paths["/v1/visitors/{visitorId}/history"]?.get).toBeDefined();
    expect(doc.paths["/v1/events"]?.post).toBeDefined();
  });
});
