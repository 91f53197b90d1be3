/**
 * Request-level tests of the Meilisearch adapter: the official client talks to a recording
 * HTTP client that answers with Meilisearch-shaped responses (task summaries, task objects,
 * search and federated search results as documented), so every test pins the exact method,
 * path, query string and JSON body the adapter sends, and how it maps the answers.
 */
import { describe, expect, it } from "vitest";
import { Meilisearch, MeilisearchApiError, type MeilisearchErrorResponse } from "meilisearch";
import type { SearchDocument, SearchRequest } from "../../functions/search/engine.js";
import { MARK_END, MARK_START } from "../../functions/search/highlight.js";
import {
  SearchEngineError,
  buildFilter,
  createMeilisearchEngine,
  crossScriptForms,
  quoteFilterValue,
  toMeiliDocument,
} from "../../functions/search/meilisearch.js";
import { mergeSynonymGroups } from "../../functions/search/settings.js";
import { latinQuery, latinSearchText } from "../../functions/search/text.js";

const HOST = "http://meili.test:7700";
const INDEX = "articles-test";

// ---------------------------------------------------------------------------------------------
// A recording stand-in for the Meilisearch HTTP API
// ---------------------------------------------------------------------------------------------

interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  headers: Headers;
}

type TaskOutcome = { status: "succeeded" } | { status: "failed"; error: MeilisearchErrorResponse };

interface FakeOptions {
  /** Outcome of each enqueued task by its type; succeeded when absent. */
  taskOutcome?: (type: string) => TaskOutcome;
  /** How many polls report "processing" before the task settles. */
  pollsBeforeDone?: number;
  search?: (body: Record<string, unknown>) => unknown;
  multiSearch?: (body: Record<string, unknown>) => unknown;
  similar?: (body: Record<string, unknown>) => unknown;
  /** Passed to the engine: the name of an embedder configured on the index. */
  embedder?: string;
  fail?: (req: RecordedRequest) => Error | undefined;
}

function apiError(status: number, body: MeilisearchErrorResponse): MeilisearchApiError {
  return new MeilisearchApiError(new Response(null, { status, statusText: "Bad Request" }), body);
}

function fakeMeilisearch(options: FakeOptions = {}) {
  const requests: RecordedRequest[] = [];
  const tasks = new Map<number, { type: string; polls: number; enqueuedAt: string }>();
  const logs: string[] = [];
  let nextTaskUid = 0;

  const enqueue = (type: string) => {
    const taskUid = nextTaskUid++;
    const enqueuedAt = "2024-06-01T12:00:00.000000Z";
    tasks.set(taskUid, { type, polls: 0, enqueuedAt });
    // Summarized task object, as returned with HTTP 202 by every asynchronous route.
    return { taskUid, indexUid: INDEX, status: "enqueued", type, enqueuedAt };
  };

  const taskObject = (uid: number) => {
    const task = tasks.get(uid);
    if (!task) throw apiError(404, { message: `Task \`${uid}\` not found.`, code: "task_not_found", type: "invalid_request", link: "" });
    task.polls += 1;
    const done = task.polls > (options.pollsBeforeDone ?? 0);
    const outcome = options.taskOutcome?.(task.type) ?? { status: "succeeded" };
    const status = done ? outcome.status : "processing";
    return {
      uid,
      batchUid: uid,
      indexUid: INDEX,
      status,
      type: task.type,
      canceledBy: null,
      details: {},
      error: done && outcome.status === "failed" ? outcome.error : null,
      duration: done ? "PT0.05S" : null,
      enqueuedAt: task.enqueuedAt,
      startedAt: "2024-06-01T12:00:00.010000Z",
      finishedAt: done ? "2024-06-01T12:00:00.060000Z" : null,
    };
  };

  const route = (req: RecordedRequest): unknown => {
    const { method, path } = req;
    const body = req.body as Record<string, unknown>;
    const taskMatch = /^\/tasks\/(\d+)$/.exec(path);
    if (method === "GET" && taskMatch) return taskObject(Number(taskMatch[1]));
    if (method === "POST" && path === "/indexes") return enqueue("indexCreation");
    if (method === "PATCH" && path === `/indexes/${INDEX}/settings`) return enqueue("settingsUpdate");
    if (method === "PUT" && path === `/indexes/${INDEX}/settings/synonyms`) return enqueue("settingsUpdate");
    if (method === "POST" && path === `/indexes/${INDEX}/documents`) return enqueue("documentAdditionOrUpdate");
    if (method === "POST" && path === `/indexes/${INDEX}/documents/delete-batch`) return enqueue("documentDeletion");
    if (method === "DELETE" && path === `/indexes/${INDEX}/documents`) return enqueue("documentDeletion");
    if (method === "POST" && path === `/indexes/${INDEX}/search`) return options.search?.(body) ?? emptySearchResponse(body);
    if (method === "POST" && path === `/indexes/${INDEX}/similar`) return options.similar?.(body) ?? { hits: [], id: body.id, processingTimeMs: 0, limit: 20, offset: 0, estimatedTotalHits: 0 };
    if (method === "POST" && path === "/multi-search") return options.multiSearch?.(body) ?? emptyFederatedResponse();
    if (method === "GET" && path === "/health") return { status: "available" };
    if (method === "GET" && path === `/indexes/${INDEX}/stats`) {
      return { numberOfDocuments: 42, isIndexing: false, fieldDistribution: { id: 42, title: 42 } };
    }
    throw new Error(`unexpected request ${method} ${path}`);
  };

  const httpClient = async (...[input, init]: Parameters<typeof fetch>): Promise<unknown> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    const req: RecordedRequest = {
      method: init?.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
      headers: new Headers(init?.headers),
    };
    requests.push(req);
    const failure = options.fail?.(req);
    if (failure) throw failure;
    return route(req);
  };

  const client = new Meilisearch({ host: HOST, apiKey: "test-key", httpClient });
  const logger = { info: (line: string) => void logs.push(line), error: (line: string) => void logs.push(line) };
  const engine = createMeilisearchEngine({ host: HOST, indexUid: INDEX, client, logger, taskTimeoutMs: 2_000, embedder: options.embedder });
  /** Requests other than task polling, as "METHOD path". */
  const calls = () => requests.filter((r) => !r.path.startsWith("/tasks/")).map((r) => `${r.method} ${r.path}`);
  const polledTasks = () => requests.filter((r) => r.path.startsWith("/tasks/")).map((r) => Number(r.path.split("/")[2]));
  return { engine, requests, calls, polledTasks, logs };
}

