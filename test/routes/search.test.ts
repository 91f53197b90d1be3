import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { QueryCommand } from "../../functions/store/dynamo.js";
import { startTestRuntime, TEST_ADMIN_ONLY_KEY, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { searchQueriesPartition } from "../../functions/store/keys.js";

let rt: TestRuntime;

/** A small corpus where each filter excludes exactly one budget article. */
const BUDGET = {
  id: "s-budget-deal",
  title: 'Budget "deal" & <reform> vote in parliament',
  body: 'Deputies passed the budget "deal" & the <reform> package by 78 votes to 12 after a night session.',
  tags: ["Budget", "Parliament"],
  authors: ["Leyla Mammadova"],
  language: "en",
  section: "politics",
  publishedAt: "2026-03-01T10:00:00Z",
};
const CORPUS = [
  BUDGET,
  { id: "s-budget-regions", title: "Regional budget talks stall", body: "Governors asked for a larger budget share for roads.", tags: ["budget", "regions"], authors: ["Ivan Petrov"], language: "en", section: "economy", publishedAt: "2026-02-10T08:00:00Z" },
  { id: "s-budget-schools", title: "Budget cuts hit schools", body: "Teachers protested the budget cuts in the capital.", tags: ["budget", "education"], authors: ["Leyla Mammadova"], language: "ru", section: "politics", publishedAt: "2026-02-20T08:00:00Z" },
  { id: "s-budget-hearing", title: "Budget hearing postponed", body: "The committee postponed the budget hearing until January.", tags: ["budget"], authors: ["Leyla Mammadova"], language: "en", section: "politics", publishedAt: "2025-12-20T08:00:00Z" },
  { id: "s-budget-late", title: "Budget amendments tabled", body: "Opposition deputies tabled budget amendments on pensions.", tags: ["budget"], authors: ["Leyla Mammadova"], language: "en", section: "politics", publishedAt: "2026-03-05T08:00:00Z" },
  { id: "s-ceasefire", title: "Ceasefire monitors arrive in the border villages", body: "Monitors from the mission reached the villages on the border.", tags: ["security"], authors: ["Desk"], language: "en", section: "politics", publishedAt: "2026-01-15T08:00:00Z" },
  { id: "s-blentara", title: "Blentara talks resume in Geneva", body: "Delegations returned to the table for the blentara round.", tags: ["diplomacy"], authors: ["Desk"], language: "en", section: "politics", publishedAt: "2026-01-10T08:00:00Z" },
];

beforeAll(async () => {
  rt = await startTestRuntime({ env: { TRUST_PROXY: "true" } });
  const articles = CORPUS.map((a) => ({ ...a, url: `https://newsline.example/politics/${a.id}` }));
  const res = await rt.call("POST", "/v1/articles/batch", { body: { articles } });
  expect(res.status).toBe(200);
  const { results } = (await res.json()) as { results: { status: string }[] };
  expect(results.every((r) => r.status === "created")).toBe(true);
  await rt.indexed();
});
afterAll(async () => rt?.stop());

interface Hit { id: string; title: string; publishedAt: string; tags: string[]; highlight: { title: string; snippet: string } }
interface SearchBody { query: string; total: number; page: number; limit: number; hits: Hit[]; facets: Record<string, Record<string, number>>; suggestion?: string }
interface Problem { type: string; status: number; detail: string; errors?: { field: string; message: string }[] }

async function search(params: Record<string, string | number>, address?: string): Promise<SearchBody> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await rt.call("GET", `/v1/search?${qs}`, { key: null, address });
  expect(res.status).toBe(200);
  return (await res.json()) as SearchBody;
}
const ids = (body: SearchBody) => body.hits.map((h) => h.id).sort();

async function expectProblem(res: Response, status: number, field?: string): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const problem = (await res.json()) as Problem;
  expect(problem.status).toBe(status);
  if (field) expect(problem.errors?.map((e) => e.field)).toContain(field);
  return problem;
}
const getPublic = (url: string) => rt.call("GET", url, { key: null });

