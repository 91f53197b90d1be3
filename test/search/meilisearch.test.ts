/**
 * Request-level tests of the Meilisearch adapter. The official client talks over HTTP to the fake
 * of test/support/fake-meilisearch.ts, which checks every request against Meilisearch's published
 * OpenAPI document and the server version it plays, runs tasks through their lifecycle and answers
 * with Meilisearch's status codes and error objects. The tests pin method, path, query and JSON body
 * of what the adapter sends, and how it maps the answers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MeilisearchApiError } from "meilisearch";
import type { SearchDocument, SearchRequest } from "../../functions/search/engine.js";
import { MARK_END, MARK_START } from "../../functions/search/highlight.js";
import {
  MIN_MEILISEARCH_VERSION,
  SearchEngineError,
  UnsupportedMeilisearchVersion,
  buildFilter,
  createMeilisearchEngine,
  crossScriptForms,
  quoteFilterValue,
  fromDocumentId,
  titleHighlight,
  toDocumentId,
  toMeiliDocument,
  versionAtLeast,
} from "../../functions/search/meilisearch.js";
import { MEILISEARCH_SETTINGS, mergeSynonymGroups } from "../../functions/search/settings.js";
import { foldText, latinQuery, latinSearchText } from "../../functions/text/index.js";
import { FakeMeilisearch, emptyHits, meiliError, type FakeMeilisearchOptions } from "../support/fake-meilisearch.js";
import { FilterSyntaxError, parseQuotedValue, quotedBy, splitFilter, unescape } from "../support/meilisearch-filter-grammar.js";
import { checkRequest, checkResponse } from "../support/meilisearch-spec.js";
import snapshots from "../fixtures/meilisearch-snapshots.json" with { type: "json" };
import { takeRejected } from "../support/meilisearch-validation.js";

const INDEX = "articles-test";

const running: FakeMeilisearch[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.stop()));
});

interface TestFakeOptions extends FakeMeilisearchOptions {
  /** Passed to the engine: the name of an embedder configured on the index. */
  embedder?: string;
}

async function fakeMeilisearch(options: TestFakeOptions = {}) {
  const server = new FakeMeilisearch({ indexes: [INDEX], ...options });
  running.push(server);
  const host = await server.start();
  const logs: string[] = [];
  const logger = { info: (line: string) => void logs.push(line), error: (line: string) => void logs.push(line) };
  const engine = createMeilisearchEngine({ host, apiKey: "test-key", indexUid: INDEX, logger, taskTimeoutMs: 2_000, taskPollIntervalMs: 1, embedder: options.embedder });
  const polledTasks = () => server.requests.filter((r) => r.path.startsWith("/tasks/")).map((r) => Number(r.path.split("/")[2]));
  /** Requests other than task polling and the version read. */
  const work = () => server.requests.filter((r) => !r.path.startsWith("/tasks/") && r.path !== "/version");
  return { engine, server, requests: server.requests, calls: () => server.calls(), work, polledTasks, logs };
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
  matchingStrategy: "frequency",
  attributesToRetrieve: ["id", "title", "url", "summary", "body", "publishedAt", "tags", "authors", "imageUrl", "language", "section", "storyId", "titleLatin", "summaryLatin"],
  attributesToHighlight: ["title", "titleLatin", "summary", "summaryLatin", "body"],
  attributesToCrop: ["body", "summary"],
  cropLength: 30,
  cropMarker: "…",
  highlightPreTag: "\uE000",
  highlightPostTag: "\uE001",
};

const m = (word: string) => `${MARK_START}${word}${MARK_END}`;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** An error followed by its chain of causes. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && chain.length < 10; e = e instanceof Error ? e.cause : undefined) chain.push(e);
  return chain;
}

// ---------------------------------------------------------------------------------------------
// The fake and the published API
// ---------------------------------------------------------------------------------------------