function emptySearchResponse(body: Record<string, unknown>) {
  return { hits: [], query: body.q, processingTimeMs: 0, hitsPerPage: 10, page: 1, totalPages: 0, totalHits: 0 };
}

function emptyFederatedResponse() {
  return { hits: [], processingTimeMs: 0, hitsPerPage: 10, page: 1, totalPages: 0, totalHits: 0 };
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

function article(id: string, overrides: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    title: `Parliament vote ${id}`,
    summary: "Deputies approved the budget.",
    body: "The parliament approved the budget after a long debate.",
    url: `https://news.example/politics/${id}`,
    section: "politics",
    tags: ["budget", "parliament"],
    authors: ["Aynur Hasanova"],
    language: "en",
    publishedAt: "2024-06-01T12:00:00Z",
    imageUrl: null,
    ...overrides,
  };
}

function searchRequest(overrides: Partial<SearchRequest> = {}): SearchRequest {
  return { q: "budget", filters: {}, sort: "relevance", page: 1, limit: 10, facets: [], ...overrides };
}

/** The display part every search request carries. */
const DISPLAY_PARAMS = {
  attributesToRetrieve: ["id", "title", "url", "summary", "body", "publishedAt", "tags", "authors", "imageUrl", "language", "section"],
  attributesToHighlight: ["title", "summary", "body"],
  attributesToCrop: ["body", "summary"],
  cropLength: 30,
  cropMarker: "…",
  highlightPreTag: "\uE000",
  highlightPostTag: "\uE001",
};

const m = (word: string) => `${MARK_START}${word}${MARK_END}`;

// ---------------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------------