describe("GET /v1/search", () => {
  it("finds the right article with <mark> highlights and the rest HTML-escaped", async () => {
    const body = await search({ q: "reform vote" });
    expect(body.hits[0].id).toBe(BUDGET.id);
    expect(body.query).toBe("reform vote");
    const { title, snippet } = body.hits[0].highlight;
    expect(title).toBe('Budget &quot;deal&quot; &amp; &lt;<mark>reform</mark>&gt; <mark>vote</mark> in parliament');
    expect(snippet).toContain("&quot;deal&quot; &amp; the &lt;<mark>reform</mark>&gt;");
    expect(snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>"]/);
  });

  it("matches a prefix of the last word and tolerates a typo", async () => {
    expect((await search({ q: "ceasefire monit" })).hits[0]?.id).toBe("s-ceasefire");
    expect((await search({ q: "ceasfire" })).hits[0]?.id).toBe("s-ceasefire");
  });

  it("keeps a trailing blank up to the engine: the last word is then whole, not a prefix", async () => {
    expect(ids(await search({ q: "hearing postp" }))).toEqual(["s-budget-hearing"]);
    // Whole, "postp" is a word no story holds: it finds nothing (and beside "hearing" it is dropped).
    const whole = await search({ q: "postp " });
    expect(whole.total).toBe(0);
    expect(whole.query).toBe("postp ");
    expect(ids(await search({ q: "postp" }))).toEqual(["s-budget-hearing"]);
    expect((await search({ q: "  hearing" })).query).toBe("hearing");
  });

  it("says which spelling the index knows when only typos matched or nothing did", async () => {
    const typo = await search({ q: "postpoend " });
    expect(typo.hits[0]?.id).toBe("s-budget-hearing");
    expect(typo.suggestion).toBe("postponed");
    expect((await search({ q: "postponed" })).suggestion).toBeUndefined();
    expect((await search({ q: "qwzxv postpoend " })).suggestion).toBe("qwzxv postponed");
  });

  it("marks a query word in every hit", async () => {
    for (const q of ["budget", "budget cuts schools", "postpoend", "talks"]) {
      for (const hit of (await search({ q })).hits) expect(`${hit.highlight.title} ${hit.highlight.snippet}`, `${q} → ${hit.id}`).toContain("<mark>");
    }
  });

  it("combines filters with AND and values of one filter with OR", async () => {
    const all = ["s-budget-deal", "s-budget-hearing", "s-budget-late", "s-budget-regions", "s-budget-schools"];
    expect(ids(await search({ q: "budget" }))).toEqual(all);
    const narrowed = await search({
      q: "budget", tags: "BUDGET", authors: "leyla mammadova", language: "en", section: "politics", from: "2026-01-01", to: "2026-03-01",
    });
    expect(ids(narrowed)).toEqual([BUDGET.id]); // `to` as a date covers that whole day
    expect(ids(await search({ q: "budget", tags: "education,regions" }))).toEqual(["s-budget-regions", "s-budget-schools"]);
    expect(ids(await search({ q: "budget", tags: "education,regions", section: "politics" }))).toEqual(["s-budget-schools"]);
    expect(ids(await search({ q: "budget", from: "2026-03-01T12:00:00Z" }))).toEqual(["s-budget-late"]);
    expect(ids(await search({ q: "budget", to: "2025-12-31" }))).toEqual(["s-budget-hearing"]);
  });

  it("counts facets over every match, not only the page", async () => {
    const body = await search({ q: "budget", limit: 1, facets: "tags,authors,language,month" });
    expect(body.hits).toHaveLength(1);
    expect(body.total).toBe(5);
    expect(body.facets.tags).toMatchObject({ budget: 5, parliament: 1, regions: 1, education: 1 });
    expect(body.facets.authors).toEqual({ "Leyla Mammadova": 4, "Ivan Petrov": 1 });
    expect(body.facets.language).toEqual({ en: 4, ru: 1 });
    expect(body.facets.month).toEqual({ "2026-03": 2, "2026-02": 2, "2025-12": 1 });
    expect((await search({ q: "budget" })).facets).toEqual({});
  });

  it("filters by a list of months, not a range between them", async () => {
    expect(ids(await search({ q: "budget", month: "2026-03,2025-12" }))).toEqual(["s-budget-deal", "s-budget-hearing", "s-budget-late"].sort());
    await expectProblem(await getPublic("/v1/search?q=budget&month=2026-13"), 400, "query.month");
  });

  it("with facetCounts=disjunctive, counts a facet without its own selection and the others within it", async () => {
    const params = { q: "budget", limit: 1, facets: "authors,language,month", authors: "Ivan Petrov" };
    const filtered = await search(params);
    expect(filtered.facets.authors).toEqual({ "Ivan Petrov": 1 });
    const disjunctive = await search({ ...params, facetCounts: "disjunctive" });
    expect(disjunctive.total).toBe(1); // the hits still obey every filter
    expect(disjunctive.facets.authors).toEqual({ "Leyla Mammadova": 4, "Ivan Petrov": 1 });
    expect(disjunctive.facets.language).toEqual(filtered.facets.language); // not selected: within the filters
    const twoMonths = await search({ q: "budget", facets: "month", month: "2026-03", facetCounts: "disjunctive" });
    expect(twoMonths.facets.month).toEqual({ "2026-03": 2, "2026-02": 2, "2025-12": 1 });
  });

  it("says whether total is exact", async () => {
    const res = await getPublic("/v1/search?q=budget");
    expect(((await res.json()) as { totalRelation: string }).totalRelation).toBe("eq");
  });

  it("lists newest first for an empty query and for sort=newest", async () => {
    const browse = await search({ q: "", limit: 50 });
    expect(browse.total).toBe(CORPUS.length);
    const dates = browse.hits.map((h) => h.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(browse.hits[0].highlight.title).toBe("Budget amendments tabled");
    expect(browse.hits.find((h) => h.id === BUDGET.id)!.highlight.title).toBe('Budget &quot;deal&quot; &amp; &lt;reform&gt; vote in parliament');

    const newest = await search({ q: "budget", sort: "newest" });
    expect(newest.hits.map((h) => h.id)).toEqual(["s-budget-late", "s-budget-deal", "s-budget-schools", "s-budget-regions", "s-budget-hearing"]);
  });

  it("pages through results", async () => {
    const page2 = await search({ q: "budget", sort: "newest", page: 2, limit: 2 });
    expect(page2).toMatchObject({ total: 5, page: 2, limit: 2 });
    expect(page2.hits.map((h) => h.id)).toEqual(["s-budget-schools", "s-budget-regions"]);
  });

  it("treats hostile filter values as plain values: 200, and nothing leaks", async () => {
    const hostile = ['budget") OR ("1"="1', "budget OR parliament", "(budget)", "budget\\", "' OR ''='", "*"];
    for (const value of hostile) {
      for (const filter of ["tags", "authors", "language", "section"]) {
        const body = await search({ q: "budget", [filter]: value });
        expect(body.total, `${filter}=${value}`).toBe(0);
      }
      expect((await search({ q: "", tags: value })).total).toBe(0);
    }
    // One hostile value beside a real one widens nothing.
    expect(ids(await search({ q: "", tags: 'regions,x") OR tags:*', authors: "Ivan Petrov" }))).toEqual(["s-budget-regions"]);
  });

  it("answers hostile query text with 200", async () => {
    for (const q of ['budget" OR "x', ") OR (", "NEAR(budget", "budget*", '"', "\\", "title:budget", "-budget", "^"]) {
      const res = await getPublic(`/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
  });

  it("answers a pasted paragraph, and refuses a query past 1,000 characters", async () => {
    const paragraph = `What articles exist about the budget ${"and the parliament vote on it ".repeat(20)}`;
    expect(paragraph.length).toBeGreaterThan(500);
    const res = await getPublic(`/v1/search?q=${encodeURIComponent(paragraph)}`);
    expect(res.status).toBe(200);
    await expectProblem(await getPublic(`/v1/search?q=${"budget ".repeat(150)}`), 400, "query.q");
  });

  it("rejects an unknown facet with problem+json naming the field", async () => {
    const problem = await expectProblem(await getPublic("/v1/search?q=budget&facets=tags,bogus"), 400, "query.facets");
    expect(problem.detail).toContain("bogus");
  });

  it("rejects paging past 1000 results, a bad date and an out-of-range limit", async () => {
    await expectProblem(await getPublic("/v1/search?q=budget&page=30&limit=50"), 400, "query.page");
    await expectProblem(await getPublic("/v1/search?q=budget&page=0"), 400, "query.page");
    await expectProblem(await getPublic("/v1/search?q=budget&from=yesterday"), 400, "query.from");
    await expectProblem(await getPublic("/v1/search?q=budget&to=01/03/2026"), 400, "query.to");
    // Dates that do not exist, and date-times without a zone (they would mean the server's local time).
    for (const from of ["2026-13-45", "2026-02-30", "2026-03-01T99:99Z", "2026-03-01T10:00"]) {
      await expectProblem(await getPublic(`/v1/search?q=budget&from=${encodeURIComponent(from)}`), 400, "query.from");
    }
    for (const from of ["2026-02-28", "2026-03-01T10:00Z", "2026-03-01T10:00:00.5+04:00"]) {
      expect((await getPublic(`/v1/search?q=budget&from=${encodeURIComponent(from)}`)).status).toBe(200);
    }
    for (const limit of ["0", "51", "ten"]) await expectProblem(await getPublic(`/v1/search?q=budget&limit=${limit}`), 400, "query.limit");
    await expectProblem(await getPublic("/v1/search?q=budget&sort=oldest"), 400, "query.sort");
    expect((await getPublic("/v1/search?q=budget&page=20&limit=50")).status).toBe(200); // exactly 1000
  });
});

describe("GET /v1/suggest", () => {
  interface SuggestBody { suggestions: { id: string; title: string; highlight: string }[]; queries: { query: string }[] }
  const suggest = async (q: string, limit?: number): Promise<SuggestBody> => {
    const res = await getPublic(`/v1/suggest?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ""}`);
    expect(res.status).toBe(200);
    return (await res.json()) as SuggestBody;
  };

  it("completes titles as the words are typed", async () => {
    for (const typed of ["Cea", "ceasefire", "ceasefire mon"]) {
      const { suggestions } = await suggest(typed);
      expect(suggestions[0], typed).toMatchObject({ id: "s-ceasefire", title: "Ceasefire monitors arrive in the border villages" });
    }
    const { suggestions } = await suggest("ceasefire mon");
    expect(suggestions[0].highlight).toBe("<mark>Ceasefire</mark> <mark>monitors</mark> arrive in the border villages");
    const regional = await suggest("regional bud");
    expect(regional.suggestions.map((s) => s.id)).toEqual(["s-budget-regions"]);
  });

  it("escapes titles in the highlight and respects the limit", async () => {
    const all = await suggest("budget");
    expect(all.suggestions.length).toBe(5);
    expect(all.suggestions.find((s) => s.id === BUDGET.id)!.highlight).toBe(
      '<mark>Budget</mark> &quot;deal&quot; &amp; &lt;reform&gt; vote in parliament',
    );
    expect((await suggest("budget", 2)).suggestions).toHaveLength(2);
    await expectProblem(await getPublic("/v1/suggest?q=budget&limit=21"), 400, "query.limit");
  });

  it("answers an empty query with empty lists", async () => {
    expect(await suggest("")).toEqual({ suggestions: [], queries: [] });
    expect(await suggest("   ")).toEqual({ suggestions: [], queries: [] });
  });
});

describe("/v1/admin/synonyms", () => {
  it("needs a key with the admin scope", async () => {
    const body = { groups: [["a", "b"]] };
    await expectProblem(await rt.call("PUT", "/v1/admin/synonyms", { body, key: null }), 401);
    await expectProblem(await rt.call("PUT", "/v1/admin/synonyms", { body, key: TEST_WRITER_KEY }), 403);
    await expectProblem(await rt.call("GET", "/v1/admin/synonyms", { key: null }), 401);
    await expectProblem(await rt.call("GET", "/v1/admin/synonyms", { key: TEST_WRITER_KEY }), 403);
  });

  it("stores the groups and search applies them at once", async () => {
    expect((await search({ q: "quorvex" })).total).toBe(0);
    const put = await rt.call("PUT", "/v1/admin/synonyms", { key: TEST_ADMIN_ONLY_KEY, body: { groups: [["Quorvex", " blentara ", "quorvex"]] } });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ groups: [["quorvex", "blentara"]] });

    const got = await rt.call("GET", "/v1/admin/synonyms", { key: TEST_ADMIN_ONLY_KEY });
    expect(await got.json()).toEqual({ groups: [["quorvex", "blentara"]] });

    const found = await search({ q: "quorvex" });
    expect(ids(found)).toEqual(["s-blentara"]);
    expect(found.hits[0].highlight.title).toBe("<mark>Blentara</mark> talks resume in Geneva");
  });

  it("rejects a malformed body with problem+json", async () => {
    await expectProblem(await rt.call("PUT", "/v1/admin/synonyms", { body: { groups: [["alone"]] } }), 400, "body.groups.0");
    await expectProblem(await rt.call("PUT", "/v1/admin/synonyms", { body: { groups: "eu=european union" } }), 400, "body.groups");
    await expectProblem(await rt.call("PUT", "/v1/admin/synonyms", { body: {} }), 400, "body.groups");
    // Nothing of the rejected bodies was stored.
    expect(await (await rt.call("GET", "/v1/admin/synonyms")).json()).toEqual({ groups: [["quorvex", "blentara"]] });
  });
});

describe("/v1/admin/ranking", () => {
  it("needs the admin scope, stores the default half-life and validates it", async () => {
    await expectProblem(await rt.call("PUT", "/v1/admin/ranking", { body: { recencyHalfLifeDays: 7 }, key: TEST_WRITER_KEY }), 403);
    await expectProblem(await rt.call("GET", "/v1/admin/ranking", { key: null }), 401);
    const put = await rt.call("PUT", "/v1/admin/ranking", { key: TEST_ADMIN_ONLY_KEY, body: { recencyHalfLifeDays: 7 } });
    expect(put.status).toBe(200);
    expect(await (await rt.call("GET", "/v1/admin/ranking", { key: TEST_ADMIN_ONLY_KEY })).json()).toEqual({ recencyHalfLifeDays: 7 });
    await expectProblem(await rt.call("PUT", "/v1/admin/ranking", { key: TEST_ADMIN_ONLY_KEY, body: { recencyHalfLifeDays: -1 } }), 400, "body.recencyHalfLifeDays");
    expect(await (await rt.call("GET", "/v1/admin/ranking", { key: TEST_ADMIN_ONLY_KEY })).json()).toEqual({ recencyHalfLifeDays: 7 });
  });

  it("accepts a half-life per search and rejects a negative one", async () => {
    expect((await search({ q: "budget", halfLife: "0" })).total).toBe(5);
    await expectProblem(await rt.call("GET", "/v1/search?q=budget&halfLife=-3"), 400, "query.halfLife");
  });
});

describe("search analytics", () => {
  interface Stat { query: string; searches: number; zeroResults: number }
  interface Analytics { from: string; to: string; topQueries: Stat[]; zeroResultQueries: Stat[] }
  const today = () => new Date().toISOString().slice(0, 10);
  const analytics = async (params = "limit=200"): Promise<Analytics> => {
    const res = await rt.call("GET", `/v1/admin/search-analytics?${params}`, { key: TEST_ADMIN_ONLY_KEY });
    expect(res.status).toBe(200);
    return (await res.json()) as Analytics;
  };
  const suggestedQueries = async (q: string) =>
    ((await (await getPublic(`/v1/suggest?q=${q}`)).json()) as { queries: { query: string; highlight: string }[] }).queries;
  const visitor = "visitor_0123456789abcdef";

  beforeAll(async () => {
    // Loads the popular-queries cache before these searches, so the refresh below is observable.
    expect(await suggestedQueries("ceasef")).toEqual([]);
    // Three readers on three addresses: autocomplete may learn the query.
    for (const [i, q] of ["Ceasefire   Monitors", "ceasefire monitors", " CEASEFIRE monitors "].entries()) await search({ q, visitor }, `192.0.2.${i + 1}`);
    await search({ q: "ceasefire monitors", page: 2, limit: 1, visitor }); // paging is not another search
    for (let i = 0; i < 5; i++) await search({ q: "ceasefire border" }, "198.51.100.9"); // one address, however often: not learnt
    await search({ q: "qqzzxv", visitor });
    await search({ q: "QQZZXV" });
    await search({ q: "" }); // browsing is not a search
    await search({ q: "!!!" }); // nor is punctuation without a word
    await search({ q: "!!!" });
    await rt.services.queryCounter.flush(Infinity); // every query counts as complete: nobody is typing on

  });

  it("lists top queries, normalised, with counts, and zero-result queries", async () => {
    const body = await analytics();
    expect(body.to).toBe(today());
    const top = new Map(body.topQueries.map((s) => [s.query, s]));
    expect(top.get("ceasefire monitors")).toEqual({ query: "ceasefire monitors", searches: 3, zeroResults: 0 });
    expect(top.get("ceasefire border")).toEqual({ query: "ceasefire border", searches: 5, zeroResults: 0 });
    expect(top.get("qqzzxv")).toEqual({ query: "qqzzxv", searches: 2, zeroResults: 2 });
    expect([...top.keys()].some((q) => q !== q.toLowerCase() || /\s{2}|^\s|\s$/.test(q) || q === "")).toBe(false);
    const counts = body.topQueries.map((s) => s.searches);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    expect(body.zeroResultQueries.find((s) => s.query === "qqzzxv")).toEqual({ query: "qqzzxv", searches: 2, zeroResults: 2 });
    expect(body.zeroResultQueries.every((s) => s.zeroResults > 0)).toBe(true);
    expect(body.zeroResultQueries.some((s) => s.query === "ceasefire monitors")).toBe(false);
    expect((await analytics("limit=1")).topQueries).toHaveLength(1);
    expect(top.has("!!!")).toBe(false);
  });

  it("stores counts per day and query, and no visitor id or address", async () => {
    const { db } = rt.services;
    const out = await db.doc.send(
      new QueryCommand({ TableName: db.table, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": searchQueriesPartition(today()) } }),
    );
    const items = out.Items ?? [];
    expect(items.find((i) => i.query === "ceasefire monitors")).toMatchObject({ searches: 3, zeroResults: 0 });
    for (const item of items) {
      expect(Object.keys(item).filter((k) => k !== "addresses").sort()).toEqual(["expiresAt", "gsi3pk", "gsi3sk", "pk", "query", "searches", "sk", "zeroResults"]);
    }
    expect(items.find((i) => i.query === "ceasefire monitors")?.addresses?.size).toBe(3);
    expect(items.find((i) => i.query === "ceasefire border")?.addresses?.size).toBe(1);
    expect(JSON.stringify(items, (_k, v) => (v instanceof Set ? [...v] : v))).not.toMatch(new RegExp(`${visitor}|192\\.0\\.2|198\\.51`));
  });

  it("validates the period and needs the admin scope", async () => {
    const ask = (params: string, key: string | null = TEST_ADMIN_ONLY_KEY) => rt.call("GET", `/v1/admin/search-analytics?${params}`, { key });
    await expectProblem(await ask("from=2026-03-10&to=2026-03-01"), 400, "query.from");
    await expectProblem(await ask("from=2026-01-01&to=2026-03-01"), 400, "query.from");
    await expectProblem(await ask("from=last-week"), 400, "query.from");
    await expectProblem(await ask("from=2026-02-30&to=2026-03-02"), 400, "query.from");
    await expectProblem(await ask("limit=0"), 400, "query.limit");
    expect((await ask("from=2026-01-01&to=2026-01-31")).status).toBe(200);
    await expectProblem(await ask("", null), 401);
    await expectProblem(await ask("", TEST_WRITER_KEY), 403);
  });

  it("suggests frequent successful queries once the popular list refreshes", async () => {
    // Cached for five minutes: the searches above are not visible yet.
    expect(await suggestedQueries("ceasef")).toEqual([]);
    const realNow = Date.now;
    const later = vi.spyOn(Date, "now").mockImplementation(() => realNow() + 5 * 60_000 + 1000);
    try {
      expect(await suggestedQueries("ceasef")).toEqual([{ query: "ceasefire monitors", highlight: "<mark>ceasef</mark>ire monitors" }]);
      expect(await suggestedQueries("CEASEFIRE%20%20mon")).toEqual([{ query: "ceasefire monitors", highlight: "<mark>ceasefire mon</mark>itors" }]);
      expect(await suggestedQueries("qqz")).toEqual([]); // zero results
      expect(await suggestedQueries("ceasefire%20monitors")).toEqual([]); // already typed in full
      expect(await suggestedQueries("ceasefire%20b")).toEqual([]); // one address searched it: not learnt
    } finally {
      later.mockRestore();
    }
  });
});

describe("/openapi.json", () => {
  it("lists every parameter of the search routes with the same validation as the handlers", async () => {
    const doc = (await (await getPublic("/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema?: { enum?: string[] } }[] }>>;
    };
    const params = (path: string, method: string) => (doc.paths[path]?.[method]?.parameters ?? []).map((p) => p.name).sort();
    expect(params("/v1/search", "get")).toEqual(["authors", "collapse", "facetCounts", "facets", "from", "halfLife", "language", "limit", "month", "page", "q", "section", "sort", "tags", "to"]);
    expect(params("/v1/suggest", "get")).toEqual(["limit", "q"]);
    expect(params("/v1/admin/search-analytics", "get")).toEqual(["from", "limit", "to"]);
    expect(Object.keys(doc.paths["/v1/admin/synonyms"] ?? {}).sort()).toEqual(["get", "put"]);
    expect(Object.keys(doc.paths["/v1/admin/ranking"] ?? {}).sort()).toEqual(["get", "put"]);
    const sort = doc.paths["/v1/search"].get.parameters!.find((p) => p.name === "sort");
    expect(sort?.schema?.enum).toEqual(["relevance", "newest"]);
  });
});