describe("requests are checked against Meilisearch's published OpenAPI document", () => {
  it("accepts the adapter's settings, and refuses a malformed one as Meilisearch does (400 invalid_settings_*)", async () => {
    expect(checkRequest({ method: "PATCH", path: `/indexes/${INDEX}/settings`, query: {}, body: MEILISEARCH_SETTINGS }).problems).toEqual([]);
    const fake = new FakeMeilisearch({ indexes: [INDEX] });
    const answer = fake.handle({ method: "PATCH", path: `/indexes/${INDEX}/settings`, query: {}, body: { typoTolerance: { minWordSizeForTypos: { oneTypo: -1 } } } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: "invalid_settings_typo_tolerance", type: "invalid_request", link: "https://docs.meilisearch.com/errors#invalid_settings_typo_tolerance" });
    const unknownField = fake.handle({ method: "PATCH", path: `/indexes/${INDEX}/settings`, query: {}, body: { localizedAttributes: [{ attributePatterns: ["title"], locales: ["klingon"] }] } });
    expect(unknownField).toMatchObject({ status: 400, body: { code: "invalid_settings_localized_attributes" } });
    expect(takeRejected()).toHaveLength(2);
  });

  it("refuses unknown search parameters, a route the API does not have, and an unknown query parameter", () => {
    const fake = new FakeMeilisearch({ indexes: [INDEX] });
    expect(fake.handle({ method: "POST", path: `/indexes/${INDEX}/search`, query: {}, body: { q: "x", hitsPerPages: 5 } })).toMatchObject({ status: 400 });
    expect(fake.handle({ method: "POST", path: `/indexes/${INDEX}/query`, query: {}, body: {} })).toMatchObject({ status: 404 });
    expect(fake.handle({ method: "POST", path: `/indexes/${INDEX}/documents`, query: { primary: "id" }, body: [] })).toMatchObject({ status: 400 });
    expect(takeRejected()).toHaveLength(3);
  });

  it("takes attribute lists where the document types attribute patterns loosely (facets, facetsByIndex)", () => {
    expect(checkRequest({ method: "POST", path: `/indexes/${INDEX}/search`, query: {}, body: { q: "x", facets: ["tags"] } }).problems).toEqual([]);
    expect(checkRequest({ method: "POST", path: "/multi-search", query: {}, body: { federation: { facetsByIndex: { [INDEX]: ["tags"] } }, queries: [{ indexUid: INDEX }] } }).problems).toEqual([]);
    expect(checkRequest({ method: "POST", path: `/indexes/${INDEX}/search`, query: {}, body: { q: "x", facets: "tags" } }).problems).not.toEqual([]);
  });

  it("fails a whole document batch for one invalid document id (invalid_document_id)", () => {
    const fake = new FakeMeilisearch({ indexes: [INDEX] });
    fake.handle({ method: "POST", path: `/indexes/${INDEX}/documents`, query: { primaryKey: "id" }, body: [{ id: "ok" }, { id: "reuters:1" }] });
    fake.handle({ method: "GET", path: "/tasks/0", query: {}, body: undefined });
    expect(fake.handle({ method: "GET", path: "/tasks/0", query: {}, body: undefined }).body).toMatchObject({ status: "failed", error: { code: "invalid_document_id" } });
  });

  it("runs a task through enqueued → processing → succeeded, one step per poll", () => {
    const fake = new FakeMeilisearch({ indexes: [INDEX] });
    const enqueued = fake.handle({ method: "DELETE", path: `/indexes/${INDEX}/documents`, query: {}, body: undefined });
    expect(enqueued).toMatchObject({ status: 202, body: { taskUid: 0, status: "enqueued", type: "documentDeletion" } });
    const poll = () => fake.handle({ method: "GET", path: "/tasks/0", query: {}, body: undefined }).body as Record<string, unknown>;
    expect(poll()).toMatchObject({ status: "processing", error: null, duration: null });
    expect(poll()).toMatchObject({ status: "succeeded", error: null, duration: "PT0.005S" });
    expect(poll()).toHaveProperty("finishedAt");
  });

  it("answers a document write on a full disk with 422 no_space_left_on_device", () => {
    const fake = new FakeMeilisearch({ indexes: [INDEX] });
    fake.diskFull = true;
    expect(fake.handle({ method: "POST", path: `/indexes/${INDEX}/documents`, query: { primaryKey: "id" }, body: [{ id: "a" }] })).toEqual({
      status: 422,
      body: { message: "No space left on device", code: "no_space_left_on_device", type: "system", link: "https://docs.meilisearch.com/errors#no_space_left_on_device" },
    });
  });

  it("agrees with Meilisearch's own test snapshots: their requests pass or fail as the server answered, their answers fit the documented responses", () => {
    for (const example of [snapshots.federationMultipleSearchSingleIndex, snapshots.federationNoQueries]) {
      const { problems } = checkRequest({ method: "POST", path: "/multi-search", query: {}, body: example.request });
      expect(problems.length === 0).toBe(example.status === 200);
      expect(checkResponse("POST", "/multi-search", example.status, example.response)).toEqual([]);
    }
    expect(checkResponse("POST", "/multi-search", 200, { ...snapshots.federationMultipleSearchSingleIndex.response, estimatedTotalHits: undefined })).not.toEqual([]);
  });

  it("plays older servers: version-gated fields are refused with 400", () => {
    const old = new FakeMeilisearch({ indexes: [INDEX], version: "1.14.1" });
    expect(old.handle({ method: "PATCH", path: `/indexes/${INDEX}/settings`, query: {}, body: MEILISEARCH_SETTINGS })).toMatchObject({ status: 400, body: { code: "invalid_settings_typo_tolerance" } });
    const before134 = new FakeMeilisearch({ indexes: [INDEX], version: "1.33.0" });
    expect(before134.handle({ method: "POST", path: "/multi-search", query: {}, body: { federation: { page: 1, hitsPerPage: 10 }, queries: [{ indexUid: INDEX, q: "x" }] } })).toMatchObject({ status: 400, body: { code: "bad_request" } });
    expect(takeRejected()).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Version
// ---------------------------------------------------------------------------------------------

describe("server version", () => {
  it("compares versions numerically", () => {
    expect(versionAtLeast("1.15.0", MIN_MEILISEARCH_VERSION)).toBe(true);
    expect(versionAtLeast("1.9.3", "1.15.0")).toBe(false);
    expect(versionAtLeast("1.34.0-rc.1", "1.34.0")).toBe(true);
    expect(versionAtLeast("2.0.0", "1.34.0")).toBe(true);
  });

  it("init refuses a server older than 1.15 with one clear message, before changing anything", async () => {
    const fake = await fakeMeilisearch({ version: "1.14.2" });
    const error = await failure(fake.engine.init());
    expect(error).toBeInstanceOf(UnsupportedMeilisearchVersion);
    expect((error as Error).message).toBe("Meilisearch 1.14.2 is not supported: this service needs Meilisearch 1.15.0 or later (docs/meilisearch.md).");
    expect(fake.calls()).toEqual(["GET /version"]);
  });

  it("reads the version once per process", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.init();
    await fake.engine.search(searchRequest({ q: "Путин" }));
    await fake.engine.search(searchRequest({ q: "Путина" }));
    expect(fake.calls().filter((c) => c === "GET /version")).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------------

describe("init", () => {
  it("on a new server creates the index with an explicit primary key, waits, then applies the settings and waits", async () => {
    const fake = await fakeMeilisearch({ indexes: [] });
    await fake.engine.init();

    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /version",
      `GET /indexes/${INDEX}`,
      "POST /indexes",
      "GET /tasks/0",
      "GET /tasks/0",
      `PATCH /indexes/${INDEX}/settings`,
      "GET /tasks/1",
      "GET /tasks/1",
    ]);
    expect(fake.requests[2].body).toEqual({ uid: INDEX, primaryKey: "id" });
    const settings = fake.requests[5].body;
    expect(settings).toEqual({
      searchableAttributes: ["title", "titleLatin", "summary", "summaryLatin", "body", "bodyLatin"],
      filterableAttributes: ["tags", "authors", "language", "month", "tagsFolded", "authorsFolded", "languageFolded", "sectionFolded", "publishedAtMs", "storyId"],
      sortableAttributes: ["publishedAtMs"],
      rankingRules: ["words", "sort", "typo", "proximity", "attribute", "exactness", "publishedAtMs:desc"],
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnNumbers: true },
      faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { "*": "count" } },
      pagination: { maxTotalHits: 1000 },
      stopWords: expect.arrayContaining(["the", "and", "и", "va", "və"]),
      localizedAttributes: [
        { attributePatterns: ["title", "summary", "body"], locales: ["eng", "rus", "aze"] },
        { attributePatterns: ["titleLatin", "summaryLatin", "bodyLatin"], locales: ["eng"] },
      ],
    });
    // Synonyms are managed by setSynonyms(); re-running init must not wipe them.
    expect(settings).not.toHaveProperty("synonyms");
    expect(fake.requests[0].authorization).toBe("Bearer test-key");
    expect(fake.logs.filter((l) => l.includes("task enqueued")).map((l) => JSON.parse(l).taskUid)).toEqual([0, 1]);
    expect([...fake.server.tasks.values()].map((t) => t.status)).toEqual(["succeeded", "succeeded"]);
  });

  it("is idempotent without a failing task: an existing index is not created again", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.init();
    await fake.engine.init();
    expect(fake.calls()).toEqual(["GET /version", `GET /indexes/${INDEX}`, `PATCH /indexes/${INDEX}/settings`, `GET /indexes/${INDEX}`, `PATCH /indexes/${INDEX}/settings`]);
    expect([...fake.server.tasks.values()].every((t) => t.status === "succeeded")).toBe(true);
  });

  it("accepts losing a creation race (index_already_exists)", async () => {
    const fake = await fakeMeilisearch({ indexes: [] });
    // Another process creates the index between the check and the creation.
    fake.server.refuse = (req) => {
      if (req.method === "POST" && req.path === "/indexes") fake.server.indexes.set(INDEX, { primaryKey: "id", createdAt: "2024-06-01T12:00:00Z" });
      return undefined;
    };
    await expect(fake.engine.init()).resolves.toBeUndefined();
    expect([...fake.server.tasks.values()].map((t) => t.error?.code ?? t.status)).toEqual(["index_already_exists", "succeeded"]);
  });

  it("fails with a neutral error when the settings task fails, keeping the engine's error as cause", async () => {
    const engineError = { message: "Attribute `publishedAtMs` is not sortable. Internal detail that must not reach clients.", code: "invalid_settings_ranking_rules", type: "invalid_request" as const };
    const fake = await fakeMeilisearch({ taskError: (type) => (type === "settingsUpdate" ? engineError : undefined) });
    const error = await failure(fake.engine.init());
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).toBe("The search engine could not complete the init request.");
    expect(causes(error)).toContainEqual({ ...engineError, link: "https://docs.meilisearch.com/errors#invalid_settings_ranking_rules" });
    expect(fake.logs.some((l) => l.includes("invalid_settings_ranking_rules"))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------

describe("upsert", () => {
  it("sends the port's fields plus the date in ms, month, Latin keys per field and folded filter values", async () => {
    const fake = await fakeMeilisearch();
    const doc = article("a1", { title: "Путин и Алиев", language: "ru", authors: ["Aynur Həsənova"], publishedAt: "2024-05-31T23:30:00.250Z" });
    await fake.engine.upsert([doc]);

    const [post] = fake.requests;
    expect(`${post.method} ${post.path}`).toBe(`POST /indexes/${INDEX}/documents`);
    expect(post.query).toEqual({ primaryKey: "id" });
    expect(post.body).toEqual([
      {
        ...doc,
        publishedAtMs: Date.UTC(2024, 4, 31, 23, 30, 0, 250),
        month: "2024-05",
        titleLatin: latinSearchText(doc.title, "ru"),
        summaryLatin: latinSearchText(doc.summary, "ru"),
        bodyLatin: latinSearchText(doc.body, "ru"),
        tagsFolded: ["budget", "parliament"],
        authorsFolded: ["aynur hasanova"],
        languageFolded: "ru",
        sectionFolded: "politics",
      },
    ]);
  });

  it("keeps the fields apart: no Latin key field holds words of two fields", () => {
    const doc = toMeiliDocument(article("a1", { title: "Budget vote", summary: "Deputies approved" }));
    expect(doc.titleLatin.split(" ")).toHaveLength(2);
    expect(doc).not.toHaveProperty("latin");
    expect(doc.titleLatin).not.toContain(latinSearchText("Deputies"));
  });

  it("batches 1000 documents per request and resolves only after every task succeeded", async () => {
    const fake = await fakeMeilisearch();
    const docs = Array.from({ length: 2500 }, (_, i) => article(`doc-${i}`));
    await fake.engine.upsert(docs);

    const posts = fake.requests.filter((r) => r.method === "POST");
    expect(posts.map((p) => (p.body as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect(posts.every((p) => p.query.primaryKey === "id")).toBe(true);
    expect(posts.flatMap((p) => (p.body as Array<{ id: string }>).map((d) => d.id))).toEqual(docs.map((d) => d.id));
    // Each task is polled until it leaves enqueued and processing.
    expect(fake.polledTasks()).toEqual([0, 0, 1, 1, 2, 2]);
    expect(fake.logs.filter((l) => l.includes("task enqueued")).map((l) => JSON.parse(l).taskUid)).toEqual([0, 1, 2]);
  });

  it("sends nothing for an empty list", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.upsert([]);
    expect(fake.requests).toEqual([]);
  });

  it("one bad record never blocks the batch: an id Meilisearch cannot take is left out and logged, an unreadable date indexed as the epoch", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.upsert([article("ok-1"), article("bad id/1"), article("ok-2", { publishedAt: "not a date" })]);
    const sent = fake.requests[0].body as Array<{ id: string; publishedAtMs: number; month: string }>;
    expect(sent.map((d) => d.id)).toEqual(["ok-1", "ok-2"]);
    expect(sent[1]).toMatchObject({ publishedAtMs: 0, month: "1970-01" });
    const skipped = fake.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === "meilisearch document skipped");
    expect(skipped).toEqual([expect.objectContaining({ id: "bad id/1" })]);
  });

  it("writes article ids with . and : (allowed by the API, refused by Meilisearch) reversibly, and maps them back", async () => {
    for (const id of ["reuters:1234", "a.b-c", "x_y", "plain-id-01", "_u_d"]) {
      expect(toDocumentId(id)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(fromDocumentId(toDocumentId(id))).toBe(id);
    }
    expect(toDocumentId("plain-id-01")).toBe("plain-id-01");
    const fake = await fakeMeilisearch({
      search: (body) => ({ ...emptyHits(body), query: body.q, hits: [{ ...RESULT_HITS[0], id: "reuters_c1234" }], totalHits: 1, totalPages: 1 }),
    });
    await fake.engine.upsert([article("reuters:1234")]);
    await fake.engine.remove(["reuters:1234"]);
    expect((fake.requests[0].body as Array<{ id: string }>)[0].id).toBe("reuters_c1234");
    expect(fake.work()[1].body).toEqual(["reuters_c1234"]);
    expect((await fake.engine.search(searchRequest())).hits[0].id).toBe("reuters:1234");
  });

  it("rejects when a document task fails, so the caller never acknowledges an unsearchable write", async () => {
    const fake = await fakeMeilisearch({ taskError: () => ({ message: "Document doesn't have a `id` attribute", code: "missing_document_id", type: "invalid_request" }) });
    await expect(fake.engine.upsert([article("a1")])).rejects.toBeInstanceOf(SearchEngineError);
  });

  it("rejects when the disk is full (422 no_space_left_on_device)", async () => {
    const fake = await fakeMeilisearch();
    fake.server.diskFull = true;
    const error = await failure(fake.engine.upsert([article("a1")]));
    expect(error).toBeInstanceOf(SearchEngineError);
    const api = causes(error).find((c): c is MeilisearchApiError => c instanceof MeilisearchApiError);
    expect(api?.response.status).toBe(422);
    expect(api?.cause?.code).toBe("no_space_left_on_device");
  });
});

describe("remove, clear, count, ping", () => {
  it("remove deletes by id in one batch and waits for the task", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.remove(["a1", "b2"]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /indexes/${INDEX}/documents/delete-batch`, "GET /tasks/0", "GET /tasks/0"]);
    expect(fake.requests[0].body).toEqual(["a1", "b2"]);
  });

  it("remove of nothing sends nothing", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.remove([]);
    expect(fake.requests).toEqual([]);
  });

  it("clear deletes every document and waits for the task", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.clear();
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /indexes/${INDEX}/documents`, "GET /tasks/0", "GET /tasks/0"]);
  });

  it("count reads numberOfDocuments from the index stats", async () => {
    const fake = await fakeMeilisearch();
    expect(await fake.engine.count()).toBe(42);
    expect(fake.calls()).toEqual([`GET /indexes/${INDEX}/stats`]);
  });

  it("ping is true when /health answers available and false (not a throw) when the server is unreachable", async () => {
    expect(await (await fakeMeilisearch()).engine.ping()).toBe(true);
    const down = await fakeMeilisearch();
    down.server.disconnect = () => true;
    expect(await down.engine.ping()).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

describe("Meilisearch's filter grammar (ported from filter-parser value.rs)", () => {
  // value.rs `test_escape_inside_double_quote`: (input after the opening quote, remaining, value).
  it("quoted_by: the documented vectors", () => {
    const vectors: Array<[string, string, string]> = [
      ["aaaa", "", "aaaa"],
      [String.raw`aa"aa`, String.raw`"aa`, "aa"],
      [String.raw`aa\"aa`, "", String.raw`aa"aa`],
      [String.raw`aa\\\aa`, "", String.raw`aa\\\aa`],
      [String.raw`aa\\"\aa`, String.raw`"\aa`, String.raw`aa\\`],
      [String.raw`aa\\\"\aa`, "", String.raw`aa\\"\aa`],
      [String.raw`\"\"`, "", String.raw`""`],
    ];
    for (const [input, remaining, value] of vectors) expect(quotedBy('"', input)).toEqual({ value, rest: remaining });
  });

  // value.rs `test_value`, the quoted cases: the whole value as written → the value Meilisearch compares.
  it("parse_value: the documented vectors", () => {
    const vectors: Array<[string, string]> = [
      ["'channel'", "channel"],
      ['"channel"', "channel"],
      ["'cha)nnel'", "cha)nnel"],
      [`'cha"nnel'`, `cha"nnel`],
      [`"cha'nnel"`, "cha'nnel"],
      ['" some spaces "', " some spaces "],
      [String.raw`"\\"`, "\\"],
      [String.raw`"\\\\\\"`, String.raw`\\\ `.trim()],
      [String.raw`"aa\\aa"`, String.raw`aa\aa`],
      [String.raw`"Hello \"world\""`, `Hello "world"`],
      [String.raw`"Hello \\\"world\\\""`, String.raw`Hello \"world\"`],
      [String.raw`"I'm \"super\" tamo"`, `I'm "super" tamo`],
      [String.raw`"\"\""`, `""`],
      [String.raw`'Hello \'world\''`, "Hello 'world'"],
      [String.raw`'Hello \\\'world\\\''`, String.raw`Hello \'world\'`],
      [String.raw`'I\'m "super" tamo'`, `I'm "super" tamo`],
      [String.raw`'\'\''`, "''"],
    ];
    for (const [input, value] of vectors) expect(parseQuotedValue(input)).toEqual({ value, rest: "" });
  });

  // value.rs `test_unescape` (the quote step alone) and the unescaper crate's escapes.
  it("unescape steps", () => {
    expect(quotedBy('"', String.raw`Hello \\\"World\\\"`).value).toBe(String.raw`Hello \\"World\\"`);
    expect(unescape(String.raw`tab\there\nnew \u{44f} \x41 \101 \/`)).toBe("tab\there\nnew я A A /");
    expect(() => unescape(String.raw`C:\path`)).toThrow(FilterSyntaxError);
    expect(() => parseQuotedValue(String.raw`"C:\path\"`)).toThrow(FilterSyntaxError);
  });
});

describe("buildFilter", () => {
  it("returns undefined when nothing filters", () => {
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ tags: [], authors: [], language: [], section: [] })).toBeUndefined();
  });

  it("ORs folded values inside a filter (IN) and ANDs filters, dates as epoch-millisecond bounds", () => {
    expect(
      buildFilter({
        tags: ["Elections", "nato"],
        authors: ["Aynur Həsənova"],
        language: ["en", "ru"],
        section: ["politics"],
        from: "2024-01-01T00:00:00Z",
        to: "2024-12-31T23:59:59Z",
      }),
    ).toBe(
      'tagsFolded IN ["elections", "nato"] AND authorsFolded IN ["aynur hasanova"] AND languageFolded IN ["en", "ru"] AND sectionFolded IN ["politics"]' +
        " AND publishedAtMs >= 1704067200000 AND publishedAtMs <= 1735689599000",
    );
    // Milliseconds count, as in the embedded engine.
    expect(buildFilter({ from: "2024-03-01T10:00:00.900Z" })).toBe("publishedAtMs >= 1709287200900");
  });

  it("filters months with IN on the stored month attribute", () => {
    expect(buildFilter({ month: ["2024-01", "2024-03"], language: ["en"] })).toBe('languageFolded IN ["en"] AND month IN ["2024-01", "2024-03"]');
  });

  it("folds filter values exactly as the embedded engine does", () => {
    for (const value of ["Həsənova", "Алиев", "ÇAĞRI", "İlham"]) expect(splitFilter(buildFilter({ authors: [value] })!).values).toEqual([foldText(value)]);
  });

  it("quotes and escapes hostile values so they stay values", () => {
    expect(buildFilter({ tags: ['a" OR tags = "b'] })).toBe('tagsFolded IN ["a\\" or tags = \\"b"]');
    expect(buildFilter({ authors: ["c:\\path\\"] })).toBe('authorsFolded IN ["c:\\\\path\\\\"]');
    expect(buildFilter({ section: ["line1\nline2 or section = x"] })).toBe('sectionFolded IN ["line1\nline2 or section = x"]');
    expect(buildFilter({ tags: ["] or tags exists and tags in ["] })).toBe('tagsFolded IN ["] or tags exists and tags in ["]');
    expect(buildFilter({ tags: [""] })).toBe('tagsFolded IN [""]');
  });

  it("every value reaches Meilisearch unchanged, backslashes included, and never changes the expression's structure", () => {
    const hostile = ["a\" or tags = \"b", "c:\\dir\\", "\\\"", "\\", '"', "x\\\" or \"", "line\nbreak", "tab\there", "not x", "'single'", ")](", "\\n", "\\u{41}", "ends in \\"];
    const { syntax, values } = splitFilter(buildFilter({ tags: hostile, authors: hostile })!);
    const placeholders = hostile.map(() => "?").join(", ");
    expect(syntax).toBe(`tagsFolded IN [${placeholders}] AND authorsFolded IN [${placeholders}]`);
    expect(values).toEqual([...hostile, ...hostile]);
  });

  it("a value with backslashes needs them doubled: escaping only the quotes would break it", () => {
    expect(parseQuotedValue(quoteFilterValue("C:\\path\\")).value).toBe("C:\\path\\");
    expect(parseQuotedValue(quoteFilterValue('\\"')).value).toBe('\\"');
    const quotesOnly = (v: string) => `"${v.replace(/"/g, '\\"')}"`;
    expect(() => parseQuotedValue(quotesOnly("C:\\path\\"))).toThrow(FilterSyntaxError);
    expect(parseQuotedValue(quotesOnly("a\\nb")).value).toBe("a\nb");
  });

  it("reads a bare date as the start of that day for from and its end for to (UTC)", () => {
    expect(buildFilter({ from: "2024-02-29", to: "2024-02-29" })).toBe("publishedAtMs >= 1709164800000 AND publishedAtMs <= 1709251199999");
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
    ...article("a1", { title: "Budget <b>vote</b> & debate", summary: "Deputies approved the budget.", tags: ["budget"], storyId: "story-7" }),
    _formatted: {
      title: `${m("Budget")} <b>vote</b> & debate`,
      summary: `Deputies approved the ${m("budget")}.`,
      body: `…approved the ${m("budget")} after a <script>alert(1)</script> debate…`,
    },
  },
  {
    ...article("b2", { title: "Coalition talks", summary: "Parties met on the budget.", body: "Nothing matched here." }),
    _formatted: {
      title: "Coalition talks",
      summary: `Parties met on the ${m("budget")}.`,
      body: "Nothing matched here.",
    },
  },
];

describe("search", () => {
  it("sends one search with filter, facets, page-based pagination, highlight and crop parameters", async () => {
    const fake = await fakeMeilisearch();
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
      filter: 'tagsFolded IN ["a\\" or tags = \\"b"] AND languageFolded IN ["en"] AND publishedAtMs >= 1704067200000',
      facets: ["tags", "month"],
      page: 3,
      hitsPerPage: 5,
      ...DISPLAY_PARAMS,
    });
  });

  it("relevance sort sends no sort; newest sorts by publishedAtMs:desc; an empty query is newest first", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: "budget", sort: "relevance" }));
    await fake.engine.search(searchRequest({ q: "budget", sort: "newest" }));
    await fake.engine.search(searchRequest({ q: "   ", sort: "relevance" }));
    const bodies = fake.requests.map((r) => r.body as Record<string, unknown>);
    expect(bodies[0]).not.toHaveProperty("sort");
    expect(bodies[1].sort).toEqual(["publishedAtMs:desc"]);
    expect(bodies[2]).toMatchObject({ q: "", sort: ["publishedAtMs:desc"] });
    expect(bodies[2]).not.toHaveProperty("filter");
    expect(bodies[2]).not.toHaveProperty("facets");
  });

  it("maps hits, exact totals and facets (month included); highlights keep only <mark>", async () => {
    const fake = await fakeMeilisearch({
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
    expect(result.facets).toEqual({ tags: { budget: 20, parliament: 7 }, month: { "2024-06": 15, "2024-05": 12 }, authors: {} });
    expect(result.hits).toHaveLength(2);
    const [first, second] = result.hits;
    const { _formatted, ...source } = RESULT_HITS[0];
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
      storyId: "story-7",
      highlight: {
        title: "<mark>Budget</mark> &lt;b&gt;vote&lt;/b&gt; &amp; debate",
        snippet: "…approved the <mark>budget</mark> after a &lt;script&gt;alert(1)&lt;/script&gt; debate…",
      },
    });
    // The body shows no match, so the snippet comes from the summary.
    expect(second.highlight).toEqual({ title: "Coalition talks", snippet: "Parties met on the <mark>budget</mark>." });
    expect(second).not.toHaveProperty("titleLatin");
    // A document indexed before stories existed is its own story.
    expect(second.storyId).toBe("b2");
  });

  it("answers an invalid date bound with no matches, without a request", async () => {
    const fake = await fakeMeilisearch();
    const result = await fake.engine.search(searchRequest({ filters: { to: "not-a-date" }, facets: ["tags"] }));
    expect(result).toEqual({ total: 0, hits: [], facets: { tags: {} } });
    expect(fake.requests).toEqual([]);
  });

  it("caps the total at MAX_TOTAL_HITS", async () => {
    const fake = await fakeMeilisearch({ search: () => ({ hits: [], query: "x", processingTimeMs: 1, hitsPerPage: 10, page: 1, totalPages: 150, totalHits: 1500 }) });
    expect((await fake.engine.search(searchRequest())).total).toBe(1000);
  });

  it("hides the engine's error text behind a neutral error with the original as cause", async () => {
    const fake = await fakeMeilisearch();
    fake.server.refuse = () => ({
      status: 400,
      error: meiliError("invalid_search_filter", "Attribute `secret_field` is not filterable. Available filterable attributes are: `tags`."),
    });
    const error = await failure(fake.engine.search(searchRequest()));
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).toBe("The search engine could not complete the search request.");
    expect((error as Error).message).not.toMatch(/secret_field|filterable/);
    expect(causes(error).some((c) => c instanceof MeilisearchApiError && c.cause?.code === "invalid_search_filter")).toBe(true);
  });

  it("maps an unreachable host the same way", async () => {
    const fake = await fakeMeilisearch();
    fake.server.disconnect = () => true;
    const error = await failure(fake.engine.count());
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).toBe("The search engine could not complete the count request.");
  });
});

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

  it("a query that needs no Latin form is one plain search, its trailing space kept, without asking the version", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: " Budget, Vote " }));
    expect(fake.calls()).toEqual([`POST /indexes/${INDEX}/search`]);
    expect(fake.requests[0].body).toMatchObject({ q: "Budget, Vote " });
  });

  it("on Meilisearch ≥ 1.34 sends the query as typed and its Latin forms as one federated multi-search", async () => {
    const q = "Путина";
    const forms = crossScriptForms(q);
    expect(forms).toHaveLength(2);

    const fake = await fakeMeilisearch({ version: "1.34.0" });
    await fake.engine.search(searchRequest({ q, filters: { section: ["politics"] }, page: 2, limit: 10, facets: ["language", "month"] }));

    expect(fake.calls()).toEqual(["GET /version", "POST /multi-search"]);
    const perQuery = { filter: 'sectionFolded IN ["politics"]', ...DISPLAY_PARAMS };
    expect(fake.work()[0].body).toEqual({
      federation: { page: 2, hitsPerPage: 10, facetsByIndex: { [INDEX]: ["language", "month"] }, mergeFacets: {} },
      queries: [
        { indexUid: INDEX, q, ...perQuery },
        { indexUid: INDEX, q: forms[0], ...perQuery },
        { indexUid: INDEX, q: forms[1], ...perQuery },
      ],
    });
  });

  it("on Meilisearch before 1.34 searches the query as typed, chosen by version: no refused request, no error log", async () => {
    const fake = await fakeMeilisearch({
      version: "1.33.1",
      search: (body) => ({ ...emptyHits(body), query: body.q, hits: [RESULT_HITS[1]], totalHits: 1, totalPages: 1 }),
    });
    const result = await fake.engine.search(searchRequest({ q: "Путин", page: 2, limit: 5 }));
    expect(fake.calls()).toEqual(["GET /version", `POST /indexes/${INDEX}/search`]);
    expect(fake.work()[0].body).toMatchObject({ q: "Путин", page: 2, hitsPerPage: 5 });
    expect(result.hits.map((h) => h.id)).toEqual(["b2"]);
    expect(fake.logs.some((l) => l.includes("failed"))).toBe(false);
  });

  it("collapse=story asks for one hit per storyId: on the search itself, or on the federation from Meilisearch 1.40", async () => {
    const plain = await fakeMeilisearch();
    await plain.engine.search(searchRequest({ q: "budget", collapse: "story" }));
    expect(plain.work()[0].body).toMatchObject({ q: "budget", distinct: "storyId" });

    const federated = await fakeMeilisearch({ version: "1.40.0" });
    await federated.engine.search(searchRequest({ q: "Путин", collapse: "story" }));
    const body = federated.work()[0].body as { federation: Record<string, unknown>; queries: Array<Record<string, unknown>> };
    expect(federated.work()[0].path).toBe("/multi-search");
    expect(body.federation).toEqual({ page: 1, hitsPerPage: 10, distinct: "storyId" });
    // Meilisearch refuses distinct on both levels.
    for (const query of body.queries) expect(query).not.toHaveProperty("distinct");
  });

  it("before Meilisearch 1.40 a collapsed cross-script search is the query as typed, with distinct: no refused request", async () => {
    const fake = await fakeMeilisearch({ version: "1.39.0" });
    await fake.engine.search(searchRequest({ q: "Путин", collapse: "story" }));
    expect(fake.calls()).toEqual(["GET /version", `POST /indexes/${INDEX}/search`]);
    expect(fake.work()[0].body).toMatchObject({ q: "Путин", distinct: "storyId" });
    expect(fake.logs.some((l) => l.includes("failed"))).toBe(false);
  });

  it("a federated search without facets sends no facet options", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: "Путин", limit: 7 }));
    expect((fake.work()[0].body as { federation: unknown }).federation).toEqual({ page: 1, hitsPerPage: 7 });
  });

  it("keeps pagination and facets out of the individual queries (Meilisearch rejects them there)", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.search(searchRequest({ q: "Путин", sort: "newest", facets: ["tags"] }));
    const body = fake.work()[0].body as { queries: Array<Record<string, unknown>> };
    for (const query of body.queries) {
      for (const key of ["page", "hitsPerPage", "limit", "offset", "facets"]) expect(query).not.toHaveProperty(key);
      expect(query.sort).toEqual(["publishedAtMs:desc"]);
    }
  });

  it("does not hide federated failures", async () => {
    const fake = await fakeMeilisearch();
    fake.server.disconnect = (req) => req.path === "/multi-search";
    await expect(fake.engine.search(searchRequest({ q: "Путин" }))).rejects.toBeInstanceOf(SearchEngineError);
    expect(fake.calls()).toEqual(["GET /version", "POST /multi-search"]);
  });

  it("maps a federated answer shaped as in Meilisearch's snapshot (limit/offset, estimated total)", async () => {
    const fake = await fakeMeilisearch({ multiSearch: () => snapshots.federationMultipleSearchSingleIndex.response });
    const result = await fake.engine.search(searchRequest({ q: "Путин" }));
    expect(result.total).toBe(5);
    expect(result.hits.map((h) => [h.id, h.highlight.title])).toEqual([
      ["D", "Batman"],
      ["C", "Batman Returns"],
      ["A", "Batman the dark knight returns: Part 1"],
      ["B", "Batman the dark knight returns: Part 2"],
      ["E", "Badman"],
    ]);
  });

  it("maps the merged federated answer like a plain one", async () => {
    const fake = await fakeMeilisearch({
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

  it("marks a title and a short summary found through their Latin keys: the marked keys map back to the words", async () => {
    const title = "Путин встретился с Алиевым";
    const summary = "Алиев и Путин обсудили транзит.";
    const marked = (text: string, at: number[]) => latinSearchText(text, "ru").split(" ").map((k, i) => (at.includes(i) ? m(k) : k)).join(" ");
    const hit = {
      ...article("c3", { title, summary, body: "Встреча прошла в Москве.", language: "ru" }),
      titleLatin: latinSearchText(title, "ru"),
      summaryLatin: latinSearchText(summary, "ru"),
      _formatted: { title, titleLatin: marked(title, [0, 3]), summary, summaryLatin: marked(summary, [0, 2]), body: "Встреча прошла в Москве." },
      _federation: { indexUid: INDEX, queriesPosition: 1, weightedRankingScore: 0.9 },
    };
    const fake = await fakeMeilisearch({ multiSearch: () => ({ hits: [hit], processingTimeMs: 1, hitsPerPage: 10, page: 1, totalPages: 1, totalHits: 1 }) });
    const [found] = (await fake.engine.search(searchRequest({ q: "Putin Aliyev" }))).hits;
    expect(found.highlight).toEqual({
      title: "<mark>Путин</mark> встретился с <mark>Алиевым</mark>",
      snippet: "<mark>Алиев</mark> и <mark>Путин</mark> обсудили транзит.",
    });
    expect(found).not.toHaveProperty("titleLatin");
    expect(found).not.toHaveProperty("summaryLatin");
  });

  it("titleHighlight keeps the title's own marks, and leaves a title unmarked when the keys do not line up", () => {
    expect(titleHighlight("Budget vote", `${m("Budget")} vote`, `${m("budget")} vote`, "en")).toBe("<mark>Budget</mark> vote");
    expect(titleHighlight("Budget vote", "Budget vote", `${m("budget")}`, "en")).toBe("Budget vote");
    expect(titleHighlight("a <b>", undefined, undefined, "en")).toBe("a &lt;b&gt;");
  });
});

// ---------------------------------------------------------------------------------------------
// Suggest and synonyms
// ---------------------------------------------------------------------------------------------

describe("suggest", () => {
  it("searches titles only, with a small limit and a highlighted title", async () => {
    const fake = await fakeMeilisearch({
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

  it("bounds titles by publishedAt when asked (embargo: nothing published after now)", async () => {
    const fake = await fakeMeilisearch({
      search: () => ({ hits: [], query: "bud", processingTimeMs: 1, limit: 5, offset: 0, estimatedTotalHits: 0 }),
    });
    await fake.engine.suggest("bud", 5, { to: "2026-03-01T10:00:00.900Z" });
    expect((fake.requests[0].body as { filter?: string }).filter).toBe("publishedAtMs <= 1772359200900");
  });

  it("answers an empty query without a request", async () => {
    const fake = await fakeMeilisearch();
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
    const fake = await fakeMeilisearch();
    await fake.engine.setSynonyms([["Azerbaijan", "Азербайджан"]]);
    expect(fake.calls()).toEqual([`PUT /indexes/${INDEX}/settings/synonyms`]);
    expect(fake.requests[0].body).toEqual({ azerbaijan: ["азербайджан"], азербайджан: ["azerbaijan"] });
  });
});

describe("document mapping", () => {
  it("derives month in UTC and epoch milliseconds from publishedAt", () => {
    const doc = toMeiliDocument(article("a1", { publishedAt: "2024-02-29T23:59:59.999Z" }));
    expect(doc.publishedAtMs).toBe(1709251199999);
    expect(doc.month).toBe("2024-02");
  });
});

describe("similar (semantic neighbours for related stories)", () => {
  it("is absent without an embedder, so related stories never ask", async () => {
    expect((await fakeMeilisearch()).engine.similar).toBeUndefined();
  });

  it("asks /similar with the embedder, ids only and ranking scores, and maps the hits", async () => {
    const fake = await fakeMeilisearch({
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
    const fake = await fakeMeilisearch({ embedder: "missing" });
    fake.server.refuse = (req) => (req.path.endsWith("/similar") ? { status: 400, error: meiliError("invalid_similar_embedder", "Cannot find embedder with name `missing`.") } : undefined);
    const error = await failure(fake.engine.similar!("a1", 5));
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).not.toContain("embedder");
  });
});

describe("moreLikeThis (related-story candidates)", () => {
  it("searches the source's ten strongest match keys in the latin field, dropping the most frequent first, and never returns the source", async () => {
    const fake = await fakeMeilisearch({
      search: (body) => ({
        hits: [
          { id: "a1", _rankingScore: 1 },
          { id: "b2", _rankingScore: 0.8, related: '{"id":"b2"}' },
          { id: "b3", _rankingScore: 0.5 },
        ],
        query: body.q,
        processingTimeMs: 2,
        limit: body.limit,
        offset: 0,
        estimatedTotalHits: 3,
      }),
    });
    const terms = Array.from({ length: 12 }, (_, i) => ({ term: `term${i}`, weight: 1 - i / 20 }));
    // Each candidate's indexed profile comes back with it, so the related list needs no second read.
    expect(await fake.engine.moreLikeThis({ id: "a1", terms, limit: 2 })).toEqual([
      { id: "b2", score: 0.8, related: '{"id":"b2"}' },
      { id: "b3", score: 0.5 },
    ]);
    expect(fake.calls()).toEqual([`POST /indexes/${INDEX}/search`]);
    expect(fake.requests[0].body).toEqual({
      q: `${terms.slice(0, 10).map((t) => t.term).join(" ")} `,
      attributesToSearchOn: ["titleLatin", "summaryLatin", "bodyLatin"],
      matchingStrategy: "frequency",
      attributesToRetrieve: ["id", "related"],
      limit: 3,
      showRankingScore: true,
    });
    expect(await fake.engine.moreLikeThis({ id: "a1", terms: [], limit: 5 })).toEqual([]);
    expect(fake.calls()).toHaveLength(1);
  });

  it("bounds story candidates by publication time with a filter on the epoch milliseconds", async () => {
    const fake = await fakeMeilisearch({
      search: (body) => ({ hits: [], query: body.q, processingTimeMs: 1, limit: body.limit, offset: 0, estimatedTotalHits: 0 }),
    });
    await fake.engine.moreLikeThis({ id: "a1", terms: [{ term: "tarif", weight: 1 }], limit: 10, within: { from: "2024-01-01T00:00:00Z", to: "2024-01-15T00:00:00Z" } });
    expect(fake.requests[0].body).toMatchObject({ filter: "publishedAtMs >= 1704067200000 AND publishedAtMs <= 1705276800000", limit: 11 });
  });

  it("keeps key terms out of the stored document", async () => {
    const fake = await fakeMeilisearch();
    await fake.engine.upsert([
      { id: "k1", title: "T", summary: "", body: "B", url: null, section: "politics", tags: [], authors: [], language: "en", publishedAt: "2024-01-01T00:00:00Z", imageUrl: null, keyTerms: ["treati"] },
    ]);
    const sent = fake.requests.find((r) => r.path.endsWith("/documents"))!.body as Array<Record<string, unknown>>;
    expect(sent[0]).not.toHaveProperty("keyTerms");
    expect(sent[0].bodyLatin).toContain("b");
  });
});
