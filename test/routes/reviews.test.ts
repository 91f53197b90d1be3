import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { expectProblem, recordAnswers, trackedVisitors, scanAll, seedArticles } from "./reading-fixtures.js";

interface PublicReview {
  reviewId: string;
  displayName: string;
  rating: number;
  text: string;
  createdAt: string;
  updatedAt: string;
}
interface ListBody {
  summary: { count: number; average: number | null; histogram: Record<string, number> };
  items: PublicReview[];
  nextCursor: string | null;
}

let rt: TestRuntime;
let answers: ReturnType<typeof recordAnswers>;
const { next: visitor, seen: visitorsSeen } = trackedVisitors();

beforeAll(async () => {
  rt = await startTestRuntime();
  answers = recordAnswers(rt);
  await seedArticles(rt, ["rv-busy", "rv-mod", "rv-bad", "rv-rate", "rv-raw"]);
});
afterAll(async () => {
  answers?.expectNoneMention(visitorsSeen);
  await rt?.stop();
});

const put = (articleId: string, visitorId: string, body: unknown) =>
  answers.call("PUT", `/v1/articles/${articleId}/reviews/${visitorId}`, { body, key: null });

/** Every published review of an article, following the cursor. */
async function listAll(articleId: string, limit = 7) {
  const items: PublicReview[] = [];
  let cursor: string | null = null;
  let summary: ListBody["summary"] | undefined;
  do {
    const res = await answers.call("GET", `/v1/articles/${articleId}/reviews?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { key: null });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListBody;
    items.push(...body.items);
    summary = body.summary;
    cursor = body.nextCursor;
  } while (cursor);
  return { items, summary: summary! };
}

function summaryOf(ratings: number[]) {
  const histogram: Record<string, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const r of ratings) histogram[String(r)]++;
  const sum = ratings.reduce((a, b) => a + b, 0);
  return { count: ratings.length, average: ratings.length ? Math.round((sum / ratings.length) * 100) / 100 : null, histogram };
}

/** Review items stored for one article (the exact state, read past the API). */
async function storedReviews(articleId: string) {
  return (await scanAll(rt)).filter((i) => i.pk === `ART#${articleId}` && String(i.sk).startsWith("REVIEW#"));
}

describe("reviews", () => {
  const busyVisitors: string[] = [];

  it("keeps the summary exact under 60 concurrent new reviews and 20 concurrent replacements", async () => {
    for (let i = 0; i < 60; i++) busyVisitors.push(visitor());
    const ratings = busyVisitors.map((_, i) => ((i * 7) % 5) + 1 === 3 && i % 2 ? 4 : ((i * 7) % 5) + 1);

    let started = performance.now();
    const created = await Promise.all(
      busyVisitors.map((v, i) => put("rv-busy", v, { rating: ratings[i], text: `Solid reporting on the budget, number ${i}.`, displayName: `Reader ${i}` })),
    );
    const createMs = performance.now() - started;
    expect(created.map((r) => r.status)).toEqual(Array(60).fill(201));
    const first = await listAll("rv-busy");
    expect(first.summary).toEqual(summaryOf(ratings));
    expect(first.items).toHaveLength(60);
    expect(first.summary.average).not.toBe(3);

    started = performance.now();
    const replaced = await Promise.all(
      busyVisitors.slice(0, 20).map((v, i) => put("rv-busy", v, { rating: 5 - (i % 5), text: `On reflection: a fair piece (${i}).`, displayName: `Reader ${i}` })),
    );
    const replaceMs = performance.now() - started;
    console.info(`reviews: 60 concurrent creates took ${createMs.toFixed(0)} ms, 20 concurrent replacements ${replaceMs.toFixed(0)} ms`);
    expect(replaced.map((r) => r.status)).toEqual(Array(20).fill(200));

    const after = await listAll("rv-busy");
    expect(after.items).toHaveLength(60);
    expect(new Set(after.items.map((r) => r.reviewId)).size).toBe(60);
    expect(after.summary).toEqual(summaryOf(after.items.map((r) => r.rating)));
    expect(after.summary).toEqual(summaryOf(busyVisitors.map((_, i) => (i < 20 ? 5 - (i % 5) : ratings[i]))));
    // Newest first.
    const created_ = after.items.map((r) => r.createdAt);
    expect([...created_].sort().reverse()).toEqual(created_);
    // And the stored items agree: one per visitor, all published.
    const stored = await storedReviews("rv-busy");
    expect(stored).toHaveLength(60);
    expect(stored.every((i) => i.status === "published")).toBe(true);
  }, 120_000);

  it("keeps one review and an exact summary when one visitor sends 12 different PUTs at once", async () => {
    const v = visitor();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => put("rv-mod", v, { rating: (i % 5) + 1, text: `Version ${i} of my view.`, displayName: "Racer" })),
    );
    // The limit is 10 writes an hour: the rest answer 429 and change nothing.
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const stored = (await storedReviews("rv-mod")).filter((i) => i.displayName === "Racer");
    expect(stored).toHaveLength(1);
    expect(stored[0].version).toBe(10);
    expect((await listAll("rv-mod")).summary).toEqual(summaryOf([stored[0].rating as number]));
    expect((await answers.call("DELETE", `/v1/articles/rv-mod/reviews/${v}`, { key: null })).status).toBe(204);
    expect((await listAll("rv-mod")).summary).toEqual(summaryOf([]));
  }, 60_000);

  it("answers 201 then 200, returns the review without the visitor id, and a repeated PUT changes nothing", async () => {
    const v = visitor();
    const body = { rating: 4, text: "  Clear and fair.  ", displayName: " Ana " };
    const res = await put("rv-raw", v, body);
    expect(res.status).toBe(201);
    const { review } = (await res.json()) as { review: PublicReview & { status: string; articleId: string } };
    expect(review).toMatchObject({ rating: 4, text: "Clear and fair.", displayName: "Ana", status: "published", articleId: "rv-raw" });
    expect(review.reviewId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const again = await put("rv-raw", v, body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { review: PublicReview }).review.updatedAt).toBe(review.updatedAt);
    const changed = await put("rv-raw", v, { ...body, rating: 2 });
    expect(changed.status).toBe(200);
    expect((await listAll("rv-raw")).summary).toEqual(summaryOf([2]));
  });

  it("stores and returns text as written: escaping is the page's job", async () => {
    const text = `<script>alert("x")</script> & "quotes" — fine <b>bold</b> words`;
    const res = await put("rv-raw", visitor(), { rating: 5, text, displayName: "<i>Bo</i>" });
    expect(res.status).toBe(201);
    const listed = (await listAll("rv-raw")).items.find((r) => r.displayName === "<i>Bo</i>");
    expect(listed?.text).toBe(text);
  });

  it("holds flagged reviews for a moderator; decisions move the summary in the same transaction", async () => {
    const clean = visitor();
    const linky = visitor();
    const loud = visitor();
    expect((await put("rv-mod", clean, { rating: 2, text: "Missed the point.", displayName: "C" })).status).toBe(201);
    const pendingRes = await put("rv-mod", linky, { rating: 5, text: "Great! more at https://promo.example", displayName: "L" });
    const pending = ((await pendingRes.json()) as { review: { reviewId: string; status: string; flags: string[] } }).review;
    expect(pending.status).toBe("pending");
    expect(pending.flags).toEqual(["link"]);
    const loudRes = await put("rv-mod", loud, { rating: 1, text: "THIS IS A DISGRACE AND A LIE!!!!!!", displayName: "X" });
    const loudReview = ((await loudRes.json()) as { review: { reviewId: string; status: string } }).review;
    expect(loudReview.status).toBe("pending");

    let listed = await listAll("rv-mod");
    expect(listed.items.map((r) => r.displayName)).toEqual(["C"]);
    expect(listed.summary).toEqual(summaryOf([2]));

    // The moderation queue, oldest first, across articles, paged by cursor.
    const queue: { reviewId: string; articleId: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await answers.call("GET", `/v1/admin/reviews?status=pending&limit=1${cursor ? `&cursor=${cursor}` : ""}`, { key: TEST_ADMIN_ONLY_KEY });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: typeof queue; nextCursor: string | null };
      queue.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(queue.map((r) => r.reviewId)).toEqual([pending.reviewId, loudReview.reviewId]);

    const decide = (reviewId: string, status: string) =>
      answers.call("POST", `/v1/admin/reviews/rv-mod/${reviewId}/decision`, { body: { status }, key: TEST_ADMIN_ONLY_KEY });
    expect((await decide(pending.reviewId, "published")).status).toBe(200);
    expect((await decide(loudReview.reviewId, "rejected")).status).toBe(200);
    listed = await listAll("rv-mod");
    expect(listed.items.map((r) => r.displayName).sort()).toEqual(["C", "L"]);
    expect(listed.summary).toEqual(summaryOf([2, 5]));

    // Taking a published review down, and deciding twice, keep the summary equal to what is listed.
    expect((await decide(pending.reviewId, "rejected")).status).toBe(200);
    expect((await decide(pending.reviewId, "rejected")).status).toBe(200);
    listed = await listAll("rv-mod");
    expect(listed.summary).toEqual(summaryOf([2]));
    const emptyQueue = (await (await answers.call("GET", "/v1/admin/reviews", { key: TEST_ADMIN_ONLY_KEY })).json()) as { items: unknown[] };
    expect(emptyQueue.items).toEqual([]);

    await expectProblem(await decide("AAAAAAAAAAAAAAAAAAAAAA", "published"), 404);
    await expectProblem(await decide(pending.reviewId, "pending"), 400);
  });

  it("guards the admin routes with the admin scope", async () => {
    for (const [method, url, body] of [
      ["GET", "/v1/admin/reviews?status=pending", undefined],
      ["POST", "/v1/admin/reviews/rv-mod/AAAAAAAAAAAAAAAAAAAAAA/decision", { status: "published" }],
    ] as const) {
      await expectProblem(await answers.call(method, url, { body, key: null }), 401);
      await expectProblem(await answers.call(method, url, { body, key: "wrong-key-wrong-key-wrong" }), 401);
      await expectProblem(await answers.call(method, url, { body, key: TEST_WRITER_KEY }), 403);
    }
  });

  it("deletes a review (204, idempotent) and the summary follows", async () => {
    const v = visitor();
    const before = (await listAll("rv-raw")).summary;
    expect((await put("rv-raw", v, { rating: 1, text: "Not for me.", displayName: "D" })).status).toBe(201);
    expect((await listAll("rv-raw")).summary.count).toBe(before.count + 1);
    expect((await answers.call("DELETE", `/v1/articles/rv-raw/reviews/${v}`, { key: null })).status).toBe(204);
    expect((await listAll("rv-raw")).summary).toEqual(before);
    expect((await answers.call("DELETE", `/v1/articles/rv-raw/reviews/${v}`, { key: null })).status).toBe(204);
    await expectProblem(await answers.call("DELETE", `/v1/articles/no-such-article/reviews/${v}`, { key: null }), 404);
  });

  it("refuses bad input with a problem and writes nothing", async () => {
    const v = visitor();
    const good = { rating: 3, text: "Balanced.", displayName: "Eve" };
    const itemsBefore = (await scanAll(rt)).length;
    const cases: [string, string, unknown, number][] = [
      ["rv-bad", v, { ...good, rating: 9 }, 400],
      ["rv-bad", v, { ...good, rating: 3.5 }, 400],
      ["rv-bad", v, { ...good, rating: "3" }, 400],
      ["rv-bad", v, { ...good, text: "   " }, 400],
      ["rv-bad", v, { ...good, text: "x".repeat(5001) }, 400],
      ["rv-bad", v, { ...good, displayName: "n".repeat(10 * 1024) }, 400],
      ["rv-bad", v, { ...good, displayName: "" }, 400],
      ["rv-bad", v, { rating: 3 }, 400],
      ["rv-bad", "too-short", good, 400],
      ["rv-bad", "bad visitor id with spaces!!", good, 400],
      ["no-such-article", v, good, 404],
    ];
    for (const [articleId, visitorId, body, status] of cases) {
      const problem = await expectProblem(await put(articleId, encodeURIComponent(visitorId), body), status);
      if (status === 400) expect(problem.errors?.length).toBeGreaterThan(0);
      expect(problem.instance ?? "").not.toContain(v);
    }
    const listBad = await answers.call("GET", "/v1/articles/rv-busy/reviews?cursor=definitely-not-a-cursor", { key: null });
    expect((await expectProblem(listBad, 400)).errors?.[0].field).toBe("query.cursor");
    const forged = Buffer.from(JSON.stringify({ sk: "ARTICLE", gsi1sk: "x" })).toString("base64url");
    await expectProblem(await answers.call("GET", `/v1/articles/rv-busy/reviews?cursor=${forged}`, { key: null }), 400);
    await expectProblem(await answers.call("GET", `/v1/admin/reviews?cursor=${forged}`, { key: TEST_ADMIN_ONLY_KEY }), 400);
    await expectProblem(await answers.call("GET", "/v1/articles/rv-busy/reviews?limit=500", { key: null }), 400);
    await expectProblem(await answers.call("GET", "/v1/articles/no-such-article/reviews", { key: null }), 404);
    expect((await scanAll(rt)).length).toBe(itemsBefore);
  });

  it("answers 429 with Retry-After past the hourly limit, and writes nothing", async () => {
    const v = visitor();
    const limit = rt.services.env.REVIEW_RATE_LIMIT_PER_HOUR;
    for (let i = 0; i < limit; i++) {
      expect((await put("rv-rate", v, { rating: (i % 5) + 1, text: `Edit number ${i}.`, displayName: "R" })).status).toBe(i ? 200 : 201);
    }
    const stored = await storedReviews("rv-rate");
    const res = await put("rv-rate", v, { rating: 5, text: "One edit too many.", displayName: "R" });
    const problem = await expectProblem(res, 429);
    expect(problem.instance).toBe("/v1/articles/rv-rate/reviews/{visitorId}");
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600).toBe(true);
    expect(await storedReviews("rv-rate")).toEqual(stored);
    expect((await listAll("rv-rate")).items[0].text).toBe(`Edit number ${limit - 1}.`);
    // Another visitor is not limited, and an hour later neither is this one.
    expect((await put("rv-rate", visitor(), { rating: 4, text: "First review.", displayName: "S" })).status).toBe(201);
    const realNow = rt.services.now;
    rt.services.now = () => new Date(realNow().getTime() + retryAfter * 1000 + 1000);
    try {
      expect((await put("rv-rate", v, { rating: 5, text: "Next hour.", displayName: "R" })).status).toBe(200);
    } finally {
      rt.services.now = realNow;
    }
  });

  it("describes every review route in /openapi.json", async () => {
    const doc = (await (await rt.call("GET", "/openapi.json", { key: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/v1/articles/{id}/reviews/{visitorId}"] ?? {}).sort()).toEqual(["delete", "put"]);
    expect(doc.paths["/v1/articles/{id}/reviews"]?.get).toBeDefined();
    expect(doc.paths["/v1/admin/reviews"]?.get).toBeDefined();
    expect(doc.paths["/v1/admin/reviews/{articleId}/{reviewId}/decision"]?.post).toBeDefined();
  });
});
