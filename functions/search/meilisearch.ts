/**
 * The Meilisearch adapter of the search port, on the official `meilisearch` client.
 * Written from Meilisearch's API documentation; the request shapes are pinned by
 * test/search/meilisearch.test.ts and the behaviour by the shared contract suite whenever
 * MEILISEARCH_HOST points at a server (see docs/meilisearch.md).
 */
import {
  Meilisearch,
  MeilisearchApiError,
  type EnqueuedTask,
  type Hit,
  type MultiSearchFederation,
  type MultiSearchQueryWithFederation,
  type SearchParams,
  type SearchResponse,
  type Task,
} from "meilisearch";
import {
  MAX_TOTAL_HITS,
  type FacetName,
  type SearchDocument,
  type SearchEngine,
  type SearchFilters,
  type SearchHit,
  type SearchRequest,
  type SearchResult,
  type SimilarArticle,
  type Suggestion,
} from "./engine.js";
import { CROP_MARKER, MARK_END, MARK_START, renderMarked } from "./highlight.js";
import { DATE_FIELD, MEILISEARCH_SETTINGS, NEWEST_FIRST, PRIMARY_KEY, mergeSynonymGroups } from "./settings.js";
import { endsInPartialWord, latinQuery, latinSearchText, tokenize } from "./text.js";

/** What the index stores: the port's document plus fields only Meilisearch needs. */
export interface MeiliArticle extends SearchDocument {
  /** publishedAt as epoch seconds: filters and sorts compare numbers. */
  publishedAtTs: number;
  /** "YYYY-MM" (UTC), the `month` facet. */
  month: string;
  /** Latin-script copy of title, summary and body for cross-script matching. */
  latin: string;
}

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  indexUid?: string;
  /** A ready client (tests inject one with a recording HTTP client). */
  client?: Meilisearch;
  /** Where task uids and failures are reported; defaults to the console. */
  logger?: EngineLogger;
  /** Longest wait for one Meilisearch task (index creation, settings, one batch of documents). */
  taskTimeoutMs?: number;
  /**
   * Name of an embedder configured on the index (settings.embedders, set up by the operator): the
   * engine then offers `similar`, and related stories blend semantic similarity in. Unset: off.
   */
  embedder?: string;
}

export type EngineLogger = Pick<Console, "info" | "error">;

export const DEFAULT_INDEX_UID = "articles";
/** Meilisearch's own batch size in addDocumentsInBatches; keeps one payload well under the 100 MB limit. */
export const DOCUMENT_BATCH_SIZE = 1000;
const DEFAULT_TASK_TIMEOUT_MS = 60_000;
const TASK_POLL_INTERVAL_MS = 100;

/** Cropped snippet: about this many words around the first match (as in the embedded engine). */
export const SNIPPET_WORDS = 30;

/** Fields a hit needs; `latin` and `month` stay in the index. `body` is kept for the snippet. */
const HIT_ATTRIBUTES = ["id", "title", "url", "summary", "body", "publishedAt", "tags", "authors", "imageUrl", "language", "section"];

/** A Meilisearch task that ended failed or canceled; its `cause` is the task's error object. */
export class TaskFailure extends Error {
  override readonly name = "TaskFailure";
  constructor(
    readonly step: string,
    readonly task: Task,
  ) {
    super(`Meilisearch task ${task.uid} (${step}) ended ${task.status}${task.error ? `: ${task.error.code}` : ""}`, {
      cause: task.error ?? undefined,
    });
  }
}

/** Thrown for every engine failure. The message is safe to show; the engine's own error is the `cause`. */
export class SearchEngineError extends Error {
  override readonly name = "SearchEngineError";
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super(`The search engine could not complete the ${operation} request.`, options);
  }
}