describe("init", () => {
  it("creates the index with an explicit primary key, waits, then applies the settings and waits", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.init();

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /indexes",
      "GET /tasks/0",
      `PATCH /indexes/${INDEX}/settings`,
      "GET /tasks/1",
    ]);
    expect(fake.requests[0].body).toEqual({ uid: INDEX, primaryKey: "id" });
    expect(fake.requests[2].body).toEqual({
      searchableAttributes: ["title", "summary", "body", "latin"],
      filterableAttributes: ["tags", "authors", "language", "section", "publishedAtTs", "month"],
      sortableAttributes: ["publishedAtTs"],
      rankingRules: ["words", "sort", "typo", "proximity", "attribute", "exactness", "publishedAtTs:desc"],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnNumbers: true },
      faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "count" } },
      pagination: { maxTotalHits: 1000 },
      stopWords: [],
      localizedAttributes: [
        { attributePatterns: ["title", "summary", "body"], locales: ["eng", "rus", "aze"] },
        { attributePatterns: ["latin"], locales: ["eng"] },
      ],
    });
    // Synonyms are managed by setSynonyms(); re-running init must not wipe them.
    expect(fake.requests[2].body).not.toHaveProperty("synonyms");
    expect(fake.requests[0].headers.get("authorization")).toBe("Bearer test-key");
    expect(fake.logs.filter((l) => l.includes("task enqueued")).map((l) => JSON.parse(l).taskUid)).toEqual([0, 1]);
  });

  it("is safe to call again: an index_already_exists failure of the creation task is accepted", async () => {
    const fake = fakeMeilisearch({
      taskOutcome: (type) =>
        type === "indexCreation"
          ? {
              status: "failed",
              error: { message: `Index \`${INDEX}\` already exists.`, code: "index_already_exists", type: "invalid_request", link: "https://docs.meilisearch.com/errors#index_already_exists" },
            }
          : { status: "succeeded" },
    });
    await expect(fake.engine.init()).resolves.toBeUndefined();
    expect(fake.calls()).toEqual(["POST /indexes", `PATCH /indexes/${INDEX}/settings`]);
  });

  it("fails with a neutral error when the settings task fails, keeping the engine's error as cause", async () => {
    const engineError = {
      message: "Attribute `publishedAtTs` is not sortable. Internal detail that must not reach clients.",
      code: "invalid_settings_ranking_rules",
      type: "invalid_request",
      link: "https://docs.meilisearch.com/errors#invalid_settings_ranking_rules",
    };
    const fake = fakeMeilisearch({
      taskOutcome: (type) => (type === "settingsUpdate" ? { status: "failed", error: engineError } : { status: "succeeded" }),
    });
    const error = await fake.engine.init().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).toBe("The search engine could not complete the init request.");
    expect((error as Error).message).not.toContain("publishedAtTs");
    expect(causes(error)).toContainEqual(engineError);
    expect(fake.logs.some((l) => l.includes("invalid_settings_ranking_rules"))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

describe("upsert", () => {
  it("sends the port's fields plus publishedAtTs, month and latin, with an explicit primary key", async () => {
    const fake = fakeMeilisearch();
    const doc = article("a1", { title: "Путин и Алиев", language: "ru", publishedAt: "2024-05-31T23:30:00Z" });
    await fake.engine.upsert([doc]);

    const [post] = fake.requests;
    expect(`${post.method} ${post.path}`).toBe(`POST /indexes/${INDEX}/documents`);
    expect(post.query).toEqual({ primaryKey: "id" });
    expect(post.body).toEqual([
      {
        ...doc,
        publishedAtTs: Date.UTC(2024, 4, 31, 23, 30) / 1000,
        month: "2024-05",
        latin: latinSearchText(`${doc.title}\n${doc.summary}\n${doc.body}`, "ru"),
      },
    ]);
  });

  it("batches 1000 documents per request and resolves only after every task succeeded", async () => {
    const fake = fakeMeilisearch({ pollsBeforeDone: 1 });
    const docs = Array.from({ length: 2500 }, (_, i) => article(`doc-${i}`));
    await fake.engine.upsert(docs);

    const posts = fake.requests.filter((r) => r.method === "POST");
    expect(posts.map((p) => (p.body as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect(posts.every((p) => p.query.primaryKey === "id")).toBe(true);
    expect(posts.flatMap((p) => (p.body as Array<{ id: string }>).map((d) => d.id))).toEqual(docs.map((d) => d.id));
    // Each task is polled until it leaves "processing": twice per task here.
    expect(fake.polledTasks()).toEqual([0, 0, 1, 1, 2, 2]);
    expect(fake.logs.filter((l) => l.includes("task enqueued")).map((l) => JSON.parse(l).taskUid)).toEqual([0, 1, 2]);
  });

  it("sends nothing for an empty list", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.upsert([]);
    expect(fake.requests).toEqual([]);
  });

  it("rejects when a document task fails, so the caller never acknowledges an unsearchable write", async () => {
    const fake = fakeMeilisearch({
      taskOutcome: () => ({
        status: "failed",
        error: { message: "Document doesn't have a `id` attribute", code: "missing_document_id", type: "invalid_request", link: "" },
      }),
    });
    await expect(fake.engine.upsert([article("a1")])).rejects.toBeInstanceOf(SearchEngineError);
  });
});

describe("remove, clear, count, ping", () => {
  it("remove deletes by id in one batch and waits for the task", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.remove(["a1", "b2"]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /indexes/${INDEX}/documents/delete-batch`, "GET /tasks/0"]);
    expect(fake.requests[0].body).toEqual(["a1", "b2"]);
  });

  it("remove of nothing sends nothing", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.remove([]);
    expect(fake.requests).toEqual([]);
  });

  it("clear deletes every document and waits for the task", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.clear();
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /indexes/${INDEX}/documents`, "GET /tasks/0"]);
  });

  it("count reads numberOfDocuments from the index stats", async () => {
    const fake = fakeMeilisearch();
    expect(await fake.engine.count()).toBe(42);
    expect(fake.calls()).toEqual([`GET /indexes/${INDEX}/stats`]);
  });

  it("ping is true when /health answers available and false (not a throw) when the server is unreachable", async () => {
    expect(await fakeMeilisearch().engine.ping()).toBe(true);
    const down = fakeMeilisearch({ fail: () => new TypeError("fetch failed") });
    expect(await down.engine.ping()).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

/**
 * Splits a filter the way Meilisearch's grammar does: text outside double quotes is syntax,
 * text inside is a value where `\x` stands for `x`. Used to prove values cannot leak into syntax.
 */
function splitFilter(filter: string): { syntax: string; values: string[] } {
  let syntax = "";
  const values: string[] = [];
  for (let i = 0; i < filter.length; i++) {
    if (filter[i] !== '"') {
      syntax += filter[i];
      continue;
    }
    let value = "";
    for (i++; i < filter.length && filter[i] !== '"'; i++) value += filter[i] === "\\" ? filter[++i] : filter[i];
    if (i >= filter.length) throw new Error(`unterminated value in ${filter}`);
    values.push(value);
    syntax += "?";
  }
  return { syntax, values };
}

describe("buildFilter", () => {
  it("returns undefined when nothing filters", () => {
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ tags: [], authors: [], language: [], section: [] })).toBeUndefined();
  });

  it("ORs values inside a filter (IN) and ANDs filters, dates as epoch-second bounds", () => {
    expect(
      buildFilter({
        tags: ["elections", "nato"],
        authors: ["Aynur Hasanova"],
        language: ["en", "ru"],
        section: ["politics"],
        from: "2024-01-01T00:00:00Z",
        to: "2024-12-31T23:59:59Z",
      }),
    ).toBe(
      'tags IN ["elections", "nato"] AND authors IN ["Aynur Hasanova"] AND language IN ["en", "ru"] AND section IN ["politics"]' +
        " AND publishedAtTs >= 1704067200 AND publishedAtTs <= 1735689599",
    );
    expect(buildFilter({ from: "2024-03-01T10:00:00.900Z" })).toBe("publishedAtTs >= 1709287200");
  });

  it("quotes and escapes hostile values so they stay values", () => {
    expect(buildFilter({ tags: ['a" OR tags = "b'] })).toBe('tags IN ["a\\" OR tags = \\"b"]');
    expect(buildFilter({ authors: ["C:\\path\\"] })).toBe('authors IN ["C:\\\\path\\\\"]');
    expect(buildFilter({ tags: ['x\\" OR 1=1 OR "'] })).toBe('tags IN ["x\\\\\\" OR 1=1 OR \\""]');
    expect(buildFilter({ section: ["line1\nline2 OR section = x"] })).toBe('section IN ["line1\nline2 OR section = x"]');
    expect(buildFilter({ tags: ["] OR tags EXISTS AND tags IN ["] })).toBe('tags IN ["] OR tags EXISTS AND tags IN ["]');
    expect(buildFilter({ tags: [""] })).toBe('tags IN [""]');
  });

  it("never lets a value change the expression's structure", () => {
    const hostile = ['a" OR tags = "b', "C:\\dir\\", '\\"', "\\", '"', 'x\\" OR "', "line\nbreak", "tab\there", "NOT x", "'single'", ")]("];
    const filter = buildFilter({ tags: hostile, authors: hostile })!;
    const { syntax, values } = splitFilter(filter);
    const placeholders = hostile.map(() => "?").join(", ");
    expect(syntax).toBe(`tags IN [${placeholders}] AND authors IN [${placeholders}]`);
    expect(values).toEqual([...hostile, ...hostile]);
  });

  it("quoteFilterValue escapes backslash before quote", () => {
    expect(quoteFilterValue('\\"')).toBe('"\\\\\\""');
  });

  it("reads a bare date as the start of that day for from and its end for to (UTC)", () => {
    expect(buildFilter({ from: "2024-02-29", to: "2024-02-29" })).toBe("publishedAtTs >= 1709164800 AND publishedAtTs <= 1709251199");
  });

  it("rejects a date bound that is not a date", () => {
    expect(() => buildFilter({ from: "yesterday" })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

const RESULT_HITS = [
  {
    ...article("a1", { title: "Budget <b>vote</b> & debate", summary: "Deputies approved the budget.", tags: ["budget"] }),
    publishedAtTs: 1717243200,
    month: "2024-06",
    _formatted: {
      title: `${m("Budget")} <b>vote</b> & debate`,
      summary: `Deputies approved the ${m("budget")}.`,
      body: `…approved the ${m("budget")} after a <script>alert(1)</script> debate…`,
    },
  },
  {
    ...article("b2", { title: "Coalition talks", summary: "Parties met on the budget.", body: "Nothing matched here." }),
    publishedAtTs: 1717156800,
    month: "2024-05",
    _formatted: {
      title: "Coalition talks",
      summary: `Parties met on the ${m("budget")}.`,
      body: "Nothing matched here.",
    },
  },
];

describe("search", () => {
  it("sends one search with filter, facets, page-based pagination, highlight and crop parameters", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.search(
      searchRequest({
        q: "  budget vote",
        filters: { tags: ['a" OR tags = "b'], language: ["en"], from: "2024-01-01T00:00:00Z" },
        page: 3,
        limit: 5,
        facets: ["tags", "month"],
      }),
    );
    expect(fake.calls()).toEqual([`POST /indexes/${INDEX}/search`]);
    expect(fake.requests[0].body).toEqual({
      q: "budget vote",
      filter: 'tags IN ["a\\" OR tags = \\"b"] AND language IN ["en"] AND publishedAtTs >= 1704067200',
      facets: ["tags", "month"],
      page: 3,
      hitsPerPage: 5,
      ...DISPLAY_PARAMS,
    });
  });

  it("relevance sort sends no sort; newest sorts by publishedAtTs:desc; an empty query is newest first", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: "budget", sort: "relevance" }));
    await fake.engine.search(searchRequest({ q: "budget", sort: "newest" }));
    await fake.engine.search(searchRequest({ q: "   ", sort: "relevance" }));
    const bodies = fake.requests.map((r) => r.body as Record<string, unknown>);
    expect(bodies[0]).not.toHaveProperty("sort");
    expect(bodies[1].sort).toEqual(["publishedAtTs:desc"]);
    expect(bodies[2]).toMatchObject({ q: "", sort: ["publishedAtTs:desc"] });
    expect(bodies[2]).not.toHaveProperty("filter");
    expect(bodies[2]).not.toHaveProperty("facets");
  });

  it("maps hits, exact totals and facets (month included); highlights keep only <mark>", async () => {
    const fake = fakeMeilisearch({
      search: (body) => ({
        hits: RESULT_HITS,
        query: body.q,
        processingTimeMs: 3,
        hitsPerPage: 10,
        page: 1,
        totalPages: 3,
        totalHits: 27,
        facetDistribution: { tags: { budget: 20, parliament: 7 }, month: { "2024-06": 15, "2024-05": 12 } },
        facetStats: {},
      }),
    });
    const result = await fake.engine.search(searchRequest({ facets: ["tags", "month", "authors"] }));

    expect(result.total).toBe(27);
    expect(result.facets).toEqual({
      tags: { budget: 20, parliament: 7 },
      month: { "2024-06": 15, "2024-05": 12 },
      authors: {},
    });
    expect(result.hits).toHaveLength(2);
    const [first, second] = result.hits;
    const { _formatted, publishedAtTs, month, ...source } = RESULT_HITS[0];
    expect(first).toEqual({
      id: source.id,
      title: source.title,
      url: source.url,
      summary: source.summary,
      publishedAt: source.publishedAt,
      tags: source.tags,
      authors: source.authors,
      imageUrl: source.imageUrl,
      language: source.language,
      section: source.section,
      highlight: {
        title: "<mark>Budget</mark> &lt;b&gt;vote&lt;/b&gt; &amp; debate",
        snippet: "…approved the <mark>budget</mark> after a &lt;script&gt;alert(1)&lt;/script&gt; debate…",
      },
    });
    // The body shows no match, so the snippet comes from the summary.
    expect(second.highlight).toEqual({ title: "Coalition talks", snippet: "Parties met on the <mark>budget</mark>." });
    expect(second).not.toHaveProperty("latin");
  });

  it("answers an invalid date bound with no matches, without a request", async () => {
    const fake = fakeMeilisearch();
    const result = await fake.engine.search(searchRequest({ filters: { to: "not-a-date" }, facets: ["tags"] }));
    expect(result).toEqual({ total: 0, hits: [], facets: { tags: {} } });
    expect(fake.requests).toEqual([]);
  });

  it("caps the total at MAX_TOTAL_HITS", async () => {
    const fake = fakeMeilisearch({ search: () => ({ hits: [], query: "x", processingTimeMs: 1, hitsPerPage: 10, page: 1, totalPages: 150, totalHits: 1500 }) });
    expect((await fake.engine.search(searchRequest())).total).toBe(1000);
  });

  it("hides the engine's error text behind a neutral error with the original as cause", async () => {
    const original = apiError(400, {
      message: "Attribute `secret_field` is not filterable. Available filterable attributes are: `tags`.",
      code: "invalid_search_filter",
      type: "invalid_request",
      link: "https://docs.meilisearch.com/errors#invalid_search_filter",
    });
    const fake = fakeMeilisearch({ fail: () => original });
    const error = await fake.engine.search(searchRequest()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).toBe("The search engine could not complete the search request.");
    expect((error as Error).message).not.toMatch(/secret_field|filterable/);
    expect(causes(error)).toContain(original);
  });

  it("maps an unreachable host the same way", async () => {
    const fake = fakeMeilisearch({ fail: () => new TypeError("fetch failed: connect ECONNREFUSED 10.0.0.7:7700") });
    const error = await fake.engine.count().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).toBe("The search engine could not complete the count request.");
    expect(causes(error).some((c) => c instanceof TypeError)).toBe(true);
  });
});

/** An error followed by its chain of causes. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && chain.length < 10; e = e instanceof Error ? e.cause : undefined) chain.push(e);
  return chain;
}

describe("cross-script search", () => {
  it("adds latinQuery(q) while the last word is open and the exact match keys when they differ from the typed words", () => {
    // Cyrillic: the prefix form carries the word; the exact keys are the same words, sent once.
    expect(crossScriptForms("Путин")).toEqual([latinQuery("Путин")]);
    // Inflected: open prefix form and exact stem key both differ.
    expect(crossScriptForms("Путина")).toEqual([latinQuery("Путина"), `${latinSearchText("Путина")} `]);
    expect(latinQuery("Путина")).not.toBe(latinSearchText("Путина"));
    // Latin names normalise to a shorter key the prefix form would never reach.
    expect(crossScriptForms("Aliyev")).toEqual([`${latinSearchText("Aliyev")} `]);
    expect(crossScriptForms("Əliyev")).toEqual([latinQuery("Əliyev"), `${latinSearchText("Əliyev")} `]);
    for (const forms of [crossScriptForms("Путин"), crossScriptForms("Путина"), crossScriptForms("Əliyev")]) {
      for (const form of forms) expect(form).toMatch(/^[a-z0-9 ]+$/);
    }
  });

  it("keeps a completed last word complete (trailing space) in every form", () => {
    const forms = crossScriptForms("Путина ");
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) expect(form.endsWith(" ")).toBe(true);
  });

  it("adds nothing when the Latin words are the typed words, or when the query uses phrase or negation", () => {
    expect(crossScriptForms("Budget, Vote")).toEqual([]);
    expect(crossScriptForms("putin")).toEqual([]);
    expect(crossScriptForms("")).toEqual([]);
    expect(crossScriptForms('"Путин встретился"')).toEqual([]);
    expect(crossScriptForms("выборы -Путин")).toEqual([]);
  });

  it("a query that needs no Latin form is one plain search, its trailing space kept", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: " Budget, Vote " }));
    expect(fake.calls()).toEqual([`POST /indexes/${INDEX}/search`]);
    expect(fake.requests[0].body).toMatchObject({ q: "Budget, Vote " });
  });

  it("sends the query as typed and its Latin forms as one federated multi-search", async () => {
    const q = "Путина";
    const forms = crossScriptForms(q);
    expect(forms).toHaveLength(2);

    const fake = fakeMeilisearch();
    await fake.engine.search(searchRequest({ q, filters: { section: ["politics"] }, page: 2, limit: 10, facets: ["language", "month"] }));

    expect(fake.calls()).toEqual(["POST /multi-search"]);
    const perQuery = { filter: 'section IN ["politics"]', ...DISPLAY_PARAMS };
    expect(fake.requests[0].body).toEqual({
      federation: { page: 2, hitsPerPage: 10, facetsByIndex: { [INDEX]: ["language", "month"] }, mergeFacets: {} },
      queries: [
        { indexUid: INDEX, q, ...perQuery },
        { indexUid: INDEX, q: forms[0], ...perQuery },
        { indexUid: INDEX, q: forms[1], ...perQuery },
      ],
    });
  });

  it("a federated search without facets sends no facet options", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: "Путин", limit: 7 }));
    expect((fake.requests[0].body as { federation: unknown }).federation).toEqual({ page: 1, hitsPerPage: 7 });
  });

  it("keeps pagination and facets out of the individual queries (Meilisearch rejects them there)", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: "Путин", sort: "newest", facets: ["tags"] }));
    const body = fake.requests[0].body as { queries: Array<Record<string, unknown>> };
    for (const query of body.queries) {
      for (const key of ["page", "hitsPerPage", "limit", "offset", "facets"]) expect(query).not.toHaveProperty(key);
      expect(query.sort).toEqual(["publishedAtTs:desc"]);
    }
  });

  it("falls back to the query as typed when the server refuses the federated request", async () => {
    const fake = fakeMeilisearch({
      fail: (req) =>
        req.path === "/multi-search"
          ? apiError(400, { message: "Unknown field `page` inside `.federation`", code: "bad_request", type: "invalid_request", link: "" })
          : undefined,
      search: (body) => ({ ...emptySearchResponse(body), hits: [RESULT_HITS[1]], totalHits: 1, totalPages: 1 }),
    });
    const result = await fake.engine.search(searchRequest({ q: "Путин", page: 2, limit: 5 }));
    expect(fake.calls()).toEqual(["POST /multi-search", `POST /indexes/${INDEX}/search`]);
    expect(fake.requests[1].body).toMatchObject({ q: "Путин", page: 2, hitsPerPage: 5 });
    expect(result.hits.map((h) => h.id)).toEqual(["b2"]);
    expect(fake.logs.some((l) => l.includes("federated search rejected"))).toBe(true);
  });

  it("does not hide other federated failures", async () => {
    const fake = fakeMeilisearch({ fail: (req) => (req.path === "/multi-search" ? new TypeError("fetch failed") : undefined) });
    await expect(fake.engine.search(searchRequest({ q: "Путин" }))).rejects.toBeInstanceOf(SearchEngineError);
    expect(fake.calls()).toEqual(["POST /multi-search"]);
  });

  it("maps the merged federated answer like a plain one", async () => {
    const fake = fakeMeilisearch({
      multiSearch: () => ({
        hits: [
          { ...RESULT_HITS[0], _federation: { indexUid: INDEX, queriesPosition: 1, weightedRankingScore: 0.97 } },
          { ...RESULT_HITS[1], _federation: { indexUid: INDEX, queriesPosition: 0, weightedRankingScore: 0.81 } },
        ],
        processingTimeMs: 4,
        hitsPerPage: 10,
        page: 1,
        totalPages: 1,
        totalHits: 2,
        facetDistribution: { language: { en: 1, ru: 1 } },
        facetStats: {},
      }),
    });
    const result = await fake.engine.search(searchRequest({ q: "Путин", facets: ["language"] }));
    expect(result.total).toBe(2);
    expect(result.hits.map((h) => h.id)).toEqual(["a1", "b2"]);
    expect(result.hits[0].highlight.title).toBe("<mark>Budget</mark> &lt;b&gt;vote&lt;/b&gt; &amp; debate");
    expect(result.facets).toEqual({ language: { en: 1, ru: 1 } });
  });
});

// ---------------------------------------------------------------------------------------------
// Suggest and synonyms
// ---------------------------------------------------------------------------------------------

describe("suggest", () => {
  it("searches titles only, with a small limit and a highlighted title", async () => {
    const fake = fakeMeilisearch({
      search: () => ({
        hits: [{ id: "a1", title: "Budget & <i>vote</i>", url: null, _formatted: { id: "a1", title: `${m("Bud")}get & <i>vote</i>`, url: null } }],
        query: "bud",
        processingTimeMs: 1,
        limit: 5,
        offset: 0,
        estimatedTotalHits: 1,
      }),
    });
    const suggestions = await fake.engine.suggest(" bud", 5);
    expect(fake.requests[0].body).toEqual({
      q: "bud",
      attributesToSearchOn: ["title"],
      attributesToRetrieve: ["id", "title", "url"],
      attributesToHighlight: ["title"],
      highlightPreTag: "\uE000",
      highlightPostTag: "\uE001",
      limit: 5,
    });
    expect(suggestions).toEqual([{ id: "a1", title: "Budget & <i>vote</i>", url: null, highlight: "<mark>Bud</mark>get &amp; &lt;i&gt;vote&lt;/i&gt;" }]);
  });

  it("answers an empty query without a request", async () => {
    const fake = fakeMeilisearch();
    expect(await fake.engine.suggest("  ", 5)).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

describe("synonyms", () => {
  it("mergeSynonymGroups maps every word of a group to all the others", () => {
    expect(mergeSynonymGroups([["EU", "European Union", "Brussels"], ["ru", "russia"]])).toEqual({
      eu: ["european union", "brussels"],
      "european union": ["eu", "brussels"],
      brussels: ["eu", "european union"],
      ru: ["russia"],
      russia: ["ru"],
    });
  });

  it("mergeSynonymGroups unions overlapping groups and drops blanks, duplicates and lone words", () => {
    expect(mergeSynonymGroups([["eu", "EU ", "union"], ["Eu", "brussels"], ["solo"], ["", "  "]])).toEqual({
      eu: ["union", "brussels"],
      union: ["eu"],
      brussels: ["eu"],
    });
  });

  it("setSynonyms replaces the index synonyms with the merged map and waits for the task", async () => {
    const fake = fakeMeilisearch();
    await fake.engine.setSynonyms([["Azerbaijan", "Азербайджан"]]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /indexes/${INDEX}/settings/synonyms`, "GET /tasks/0"]);
    expect(fake.requests[0].body).toEqual({ azerbaijan: ["азербайджан"], азербайджан: ["azerbaijan"] });
  });
});

describe("document mapping", () => {
  it("derives month in UTC and epoch seconds from publishedAt", () => {
    const doc = toMeiliDocument(article("a1", { publishedAt: "2024-02-29T23:59:59.999Z" }));
    expect(doc.publishedAtTs).toBe(1709251199);
    expect(doc.month).toBe("2024-02");
  });
});

describe("similar (semantic neighbours for related stories)", () => {
  it("is absent without an embedder, so related stories never ask", () => {
    expect(fakeMeilisearch().engine.similar).toBeUndefined();
  });

  it("asks /similar with the embedder, ids only and ranking scores, and maps the hits", async () => {
    const fake = fakeMeilisearch({
      embedder: "articles-openai",
      similar: (body) => ({
        hits: [
          { id: "b2", _rankingScore: 0.91 },
          { id: "b7", _rankingScore: 0.62 },
        ],
        id: body.id,
        processingTimeMs: 3,
        limit: body.limit,
        offset: 0,
        estimatedTotalHits: 2,
      }),
    });
    expect(await fake.engine.similar!("a1", 30)).toEqual([
      { id: "b2", score: 0.91 },
      { id: "b7", score: 0.62 },
    ]);
    expect(fake.calls()).toEqual([`POST /indexes/${INDEX}/similar`]);
    expect(fake.requests[0].body).toEqual({ id: "a1", embedder: "articles-openai", limit: 30, attributesToRetrieve: ["id"], showRankingScore: true });
  });

  it("hides the engine's error behind a neutral error", async () => {
    const fake = fakeMeilisearch({
      embedder: "missing",
      fail: (req) => (req.path.endsWith("/similar") ? apiError(400, { message: "Cannot find embedder with name `missing`.", code: "invalid_similar_embedder", type: "invalid_request", link: "" }) : undefined),
    });
    const error = await fake.engine.similar!("a1", 5).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).not.toContain("embedder");
  });
});
