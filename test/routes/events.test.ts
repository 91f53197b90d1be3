import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "../support/runtime.js";
import { EventStore } from "../../functions/store/events.js";
import { expectProblem, newVisitorId, recordAnswers, scanAll, seedArticles } from "./reading-fixtures.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A fixed clock 40 minutes into the current hour, injected through Services.now. */
const NOW = new Date(Math.floor(Date.now() / HOUR) * HOUR + 40 * MINUTE);
const HOUR_START = NOW.getTime() - 40 * MINUTE;
const ARTICLES = Array.from({ length: 8 }, (_, i) => `ev-art-${i}`);

interface Event {
  eventId: string;
  visitorId: string;
  articleId: string;
  type: "view" | "read";
  at?: string;
  dwellMs?: number;
}

let rt: TestRuntime;
let answers: ReturnType<typeof recordAnswers>;
const visitorsSeen: string[] = [];

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.services.now = () => NOW;
  answers = recordAnswers(rt);
  await seedArticles(rt, [...ARTICLES, "dx", "dy", "dz", "dw", "c1", "c2", "c3", "r1"]);
});
afterAll(async () => {
  answers?.expectNoneMention(visitorsSeen);
  await rt?.stop();
});

const post = (events: Event[]) => answers.call("POST", "/v1/events", { body: { events }, key: null });

/** 10 visitors × 20 events in the current hour, with re-reads and views mixed in. */
function makeEvents() {
  const visitors = Array.from({ length: 10 }, newVisitorId);
  visitorsSeen.push(...visitors);
  const events: Event[] = [];
  visitors.forEach((visitorId, v) => {
    for (let j = 0; j < 20; j++) {
      events.push({
        eventId: `evt-${v}-${j}`,
        visitorId,
        articleId: ARTICLES[(v * 3 + j * j) % ARTICLES.length],
        type: j % 4 === 3 ? "view" : "read",
        at: new Date(HOUR_START + (v * 20 + j) * 10_000 + 1000).toISOString(),
        dwellMs: 1000 * j,
      });
    }
  });
  return { visitors, events };
}

/** Counters of the hour ("H") or day ("D") bucket starting at bucketStart: in the day's first hour both start together. */
async function storedTrend(r: TestRuntime, kind: "H" | "D", bucketStart: string) {
  const totals = new Map<string, { reads: number; views: number }>();
  for (const item of await scanAll(r)) {
    if (item.type !== "trend" || item.bucketStart !== bucketStart || !String(item.pk).startsWith(`TREND#${kind}`)) continue;
    const t = totals.get(item.articleId as string) ?? { reads: 0, views: 0 };
    t.reads += item.reads as number;
    t.views += item.views as number;
    totals.set(item.articleId as string, t);
  }
  return totals;
}

const coReadMap = async (r: TestRuntime, id: string) =>
  Object.fromEntries((await r.services.events.coReads(id, 50)).map((c) => [c.articleId, c.count]));