export function createMeilisearchEngine(opts: MeilisearchEngineOptions): SearchEngine {
  const client = opts.client ?? new Meilisearch({ host: opts.host, apiKey: opts.apiKey });
  const indexUid = opts.indexUid ?? DEFAULT_INDEX_UID;
  const index = client.index<MeiliArticle>(indexUid);
  const logger = opts.logger ?? console;
  const taskTimeoutMs = opts.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;

  async function guard<T>(operation: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SearchEngineError) throw error;
      logger.error(JSON.stringify({ msg: "meilisearch request failed", operation, index: indexUid, error: describe(error) }));
      throw new SearchEngineError(operation, { cause: error });
    }
  }

  /** Waits for a task and reports its uid; acceptable failure codes (e.g. index_already_exists) pass. */
  async function settle(operation: string, enqueued: EnqueuedTask, acceptableErrors: string[] = []): Promise<Task> {
    logger.info(JSON.stringify({ msg: "meilisearch task enqueued", operation, index: indexUid, taskUid: enqueued.taskUid }));
    const task = await client.tasks.waitForTask(enqueued.taskUid, { timeout: taskTimeoutMs, interval: TASK_POLL_INTERVAL_MS });
    const accepted = task.status === "succeeded" || acceptableErrors.includes(task.error?.code ?? "");
    if (!accepted) throw new TaskFailure(operation, task);
    return task;
  }

  function searchParams(req: SearchRequest, q: string): SearchParams {
    const filter = buildFilter(req.filters);
    // An empty query has no relevance to rank by: newest first, as the API promises.
    const sort = q.trim() === "" || req.sort === "newest" ? [NEWEST_FIRST] : undefined;
    return {
      ...(filter ? { filter } : {}),
      ...(sort ? { sort } : {}),
      attributesToRetrieve: HIT_ATTRIBUTES,
      // Snippet fields must be highlighted too, or the cropped text would carry no marks.
      attributesToHighlight: ["title", "summary", "body"],
      attributesToCrop: ["body", "summary"],
      cropLength: SNIPPET_WORDS,
      cropMarker: CROP_MARKER,
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
    };
  }

  async function searchOneScript(req: SearchRequest, q: string): Promise<SearchResponse<MeiliArticle>> {
    return index.search<MeiliArticle>(q, {
      ...searchParams(req, q),
      ...(req.facets.length ? { facets: [...req.facets] } : {}),
      // page + hitsPerPage switch Meilisearch to exhaustive counting: totalHits is exact up to maxTotalHits.
      page: req.page,
      hitsPerPage: req.limit,
    });
  }

  /**
   * The query as typed and its Latin forms in one federated multi-search: Meilisearch merges the
   * hit lists by ranking score, returns a document matched by several queries once, and paginates
   * the merged list (federation.page/hitsPerPage, Meilisearch ≥ 1.34) so the total stays exact.
   */
  async function searchFederated(req: SearchRequest, q: string, latinForms: string[]): Promise<SearchResponse<MeiliArticle>> {
    const params = searchParams(req, q);
    const queries: MultiSearchQueryWithFederation[] = [q, ...latinForms].map((text) => ({ indexUid, q: text, ...params }));
    const federation: PagedFederation = {
      page: req.page,
      hitsPerPage: req.limit,
      ...(req.facets.length ? { facetsByIndex: { [indexUid]: [...req.facets] }, mergeFacets: {} } : {}),
    };
    return client.multiSearch<{ federation: PagedFederation; queries: MultiSearchQueryWithFederation[] }, MeiliArticle>({
      federation,
      queries,
    });
  }

  /** POST /indexes/{uid}/similar: the reference document's neighbours by the embedder's vectors. */
  async function similarDocuments(id: string, limit: number, embedder: string): Promise<SimilarArticle[]> {
    const response = await index.searchSimilarDocuments<{ id: string }>({
      id,
      embedder,
      limit,
      attributesToRetrieve: ["id"],
      showRankingScore: true,
    });
    return response.hits.map((hit) => ({ id: String(hit.id), score: hit._rankingScore ?? 0 }));
  }

  return {
    name: "meilisearch",

    init: () =>
      guard("init", async () => {
        // Explicit primary key, and settings before the first document: indexing happens once, with them.
        await settle("create index", await client.createIndex(indexUid, { primaryKey: PRIMARY_KEY }), ["index_already_exists"]);
        await settle("update settings", await index.updateSettings(MEILISEARCH_SETTINGS));
      }),

    upsert: (docs) =>
      guard("upsert", async () => {
        const enqueued: EnqueuedTask[] = [];
        // Sequential: task uids then follow the input order, so a later version of a document wins.
        for (let at = 0; at < docs.length; at += DOCUMENT_BATCH_SIZE) {
          const batch = docs.slice(at, at + DOCUMENT_BATCH_SIZE).map(toMeiliDocument);
          enqueued.push(await index.addDocuments(batch, { primaryKey: PRIMARY_KEY }));
        }
        // A write acknowledged to the caller must already be searchable.
        for (const task of enqueued) await settle("add documents", task);
      }),

    remove: (ids) =>
      guard("remove", async () => {
        if (ids.length === 0) return;
        await settle("delete documents", await index.deleteDocuments(ids));
      }),

    clear: () =>
      guard("clear", async () => {
        await settle("delete all documents", await index.deleteAllDocuments());
      }),

    search: (req) =>
      guard("search", async () => {
        // A date bound that is not a date matches nothing rather than being dropped or failing.
        if (!hasValidDateBounds(req.filters)) return { total: 0, hits: [], facets: Object.fromEntries(req.facets.map((name) => [name, {}])) };
        // Trailing whitespace is kept: it tells Meilisearch the last word is complete (no prefix match).
        const q = req.q.trim() === "" ? "" : req.q.trimStart();
        const forms = crossScriptForms(q);
        const response = forms.length
          ? await searchFederated(req, q, forms).catch((error: unknown) => {
              // A server older than 1.34 rejects federated pagination: answer in the query's own script.
              if (!isRejectedRequest(error)) throw error;
              logger.error(JSON.stringify({ msg: "meilisearch federated search rejected, searching the query as typed", index: indexUid, error: describe(error) }));
              return searchOneScript(req, q);
            })
          : await searchOneScript(req, q);
        return toSearchResult(response, req.facets);
      }),

    suggest: (q, limit) =>
      guard("suggest", async () => {
        if (q.trim() === "" || limit < 1) return [];
        const query = q.trimStart();
        const response = await index.search<MeiliArticle>(query, {
          attributesToSearchOn: ["title"],
          attributesToRetrieve: ["id", "title", "url"],
          attributesToHighlight: ["title"],
          highlightPreTag: MARK_START,
          highlightPostTag: MARK_END,
          limit,
        });
        return response.hits.map(toSuggestion);
      }),

    setSynonyms: (groups) =>
      guard("synonyms", async () => {
        await settle("update synonyms", await index.updateSynonyms(mergeSynonymGroups(groups)));
      }),

    count: () => guard("count", async () => (await index.getStats()).numberOfDocuments),

    ...(opts.embedder ? { similar: (id: string, limit: number) => guard("similar", () => similarDocuments(id, limit, opts.embedder!)) } : {}),

    ping: async () => {
      try {
        return (await client.health()).status === "available";
      } catch (error) {
        logger.error(JSON.stringify({ msg: "meilisearch health check failed", error: describe(error) }));
        return false;
      }
    },

    // Stateless HTTP client: nothing to release.
    close: async () => {},
  };
}

