import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRuntime, storeArticles, TEST_ADMIN_KEY, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { scanAll } from "./reading-fixtures.js";

/** Editorial rules on the whole local stack: stored in DynamoDB Local, applied above the embedded engine. */
const HOUR = 3_600_000;
const START = new Date(Math.floor(Date.now() / HOUR) * HOUR + 5 * 60_000);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const word = `budq${randomUUID().replace(/-/g, "").slice(0, 8)}`;
const PEOPLE = "Samir Sharifov and the Milli Majlis";

const DAYS = [
  "Pension spending opened the sitting and the finance minister answered questions.",
  "Deputies argued over the deficit until late in the evening.",
  "Defence appropriations took most of the afternoon.",
  "Regional road funds were amended twice before the break.",
  "The committee chair summed up and the final vote was scheduled.",
];

// Five articles that match the query, one explainer that does not, and a story about something else.
const MATCHING = ["r-bud-1", "r-bud-2", "r-bud-3", "r-bud-4", "r-bud-5"];
const EXPLAINER = "r-explainer";
const ARTICLES: Record<string, { title: string; body: string; publishedAt: string; tags: string[] }> = {
  ...Object.fromEntries(
    MATCHING.map((id, i) => [
      id,
      {
        title: `State ${word} debate, day ${i + 1}`,
        // Each day in its own words: copies of one text would count as near-duplicates and leave the related lists.
        body: `${PEOPLE} debated the state ${word} on day ${i + 1}. ${DAYS[i]}`,
        publishedAt: iso(START.getTime() - (i + 1) * HOUR),
        tags: ["budget"],
      },
    ]),
  ),
  [EXPLAINER]: {
    title: "How the state budget is made: an explainer",
    body: `${PEOPLE}: who drafts the state budget, how pension spending and the deficit are set, and when deputies vote.`,
    publishedAt: iso(START.getTime() - 48 * HOUR),
    tags: ["explainer"],
  },
};

let rt: TestRuntime;
let clock = START;

const searchIds = async (q: string, extra = "") => {
  const res = await rt.call("GET", `/v1/search?q=${encodeURIComponent(q)}${extra}`, { key: null });
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { total: number; hits: { id: string; highlight: { title: string } }[] };
  return { ids: body.hits.map((h) => h.id), total: body.total, hits: body.hits };
};
const relatedIds = async (id: string) => {
  const res = await rt.call("GET", `/v1/articles/${id}/related?limit=4`, { key: null });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: { id: string; reasons: string[] }[] }).items;
};
const putRule = (ruleId: string, body: unknown, key: string = TEST_ADMIN_ONLY_KEY) => rt.call("PUT", `/v1/admin/rules/${ruleId}`, { body, key });

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.services.now = () => clock;
  await storeArticles(rt, ARTICLES);
});
afterAll(async () => rt?.stop());

describe("editorial rules for a search query", () => {
  it("pins in the given order, hides, and stops at until", async () => {
    const before = await searchIds(word, "&limit=3");
    expect(before.total).toBe(5);
    expect(before.ids).not.toContain(EXPLAINER);

    const until = iso(START.getTime() + HOUR);
    // The query is normalised (case, spaces) like the searches it applies to.
    const res = await putRule("budget-desk", { query: `  ${word.toUpperCase()} `, pin: [EXPLAINER, "r-bud-4"], hide: ["r-bud-2"], until });
    expect(res.status, await res.clone().text()).toBe(201);
    const rule = (await res.json()) as { query: string; createdBy: string; version: number };
    expect(rule).toMatchObject({ query: word, createdBy: "mod", version: 1 });

    const page1 = await searchIds(word, "&limit=3");
    expect(page1.ids.slice(0, 2)).toEqual([EXPLAINER, "r-bud-4"]);
    expect(page1.total).toBe(5); // 5 matches − 1 hidden + 1 pinned from outside
    const all = await searchIds(word, "&limit=10");
    expect(all.ids).not.toContain("r-bud-2");
    expect(all.ids).toHaveLength(5);
    expect(new Set(all.ids).size).toBe(5);
    // Page 2 continues the curated list without repeating the pins.
    const page2 = await searchIds(word, "&limit=3&page=2");
    expect([...page1.ids, ...page2.ids]).toEqual(all.ids);
    // The pinned article comes back with its title escaped and its own data.
    expect(all.hits[0].highlight.title).toContain("explainer");
    // A pinned article outside the search's filters is not forced in.
    expect((await searchIds(word, "&tags=budget&limit=10")).ids).not.toContain(EXPLAINER);
    // Other queries are untouched.
    expect((await searchIds(`${word} day`)).ids).toContain("r-bud-2");

    clock = new Date(Date.parse(until));
    const after = await searchIds(word, "&limit=10");
    expect(after.ids).toContain("r-bud-2");
    expect(after.ids).not.toContain(EXPLAINER);
    clock = START;
  });

  it("starts at from", async () => {
    const from = iso(START.getTime() + HOUR);
    expect((await putRule("later", { query: `${word} day 1`, hide: ["r-bud-1"], from })).status).toBe(201);
    expect((await searchIds(`${word} day 1`)).ids).toContain("r-bud-1");
    clock = new Date(Date.parse(from));
    expect((await searchIds(`${word} day 1`)).ids).not.toContain("r-bud-1");
    clock = START;
  });
});

