/**
 * One client address must not steer what others see: invented readers, repeated searches and
 * floods from one address, against the real stores, with the default caps and TRUST_PROXY=true
 * (the contract's way to play many addresses from one machine).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, type TestRuntime } from "../support/runtime.js";

let rt: TestRuntime;
const STORIES = ["ab-real-1", "ab-real-2", "ab-real-3", "ab-real-4", "ab-real-5"];
const PUSHED = "ab-pushed";

beforeAll(async () => {
  rt = await startTestRuntime({
    env: {
      TRUST_PROXY: "true",
      SIGNAL_CAP_PER_ADDRESS: "3",
      SUGGEST_MIN_ADDRESSES: "3",
      RATE_LIMIT_SEARCH_PER_MINUTE: "120",
      RATE_LIMIT_EVENTS_PER_MINUTE: "600",
      RATE_LIMIT_REVIEWS_PER_HOUR: "8",
    },
  });
  const articles = [...STORIES, PUSHED].map((id, i) => ({
    id,
    title: i < 5 ? `Coalition talks round ${i + 1} in the capital` : "Parliament crooks exposed in a leaked memo",
    body: `Negotiators met again for round ${i + 1} of the coalition talks on the budget and the cabinet.`,
    url: `https://newsline.example/politics/${id}`,
    publishedAt: "2026-03-01T10:00:00Z",
  }));
  const res = await rt.call("POST", "/v1/articles/batch", { body: { articles } });
  expect(res.status).toBe(200);
  await rt.indexed();
}, 120_000);
afterAll(async () => rt?.stop());

const visitor = (tag: string, i: number) => `v_${tag}_${String(i).padStart(14, "0")}`;

describe("trending", () => {
  it("200 invented readers on one address do not put a story into the top 3 over 5 stories with 6 real readers each", async () => {
    // The attacker: one address, 200 visitor ids, 2 requests of 100 reads.
    for (let batch = 0; batch < 2; batch++) {
      const events = Array.from({ length: 100 }, (_, i) => ({ eventId: `e-${batch}-${i}`, visitorId: visitor("bot", batch * 100 + i), articleId: PUSHED, type: "read" as const }));
      const res = await rt.call("POST", "/v1/events", { body: { events }, key: null, address: "203.0.113.66" });
      expect(res.status).toBe(202);
      expect(((await res.json()) as { accepted: number }).accepted).toBe(100); // kept as history, not as signal
    }
    // Real readers: 6 per story, each on an address of their own.
    let n = 0;
    for (const story of STORIES) {
      for (let r = 0; r < 6; r++, n++) {
        const res = await rt.call("POST", "/v1/events", {
          body: { events: [{ eventId: `real-${n}`, visitorId: visitor("real", n), articleId: story, type: "read" }] },
          key: null,
          address: `198.51.100.${n + 1}`,
        });
        expect(res.status).toBe(202);
      }
    }
    const res = await rt.call("GET", "/v1/trending?window=24h&limit=10", { key: null });
    const { items } = (await res.json()) as { items: { id: string; reads: number }[] };
    const top3 = items.slice(0, 3).map((i) => i.id);
    expect(top3).not.toContain(PUSHED);
    const pushed = items.find((i) => i.id === PUSHED);
    expect(pushed?.reads).toBe(3); // counted, up to the address's cap
    expect(items.filter((i) => STORIES.includes(i.id)).every((i) => i.reads === 6)).toBe(true);
  }, 120_000);
});

describe("autocomplete", () => {
  const suggested = async (q: string) => {
    await rt.services.queryCounter.flush(Infinity);
    rt.services.popularQueries.invalidate();
    const res = await rt.call("GET", `/v1/suggest?q=${encodeURIComponent(q)}`, { key: null, address: "192.0.2.200" });
    return ((await res.json()) as { queries: { query: string }[] }).queries.map((s) => s.query);
  };
  const search = (q: string, address: string) => rt.call("GET", `/v1/search?q=${encodeURIComponent(q)}`, { key: null, address });

  it("50 repeats of a phrase from one address never reach /v1/suggest; three addresses do", async () => {
    for (let i = 0; i < 50; i++) expect((await search("parliament crooks", "203.0.113.77")).status).toBe(200);
    expect(await suggested("parliament")).not.toContain("parliament crooks");
    // The control: the same rule lets a phrase through once three addresses searched it to the end.
    for (const a of ["192.0.2.11", "192.0.2.12", "192.0.2.13"]) await search("coalition talks", a);
    expect(await suggested("coali")).toContain("coalition talks");
  });

  it("learns no keystrokes on the way, and an editor removes a suggestion for good", async () => {
    for (const a of ["192.0.2.21", "192.0.2.22", "192.0.2.23"]) for (const q of ["cab", "cabin", "cabinet"]) await search(q, a);
    const cab = await suggested("ca");
    expect(cab).toContain("cabinet");
    expect(cab).not.toContain("cabin");
    const removed = await rt.call("POST", "/v1/admin/suggestions/removed", { body: { query: "  Cabinet " } });
    expect(removed.status).toBe(200);
    expect(await suggested("ca")).not.toContain("cabinet");
    for (const a of ["192.0.2.31", "192.0.2.32", "192.0.2.33"]) await search("cabinet", a);
    expect(await suggested("ca")).not.toContain("cabinet");
    expect(((await (await rt.call("GET", "/v1/admin/suggestions/removed")).json()) as { queries: string[] }).queries).toContain("cabinet");
    expect((await rt.call("POST", "/v1/admin/suggestions/removed", { body: { query: "x" }, key: null })).status).toBe(401);
  });
});

describe("rate limits per address", () => {
  it("answers 429 with Retry-After past the search limit, for that address only", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 70; i++) {
      const res = await rt.call("GET", `/v1/suggest?q=coal`, { key: null, address: "203.0.113.99" });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(55); // a burst of 60 (120 a minute)
    expect(limited).toBeDefined();
    expect(limited!.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await rt.call("GET", `/v1/suggest?q=coal`, { key: null, address: "203.0.113.100" })).status).toBe(200);
  });

  it("limits review writes per address whatever visitor ids it invents", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await rt.call("PUT", `/v1/articles/ab-real-1/reviews/${visitor("rev", i)}`, {
        body: { rating: 5, text: "Clear and fair reporting.", displayName: `Reader ${i}` },
        key: null,
        address: "203.0.113.150",
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 2)).toEqual([201, 201]); // bursts of 2 (8 an hour)
    expect(statuses.slice(2)).toEqual([429, 429]);
  });
});