/** meilisearch-js 0.62 predates federated page-based pagination; the server accepts it since 1.34. */
type PagedFederation = MultiSearchFederation & { page: number; hitsPerPage: number };

/** Phrases and negated words only mean something in the query as typed. */
const QUERY_OPERATORS = /"|(^|\s)-\S/;

/**
 * Latin-script queries searched next to the query as typed, so Путин finds Putin, Aliyev finds
 * Алиев and Əliyev, and "voting" finds "voted". The `latin` field holds text.ts match keys
 * (transliterated, folded, stemmed, names normalised), so two forms are sent:
 *  - latinQuery(q): match keys, the last word still being typed kept whole for Meilisearch's
 *    prefix match (Пути → puti… finds Putin);
 *  - latinSearchText(q) + " ": every word as its full key, matched exactly — the trailing space
 *    ends Meilisearch's prefix match (Aliyev → ali, not ali…; election → elect, not electricity).
 * A form whose words equal the typed words adds nothing and is dropped; none is sent for a query
 * using phrase or negation operators.
 */
export function crossScriptForms(q: string): string[] {
  if (q.trim() === "" || QUERY_OPERATORS.test(q)) return [];
  const lastWordOpen = endsInPartialWord(q);
  const typed = tokenize(q)
    .map((token) => token.text.toLowerCase())
    .join(" ");
  const seen = new Set([typed]);
  const forms: string[] = [];
  for (const form of [latinQuery(q).trim() + (lastWordOpen ? "" : " "), latinSearchText(q).trim() + " "]) {
    const words = form.trim();
    if (words === "" || seen.has(words)) continue;
    seen.add(words);
    forms.push(form);
  }
  return forms;
}

export function toMeiliDocument(doc: SearchDocument): MeiliArticle {
  const publishedMs = Date.parse(doc.publishedAt);
  if (Number.isNaN(publishedMs)) throw new RangeError(`Article ${doc.id} has an invalid publishedAt`);
  return {
    ...doc,
    publishedAtTs: Math.floor(publishedMs / 1000),
    month: new Date(publishedMs).toISOString().slice(0, 7),
    latin: latinSearchText([doc.title, doc.summary, doc.body].join("\n"), doc.language),
  };
}