describe("POST /v1/events", () => {
  it("counts each of 200 events once when the whole batch arrives twice at the same time", async () => {
    const { visitors, events } = makeEvents();
    // Two requests of 100 (five visitors each), each sent twice, all four at once.
    const chunks = [events.slice(0, 100), events.slice(100)];
    const started = performance.now();
    const responses = await Promise.all([...chunks, ...chunks].map(post));
    const wallMs = performance.now() - started;
    console.info(`events: 4 concurrent requests (200 distinct events, each twice) took ${wallMs.toFixed(0)} ms`);

    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ accepted: number; duplicates: number; rejected: number }>));
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    expect(bodies.reduce((n, b) => n + b.accepted, 0)).toBe(200);
    expect(bodies.reduce((n, b) => n + b.duplicates, 0)).toBe(200);
    expect(bodies.every((b) => b.rejected === 0)).toBe(true);

    const items = await scanAll(rt);
    expect(items.filter((i) => i.type === "event")).toHaveLength(200);
    expect(items.filter((i) => i.type === "read")).toHaveLength(events.filter((e) => e.type === "read").length);

    // History: each visitor's reads once, newest first.
    for (const visitorId of visitors) {
      const res = await answers.call("GET", `/v1/visitors/${visitorId}/history?limit=100`, { key: null });
      const body = (await res.json()) as { items: { articleId: string; readAt: string; title: string | null; url: string | null }[]; nextCursor: string | null };
      const expected = events.filter((e) => e.visitorId === visitorId && e.type === "read").map((e) => e.at!).sort().reverse();
      expect(body.items.map((i) => i.readAt)).toEqual(expected);
      expect(body.items.every((i) => i.title?.startsWith("Parliament debates") && i.url?.startsWith("https://"))).toBe(true);
      expect(body.nextCursor).toBeNull();
    }

    // Trending counters: exactly one increment per accepted event, in the hour and the day bucket.
    const expected = new Map<string, { reads: number; views: number }>();
    for (const e of events) {
      const t = expected.get(e.articleId) ?? { reads: 0, views: 0 };
      t[e.type === "read" ? "reads" : "views"]++;
      expected.set(e.articleId, t);
    }
    const dayStart = new Date(Math.floor(NOW.getTime() / (24 * HOUR)) * 24 * HOUR).toISOString();
    expect(await storedTrend(rt, "H", new Date(HOUR_START).toISOString())).toEqual(expected);
    expect(await storedTrend(rt, "D", dayStart)).toEqual(expected);
    const trending = await rt.services.events.trending("1h", 20, NOW);
    for (const [id, t] of expected) expect(trending.find((e) => e.articleId === id)?.reads).toBe(t.reads);

    // Co-reading: the same counters as one sequential delivery into a fresh table.
    const oracle = await startTestRuntime();
    try {
      oracle.services.now = () => NOW;
      await seedArticles(oracle, ARTICLES);
      for (const chunk of chunks) expect((await oracle.call("POST", "/v1/events", { body: { events: chunk }, key: null })).status).toBe(202);
      let pairs = 0;
      for (const id of ARTICLES) {
        const once = await coReadMap(oracle, id);
        pairs += Object.values(once).reduce((a, b) => a + b, 0);
        expect(await coReadMap(rt, id), id).toEqual(once);
      }
      expect(pairs).toBeGreaterThan(50);
    } finally {
      await oracle.stop();
    }
  }, 180_000); // DynamoDB Local runs transactions one at a time (~50 ms each); the cloud service does not

  it("accepts the same event once within one request too", async () => {
    const visitorId = newVisitorId();
    visitorsSeen.push(visitorId);
    const event = { eventId: "same-1", visitorId, articleId: "r1", type: "read" as const, at: new Date(NOW.getTime() - MINUTE).toISOString() };
    const res = await post([event, event, { ...event, dwellMs: 5 }]);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 2, rejected: 0, errors: [] });
    // Another visitor may use the same event id: it is a different event.
    const other = newVisitorId();
    visitorsSeen.push(other);
    expect(await (await post([{ ...event, visitorId: other }])).json()).toMatchObject({ accepted: 1, duplicates: 0 });
  });

  it("rejects events for unknown articles or out-of-range times one by one and records the rest", async () => {
    const visitorId = newVisitorId();
    visitorsSeen.push(visitorId);
    const base = { visitorId, type: "read" as const };
    const res = await post([
      { ...base, eventId: "ok-1", articleId: "r1", at: new Date(NOW.getTime() - 2 * MINUTE).toISOString() },
      { ...base, eventId: "bad-article", articleId: "no-such-article" },
      { ...base, eventId: "future", articleId: "r1", at: new Date(NOW.getTime() + 10 * MINUTE).toISOString() },
      { ...base, eventId: "too-old", articleId: "r1", at: new Date(NOW.getTime() - 401 * 24 * HOUR).toISOString() },
      { ...base, eventId: "near-future", articleId: "r1", at: new Date(NOW.getTime() + 4 * MINUTE).toISOString() },
    ]);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { accepted: number; rejected: number; errors: { index: number; eventId: string; field: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(3);
    expect(body.errors.map((e) => [e.index, e.eventId, e.field])).toEqual([
      [1, "bad-article", "events.1.articleId"],
      [2, "future", "events.2.at"],
      [3, "too-old", "events.3.at"],
    ]);
    const history = (await (await answers.call("GET", `/v1/visitors/${visitorId}/history`, { key: null })).json()) as { items: unknown[] };
    expect(history.items).toHaveLength(2);
  });

  it("refuses a malformed body with a 400 problem and records nothing", async () => {
    const visitorId = newVisitorId();
    visitorsSeen.push(visitorId);
    const good = { eventId: "g-1", visitorId, articleId: "r1", type: "read" };
    const before = (await scanAll(rt)).length;
    const bad: unknown[] = [
      { events: [good, { ...good, eventId: "g-2", visitorId: "short" }] },
      { events: [good, { ...good, eventId: undefined }] },
      { events: [good, { ...good, eventId: "g-3", type: "click" }] },
      { events: [good, { ...good, eventId: "g-4", at: "yesterday" }] },
      { events: [good, { ...good, eventId: "g-5", at: "2026-01-01T10:00:00" }] },
      { events: [good, { ...good, eventId: "g-6", dwellMs: -1 }] },
      { events: Array.from({ length: 101 }, (_, i) => ({ ...good, eventId: `n-${i}` })) },
      { events: [] },
      {},
    ];
    for (const body of bad) {
      const problem = await expectProblem(await post(body as never), 400);
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
    const raw = await rt.app.request("/v1/events", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    await expectProblem(raw, 400);
    expect((await scanAll(rt)).length).toBe(before);
  });

  it("ranks trending by decayed reads: recent beats many-but-old in 24h, not in 7d; a view weighs a quarter", async () => {
    const events: Event[] = [];
    const add = (articleId: string, type: "read" | "view", n: number, agoMs: number) => {
      for (let i = 0; i < n; i++) {
        const visitorId = newVisitorId();
        visitorsSeen.push(visitorId);
        events.push({ eventId: `${articleId}-${type}-${i}`, visitorId, articleId, type, at: new Date(NOW.getTime() - agoMs - i * 1000).toISOString() });
      }
    };
    add("dx", "read", 10, 20 * HOUR);
    add("dy", "read", 4, 30 * MINUTE);
    add("dz", "view", 8, 10 * MINUTE);
    add("dw", "read", 3, 10 * MINUTE);
    const res = await post(events);
    expect(await res.json()).toMatchObject({ accepted: events.length, rejected: 0 });

    const ranked = async (window: "1h" | "24h" | "7d") =>
      (await rt.services.events.trending(window, 50, NOW)).filter((e) => ["dx", "dy", "dz", "dw"].includes(e.articleId));

    const day = await ranked("24h");
    expect(day.map((e) => e.articleId)).toEqual(["dy", "dw", "dz", "dx"]);
    expect(Object.fromEntries(day.map((e) => [e.articleId, e.reads]))).toEqual({ dx: 10, dy: 4, dz: 0, dw: 3 });
    expect(day[0].score).toBeGreaterThan(3.5);
    expect(day[3].score).toBeLessThan(1.2);

    const week = await ranked("7d");
    expect(week[0].articleId).toBe("dx");

    const hour = await ranked("1h");
    expect(hour.map((e) => e.articleId)).toEqual(["dy", "dw", "dz"]);

    // An hour later the 1h window has moved on; at the same time the 24h ranking still holds dx.
    const later = new Date(NOW.getTime() + 2 * HOUR);
    expect((await rt.services.events.trending("1h", 50, later)).filter((e) => e.articleId.startsWith("d"))).toEqual([]);
    expect((await rt.services.events.trending("24h", 50, later)).some((e) => e.articleId === "dx")).toBe(true);
  });

  it("shares one trending answer per window for the cache period, then reads the counters again", async () => {
    const cached = new EventStore(rt.services.db, { historyTtlDays: 400, trendingCacheMs: 30_000 });
    const reads = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => {
        const visitorId = newVisitorId();
        visitorsSeen.push(visitorId);
        return { eventId: `cache-${tag}-${i}`, visitorId, articleId: "c3", type: "read" as const, at: new Date(NOW.getTime() - MINUTE).toISOString() };
      });
    const c3 = async (at: Date) => (await cached.trending("1h", 20, at)).find((e) => e.articleId === "c3")?.reads ?? 0;
    const before = await c3(NOW);
    expect(((await (await post(reads(3, "a"))).json()) as { accepted: number }).accepted).toBe(3);
    expect(await c3(new Date(NOW.getTime() + 1000))).toBe(before); // within 30 s: the shared answer
    expect(await rt.services.events.trending("1h", 20, NOW).then((t) => t.find((e) => e.articleId === "c3")?.reads)).toBe(before + 3); // uncached store
    expect(await c3(new Date(NOW.getTime() + 31_000))).toBe(before + 3); // expired: read again
  });

  it("pairs a read with the visitor's previous reads, both ways, and not again on a re-read", async () => {
    const visitorId = newVisitorId();
    visitorsSeen.push(visitorId);
    const at = (m: number) => new Date(NOW.getTime() - 30 * MINUTE + m * MINUTE).toISOString();
    const read = (articleId: string, m: number) => ({ eventId: `co-${m}`, visitorId, articleId, type: "read" as const, at: at(m) });
    // Sent out of order: the store orders one visitor's events by time.
    const res = await post([read("c3", 3), read("c1", 1), read("c2", 2), read("c1", 4)]);
    expect(await res.json()).toMatchObject({ accepted: 4 });
    expect(await coReadMap(rt, "c1")).toEqual({ c2: 1, c3: 1 });
    expect(await coReadMap(rt, "c2")).toEqual({ c1: 1, c3: 1 });
    expect(await coReadMap(rt, "c3")).toEqual({ c1: 1, c2: 1 });
    expect((await rt.services.events.recentReads(visitorId, 10)).map((r) => r.articleId)).toEqual(["c1", "c3", "c2", "c1"]);
    expect(await rt.services.events.readArticleIds(visitorId, 10)).toEqual(new Set(["c1", "c2", "c3"]));
  });
});