describe("editorial rules for a related list", () => {
  it("pins and hides, then expires", async () => {
    const plain = (await relatedIds("r-bud-1")).map((i) => i.id);
    expect(plain.length).toBeGreaterThan(1);
    const hidden = plain[0];
    const until = iso(START.getTime() + 2 * HOUR);
    const res = await putRule("related-bud-1", { relatedTo: "r-bud-1", pin: ["r-explainer", "r-bud-1"], hide: [hidden], until });
    expect(res.status).toBe(201);

    const curated = await relatedIds("r-bud-1");
    expect(curated[0]).toMatchObject({ id: EXPLAINER, reasons: ["chosen by the editors"] });
    expect(curated.map((i) => i.id)).not.toContain(hidden);
    expect(curated.map((i) => i.id)).not.toContain("r-bud-1"); // never the article itself, even pinned
    expect(curated).toHaveLength(4);

    clock = new Date(Date.parse(until));
    expect((await relatedIds("r-bud-1")).map((i) => i.id)).toEqual(plain.slice(0, 4));
    clock = START;
  });
});

describe("/v1/admin/rules", () => {
  it("lists, replaces and deletes, recording who did what and when", async () => {
    const id = `audit-${randomUUID().slice(0, 8)}`;
    // Entries are ordered by their time: each change here at its own moment.
    clock = new Date(START.getTime() + 30_000);
    expect((await putRule(id, { query: "ceasefire", hide: ["r-bud-3"] })).status).toBe(201);
    clock = new Date(START.getTime() + 60_000);
    const replaced = await putRule(id, { query: "ceasefire", hide: ["r-bud-3", "r-bud-5"] }, TEST_ADMIN_KEY);
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({ createdBy: "mod", updatedBy: "admin", version: 2, hide: ["r-bud-3", "r-bud-5"] });

    const list = (await (await rt.call("GET", "/v1/admin/rules")).json()) as { rules: { ruleId: string }[] };
    expect(list.rules.map((r) => r.ruleId)).toContain(id);

    const replacedAt = clock.toISOString();
    clock = new Date(START.getTime() + 90_000);
    expect((await rt.call("DELETE", `/v1/admin/rules/${id}`, { key: TEST_ADMIN_ONLY_KEY })).status).toBe(204);
    expect((await rt.call("DELETE", `/v1/admin/rules/${id}`)).status).toBe(404);
    const after = (await (await rt.call("GET", "/v1/admin/rules")).json()) as { rules: { ruleId: string }[] };
    expect(after.rules.map((r) => r.ruleId)).not.toContain(id);

    const audit = (await (await rt.call("GET", "/v1/admin/rules-audit?limit=3")).json()) as {
      items: { ruleId: string; action: string; by: string; at: string; before?: { hide: string[] }; after?: { hide: string[] } }[];
      nextCursor: string | null;
    };
    expect(audit.items.map((e) => [e.ruleId, e.action, e.by])).toEqual([
      [id, "delete", "mod"],
      [id, "put", "admin"],
      [id, "put", "mod"],
    ]);
    expect(audit.items[1].before?.hide).toEqual(["r-bud-3"]);
    expect(audit.items[1].after?.hide).toEqual(["r-bud-3", "r-bud-5"]);
    expect(audit.items[1].at).toBe(replacedAt);
    expect(audit.nextCursor).not.toBeNull();
    const next = await rt.call("GET", `/v1/admin/rules-audit?limit=50&cursor=${audit.nextCursor}`);
    expect(next.status).toBe(200);
    clock = START;

    // Stored in the table: the rule items are gone, the audit entries stay.
    const items = await scanAll(rt);
    expect(items.filter((i) => i.type === "rule" && i.ruleId === id)).toHaveLength(0);
    expect(items.filter((i) => i.type === "rule-audit" && i.ruleId === id)).toHaveLength(3);
  });

  it("needs the admin scope", async () => {
    expect((await rt.call("GET", "/v1/admin/rules", { key: null })).status).toBe(401);
    expect((await rt.call("GET", "/v1/admin/rules", { key: TEST_WRITER_KEY })).status).toBe(403);
    expect((await putRule("x", { query: "a", hide: ["b"] }, TEST_WRITER_KEY)).status).toBe(403);
  });

  it("answers bad input with a 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ hide: ["a"] }, "body.query"],
      [{ query: "a", relatedTo: "b", hide: ["c"] }, "body.query"],
      [{ query: "   ", hide: ["c"] }, "body.query"],
      [{ query: "a" }, "body.pin"],
      [{ query: "a", pin: ["bad id!"] }, "body.pin.0"],
      [{ query: "a", pin: ["x", "x"] }, "body.pin"],
      [{ query: "a", hide: Array.from({ length: 101 }, (_, i) => `h${i}`) }, "body.hide"],
      [{ query: "a", hide: ["b"], from: "2026-03-01T10:00:00Z", until: "2026-03-01T09:00:00Z" }, "body.until"],
      [{ query: "a", hide: ["b"], until: "tomorrow" }, "body.until"],
      [{ query: 5, hide: ["b"] }, "body.query"],
      [{ relatedTo: "../x", hide: ["b"] }, "body.relatedTo"],
    ];
    for (const [body, field] of cases) {
      const res = await putRule("bad-input", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect((await putRule("bad id!", { query: "a", hide: ["b"] })).status).toBe(400);
    const notJson = await rt.app.request("/v1/admin/rules/x", { method: "PUT", headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, "content-type": "application/json" }, body: "{" });
    expect(notJson.status).toBe(400);
    expect((await rt.call("GET", "/v1/admin/rules-audit?cursor=nonsense")).status).toBe(400);
    expect((await rt.call("GET", "/v1/admin/rules")).status).toBe(200);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = (await (await rt.call("GET", "/openapi.json", { key: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/v1/admin/rules/{ruleId}"]).sort()).toEqual(["delete", "put"]);
    expect(doc.paths["/v1/admin/rules"].get).toBeDefined();
    expect(doc.paths["/v1/admin/rules-audit"].get).toBeDefined();
    expect(doc.paths["/v1/admin/status"].get).toBeDefined();
  });
});