/**
 * Filter expression in Meilisearch's syntax. Every user value is a double-quoted string with
 * `\` and `"` escaped (the filter grammar's only special characters inside quotes), so a value
 * can never close its quotes and inject an operator. Values in one filter are OR-ed (IN),
 * filters are AND-ed; date bounds become numeric comparisons on publishedAtTs.
 */
export function buildFilter(filters: SearchFilters): string | undefined {
  const clauses: string[] = [];
  const anyOf = (attribute: string, values: string[] | undefined) => {
    if (values && values.length > 0) clauses.push(`${attribute} IN [${values.map(quoteFilterValue).join(", ")}]`);
  };
  anyOf("tags", filters.tags);
  anyOf("authors", filters.authors);
  anyOf("language", filters.language);
  anyOf("section", filters.section);
  if (filters.from !== undefined) clauses.push(`${DATE_FIELD} >= ${boundSeconds(filters.from, "from")}`);
  if (filters.to !== undefined) clauses.push(`${DATE_FIELD} <= ${boundSeconds(filters.to, "to")}`);
  return clauses.length > 0 ? clauses.join(" AND ") : undefined;
}

/** Whether from/to can be turned into a bound; search() answers "nothing matches" otherwise. */
export function hasValidDateBounds(filters: SearchFilters): boolean {
  return [filters.from, filters.to].every((bound) => bound === undefined || !Number.isNaN(boundMs(bound, "from")));
}

export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const DAY_MS = 86_400_000;

/** A bare date as upper bound covers that whole day (UTC), as in the embedded engine. */
function boundMs(value: string, bound: "from" | "to"): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!day) return Date.parse(value);
  const start = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  return bound === "to" ? start + DAY_MS - 1 : start;
}

function boundSeconds(value: string, bound: "from" | "to"): number {
  const ms = boundMs(value, bound);
  if (Number.isNaN(ms)) throw new RangeError(`Filter bound "${bound}" is not a valid date`);
  return Math.floor(ms / 1000);
}

function toSearchResult(response: SearchResponse<MeiliArticle>, facets: FacetName[]): SearchResult {
  const matched = response.totalHits ?? response.estimatedTotalHits ?? 0;
  const distribution = response.facetDistribution ?? {};
  return {
    total: Math.min(matched, MAX_TOTAL_HITS),
    hits: response.hits.map(toSearchHit),
    facets: Object.fromEntries(facets.map((name) => [name, { ...(distribution[name] ?? {}) }])),
  };
}

function toSearchHit(hit: Hit<MeiliArticle>): SearchHit {
  const formatted = hit._formatted ?? {};
  return {
    id: hit.id,
    title: hit.title,
    url: hit.url ?? null,
    summary: hit.summary,
    publishedAt: hit.publishedAt,
    tags: hit.tags ?? [],
    authors: hit.authors ?? [],
    imageUrl: hit.imageUrl ?? null,
    language: hit.language,
    section: hit.section,
    highlight: {
      title: renderMarked(formatted.title ?? hit.title),
      snippet: renderMarked(pickSnippet(formatted.body, formatted.summary)),
    },
  };
}

/** The cropped field that shows a match, body first; the summary's crop when neither does. */
function pickSnippet(body: string | undefined, summary: string | undefined): string {
  const hasMark = (text: string | undefined): text is string => text !== undefined && text.includes(MARK_START);
  if (hasMark(body)) return body;
  if (hasMark(summary)) return summary;
  return summary || body || "";
}

function toSuggestion(hit: Hit<MeiliArticle>): Suggestion {
  return {
    id: hit.id,
    title: hit.title,
    url: hit.url ?? null,
    highlight: renderMarked(hit._formatted?.title ?? hit.title),
  };
}

/** True when Meilisearch answered 400 (the request itself was refused, the server is fine). */
function isRejectedRequest(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof MeilisearchApiError && e.response.status === 400) return true;
  }
  return false;
}

/** Enough to diagnose in logs (the error and its causes) without dumping request bodies. */
function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    if (e instanceof Error) parts.push(`${e.name}: ${e.message}`);
    else if (typeof e === "object" && "message" in e) parts.push(String((e as { message: unknown }).message));
    else parts.push(String(e));
    if (typeof e !== "object") break;
  }
  return parts.join(" <- ");
}
