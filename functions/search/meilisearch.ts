/**
 * The Meilisearch adapter of the search port, on the official `meilisearch` client.
 * Written from Meilisearch's documentation and source. Every request the tests make it send is
 * validated against Meilisearch's published OpenAPI document; behaviour against a real server is
 * checked by the shared contract suite whenever MEILISEARCH_HOST is set (docs/meilisearch.md).
 */
import {
  Meilisearch,
  MeilisearchApiError,
  type EnqueuedTask,
  type Hit,
  type Index,
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
import { CROP_MARKER, MARK_END, MARK_START, markRanges, renderMarked } from "./highlight.js";
import { DATE_FIELD, FOLDED_FILTER_FIELDS, LATIN_FIELDS, MEILISEARCH_SETTINGS, NEWEST_FIRST, PRIMARY_KEY, STORY_FIELD, mergeSynonymGroups } from "./settings.js";
import { endsInPartialWord, foldText, latinQuery, latinSearchText, searchKey, tokenize } from "../text/index.js";

/** What the index stores: the port's document plus fields only Meilisearch needs. */
export interface MeiliArticle extends SearchDocument {
  /** publishedAt as epoch milliseconds: filters and sorts compare numbers. */
  publishedAtMs: number;
  /** "YYYY-MM" (UTC), the `month` facet. */
  month: string;
  /** Latin-script match keys of each text field, for cross-script matching. */
  titleLatin: string;
  summaryLatin: string;
  bodyLatin: string;
  /** Folded copies of the filterable strings (settings.ts FOLDED_FILTER_FIELDS). */
  tagsFolded: string[];
  authorsFolded: string[];
  languageFolded: string;
  sectionFolded: string;
}

/** The oldest Meilisearch this adapter supports: `typoTolerance.disableOnNumbers` arrived in 1.15. */
export const MIN_MEILISEARCH_VERSION = "1.15.0";
/** From this version, cross-script queries go out as one federated search with exact totals (federation.page/hitsPerPage). */
export const FEDERATED_PAGING_VERSION = "1.34.0";
/** From this version a federated search takes `distinct` (collapse=story); before, a collapsed search goes out as the query as typed. */
export const FEDERATED_DISTINCT_VERSION = "1.40.0";

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
  /** Pause between two polls of a task. */
  taskPollIntervalMs?: number;
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
/** Meilisearch considers the first ten words of a query: the strongest key terms of a "more like this". */
const MLT_WORDS = 10;
const MLT_FIELDS = ["titleLatin", "summaryLatin", "bodyLatin"] as const;

/** Cropped snippet: about this many words around the first match (as in the embedded engine). */
export const SNIPPET_WORDS = 30;

/** Fields a hit needs; body keys and folded copies stay in the index. `body` is kept for the snippet, title and summary keys for cross-script marks. */
const HIT_ATTRIBUTES = ["id", "title", "url", "summary", "body", "publishedAt", "tags", "authors", "imageUrl", "language", "section", STORY_FIELD, LATIN_FIELDS.title, LATIN_FIELDS.summary];

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
  override readonly name: string = "SearchEngineError";
  constructor(
    readonly operation: string,
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? `The search engine could not complete the ${operation} request.`, options);
  }
}

/** The server is older than MIN_MEILISEARCH_VERSION: init() refuses to set it up. */
export class UnsupportedMeilisearchVersion extends SearchEngineError {
  override readonly name = "UnsupportedMeilisearchVersion";
  constructor(readonly version: string) {
    super("init", { message: `Meilisearch ${version} is not supported: this service needs Meilisearch ${MIN_MEILISEARCH_VERSION} or later (docs/meilisearch.md).` });
  }
}

/** "1.34.2" → [1, 34, 2]; a pre-release suffix is ignored. */
export function parseVersion(version: string): [number, number, number] {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) throw new RangeError(`Unreadable Meilisearch version "${version}"`);
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function versionAtLeast(version: string, minimum: string): boolean {
  const [a, b] = [parseVersion(version), parseVersion(minimum)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

export function createMeilisearchEngine(opts: MeilisearchEngineOptions): SearchEngine {
  const indexUid = opts.indexUid ?? DEFAULT_INDEX_UID;
  // Built at the first call, not at import: the client's constructor loads Node's fetch (undici),
  // about a sixth of the API function's init, which a request pays only once it reaches the engine.
  let connected: { client: Meilisearch; index: Index<MeiliArticle> } | undefined;
  const meili = () => {
    if (!connected) {
      const client = opts.client ?? new Meilisearch({ host: opts.host, apiKey: opts.apiKey });
      connected = { client, index: client.index<MeiliArticle>(indexUid) };
    }
    return connected;
  };
  const logger = opts.logger ?? console;
  const taskTimeoutMs = opts.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
  const taskPollIntervalMs = opts.taskPollIntervalMs ?? TASK_POLL_INTERVAL_MS;

  /** GET /version, once per process (again after a failure). */
  let version: Promise<string> | undefined;
  function serverVersion(): Promise<string> {
    version ??= meili().client.getVersion().then(
      (v) => {
        logger.info(JSON.stringify({ msg: "meilisearch version", version: v.pkgVersion }));
        return v.pkgVersion;
      },
      (error: unknown) => {
        version = undefined;
        throw error;
      },
    );
    return version;
  }

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
    const task = await meili().client.tasks.waitForTask(enqueued.taskUid, { timeout: taskTimeoutMs, interval: taskPollIntervalMs });
    const accepted = task.status === "succeeded" || acceptableErrors.includes(task.error?.code ?? "");
    if (!accepted) throw new TaskFailure(operation, task);
    return task;
  }

  /** GET /indexes/{uid}: false on index_not_found, any other failure thrown. */
  async function indexExists(): Promise<boolean> {
    try {
      await meili().index.getRawInfo();
      return true;
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === "index_not_found") return false;
      throw error;
    }
  }

  function searchParams(req: SearchRequest, q: string): SearchParams {
    const filter = buildFilter(req.filters);
    // An empty query has no relevance to rank by: newest first, as the API promises.
    const sort = q.trim() === "" || req.sort === "newest" ? [NEWEST_FIRST] : undefined;
    return {
      ...(filter ? { filter } : {}),
      ...(sort ? { sort } : {}),
      // Drop the most frequent words first when no document holds them all, as the embedded engine does.
      matchingStrategy: "frequency",
      attributesToRetrieve: HIT_ATTRIBUTES,
      // Snippet fields must be highlighted too, or the cropped text would carry no marks. The
      // title's and summary's Latin keys carry the marks of a cross-script match back to them (toSearchHit).
      attributesToHighlight: ["title", LATIN_FIELDS.title, "summary", LATIN_FIELDS.summary, "body"],
      attributesToCrop: ["body", "summary"],
      cropLength: SNIPPET_WORDS,
      cropMarker: CROP_MARKER,
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
    };
  }

  async function searchOneScript(req: SearchRequest, q: string): Promise<SearchResponse<MeiliArticle>> {
    return meili().index.search<MeiliArticle>(q, {
      ...searchParams(req, q),
      ...(req.facets.length ? { facets: [...req.facets] } : {}),
      ...(req.collapse === "story" ? { distinct: STORY_FIELD } : {}),
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
      // Only here: Meilisearch refuses distinct on both the federation and its queries.
      ...(req.collapse === "story" ? { distinct: STORY_FIELD } : {}),
    };
    return meili().client.multiSearch<{ federation: PagedFederation; queries: MultiSearchQueryWithFederation[] }, MeiliArticle>({
      federation,
      queries,
    });
  }

  /** POST /indexes/{uid}/similar: the reference document's neighbours by the embedder's vectors. */
  async function similarDocuments(id: string, limit: number, embedder: string): Promise<SimilarArticle[]> {
    const response = await meili().index.searchSimilarDocuments<{ id: string }>({
      id: toDocumentId(id),
      embedder,
      limit,
      attributesToRetrieve: ["id"],
      showRankingScore: true,
    });
    return response.hits.map((hit) => ({ id: fromDocumentId(String(hit.id)), score: hit._rankingScore ?? 0 }));
  }

  return {
    name: "meilisearch",

    // Called by the reindex job (once per deploy) and local start-up, never per indexer container.
    init: () =>
      guard("init", async () => {
        const running = await serverVersion();
        if (!versionAtLeast(running, MIN_MEILISEARCH_VERSION)) throw new UnsupportedMeilisearchVersion(running);
        // Created only when missing (explicit primary key), so a second run enqueues no failing task;
        // a creation racing another one still ends in index_already_exists, which is fine.
        if (!(await indexExists())) {
          await settle("create index", await meili().client.createIndex(indexUid, { primaryKey: PRIMARY_KEY }), ["index_already_exists"]);
        }
        await settle("update settings", await meili().index.updateSettings(MEILISEARCH_SETTINGS));
      }),

    upsert: (docs) =>
      guard("upsert", async () => {
        // Meilisearch fails a whole batch for one document it cannot take: such a document is left
        // out and logged, so it never holds back the others (nor a stream shard behind them).
        const accepted = docs.filter((doc) => {
          const problem = documentProblem(doc);
          if (problem) logger.error(JSON.stringify({ msg: "meilisearch document skipped", index: indexUid, id: doc.id, problem }));
          return problem === undefined;
        });
        const enqueued: EnqueuedTask[] = [];
        // Sequential: task uids then follow the input order, so a later version of a document wins.
        for (let at = 0; at < accepted.length; at += DOCUMENT_BATCH_SIZE) {
          const batch = accepted.slice(at, at + DOCUMENT_BATCH_SIZE).map(toMeiliDocument);
          enqueued.push(await meili().index.addDocuments(batch, { primaryKey: PRIMARY_KEY }));
        }
        // A write acknowledged to the caller must already be searchable.
        for (const task of enqueued) await settle("add documents", task);
      }),

    remove: (ids) =>
      guard("remove", async () => {
        if (ids.length === 0) return;
        await settle("delete documents", await meili().index.deleteDocuments(ids.map(toDocumentId)));
      }),

    clear: () =>
      guard("clear", async () => {
        await settle("delete all documents", await meili().index.deleteAllDocuments());
      }),

    search: (req) =>
      guard("search", async () => {
        // A date bound that is not a date matches nothing rather than being dropped or failing.
        if (!hasValidDateBounds(req.filters)) return { total: 0, hits: [], facets: Object.fromEntries(req.facets.map((name) => [name, {}])) };
        // Trailing whitespace is kept: it tells Meilisearch the last word is complete (no prefix match).
        const q = req.q.trim() === "" ? "" : req.q.trimStart();
        const forms = crossScriptForms(q);
        // Before 1.34 a federated search cannot be paged with exact totals: the query as typed only.
        const federated = forms.length > 0 && versionAtLeast(await serverVersion(), req.collapse === "story" ? FEDERATED_DISTINCT_VERSION : FEDERATED_PAGING_VERSION);
        const response = federated ? await searchFederated(req, q, forms) : await searchOneScript(req, q);
        return toSearchResult(response, req.facets);
      }),

    suggest: (q, limit, filters = {}) =>
      guard("suggest", async () => {
        if (q.trim() === "" || limit < 1 || !hasValidDateBounds(filters)) return [];
        const query = q.trimStart();
        const filter = buildFilter(filters);
        const response = await meili().index.search<MeiliArticle>(query, {
          ...(filter ? { filter } : {}),
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
        await settle("update synonyms", await meili().index.updateSynonyms(mergeSynonymGroups(groups)));
      }),

    count: () => guard("count", async () => (await meili().index.getStats()).numberOfDocuments),

    // The *Latin fields hold every word's match key, so the key terms are searched there; "frequency"
    // drops the most common words first when too few documents hold them all. Meilisearch reads ten words.
    moreLikeThis: (q) =>
      guard("moreLikeThis", async () => {
        const words = [...new Set(q.terms.map((t) => t.term))].slice(0, MLT_WORDS);
        if (words.length === 0 || q.limit < 1) return [];
        const response = await meili().index.search<{ id: string; related?: unknown }>(words.join(" ") + " ", {
          attributesToSearchOn: [...MLT_FIELDS],
          matchingStrategy: "frequency",
          attributesToRetrieve: ["id", "related"],
          ...(q.within ? { filter: buildFilter({ from: q.within.from, to: q.within.to }) } : {}),
          limit: q.limit + 1,
          showRankingScore: true,
        });
        return response.hits
          .map((hit) => ({
            id: fromDocumentId(String(hit.id)),
            score: hit._rankingScore ?? 0,
            ...(typeof hit.related === "string" && hit.related ? { related: hit.related } : {}),
          }))
          .filter((hit) => hit.id !== q.id)
          .slice(0, q.limit);
      }),

    // GET /tasks?statuses=enqueued,processing&indexUids=…&limit=1&reverse=true: `total` counts them, the one result is the oldest.
    taskQueue: () =>
      guard("tasks", async () => {
        const page = await meili().client.tasks.getTasks({ statuses: ["enqueued", "processing"], indexUids: [indexUid], limit: 1, reverse: true });
        return { pending: page.total, oldestEnqueuedAt: page.results[0]?.enqueuedAt ?? null };
      }),

    ...(opts.embedder ? { similar: (id: string, limit: number) => guard("similar", () => similarDocuments(id, limit, opts.embedder!)) } : {}),

    ping: async () => {
      try {
        return (await meili().client.health()).status === "available";
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

/** Meilisearch's rule for a document id: letters a-z A-Z, digits, - and _, at most 511 bytes. */
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,511}$/;
const ID_ESCAPES: Record<string, string> = { _: "_u", ".": "_d", ":": "_c" };
const ID_UNESCAPES: Record<string, string> = { u: "_", d: ".", c: ":" };

/**
 * An article id as a Meilisearch document id. Article ids may hold `.` and `:` (articles/model.ts),
 * which Meilisearch refuses; they are written `_d` and `_c`, and `_` itself `_u`, so the mapping is
 * reversible and leaves every id without those three characters unchanged.
 */
export function toDocumentId(articleId: string): string {
  return articleId.replace(/[_.:]/g, (c) => ID_ESCAPES[c]);
}

export function fromDocumentId(documentId: string): string {
  return documentId.replace(/_([udc])/g, (_, c: string) => ID_UNESCAPES[c]);
}

/** Why Meilisearch would refuse a document (and with it its whole batch); undefined when it takes it. */
export function documentProblem(doc: SearchDocument): string | undefined {
  if (typeof doc.id !== "string" || !DOCUMENT_ID.test(toDocumentId(doc.id))) return "id cannot be a Meilisearch document id (letters, digits, - _ . :, at most 511 bytes)";
  return undefined;
}

export function toMeiliDocument({ keyTerms: _keyTerms, ...doc }: SearchDocument): MeiliArticle {
  // An unreadable date counts as the epoch, as in the embedded engine: indexed, oldest of all.
  const parsed = Date.parse(doc.publishedAt);
  const publishedMs = Number.isFinite(parsed) ? parsed : 0;
  return {
    ...doc,
    id: toDocumentId(doc.id),
    publishedAtMs: publishedMs,
    month: new Date(publishedMs).toISOString().slice(0, 7),
    titleLatin: latinSearchText(doc.title, doc.language),
    summaryLatin: latinSearchText(doc.summary, doc.language),
    bodyLatin: latinSearchText(doc.body, doc.language),
    tagsFolded: doc.tags.map(foldText),
    authorsFolded: doc.authors.map(foldText),
    languageFolded: foldText(doc.language),
    sectionFolded: foldText(doc.section),
  };
}

/**
 * Filter expression in Meilisearch's syntax. Every user value is folded like the stored copies
 * (FOLDED_FILTER_FIELDS) and written as a double-quoted string (quoteFilterValue), so a value can
 * never close its quotes and inject an operator. Values in one filter are OR-ed (IN), filters are
 * AND-ed; date bounds become numeric comparisons on the epoch milliseconds.
 */
export function buildFilter(filters: SearchFilters): string | undefined {
  const clauses: string[] = [];
  const anyOf = (attribute: string, values: string[] | undefined) => {
    if (values && values.length > 0) clauses.push(`${attribute} IN [${values.map((v) => quoteFilterValue(foldText(v))).join(", ")}]`);
  };
  anyOf(FOLDED_FILTER_FIELDS.tags, filters.tags);
  anyOf(FOLDED_FILTER_FIELDS.authors, filters.authors);
  anyOf(FOLDED_FILTER_FIELDS.language, filters.language);
  anyOf(FOLDED_FILTER_FIELDS.section, filters.section);
  anyOf("month", filters.month);
  if (filters.from !== undefined) clauses.push(`${DATE_FIELD} >= ${boundMsChecked(filters.from, "from")}`);
  if (filters.to !== undefined) clauses.push(`${DATE_FIELD} <= ${boundMsChecked(filters.to, "to")}`);
  return clauses.length > 0 ? clauses.join(" AND ") : undefined;
}

/** Whether from/to can be turned into a bound; search() answers "nothing matches" otherwise. */
export function hasValidDateBounds(filters: SearchFilters): boolean {
  return [filters.from, filters.to].every((bound) => bound === undefined || !Number.isNaN(boundMs(bound, "from")));
}

/**
 * A value as a double-quoted string of Meilisearch's filter grammar (filter-parser value.rs, since
 * 1.4): the parser first turns `\"` into `"`, then unescapes the result like a Rust string (`\\`
 * → `\`, `\n` → newline, …). So every `\` is doubled and every `"` escaped: any value, backslashes
 * included, arrives unchanged and stays one value.
 */
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

function boundMsChecked(value: string, bound: "from" | "to"): number {
  const ms = boundMs(value, bound);
  if (Number.isNaN(ms)) throw new RangeError(`Filter bound "${bound}" is not a valid date`);
  return ms;
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
    id: fromDocumentId(hit.id),
    title: hit.title,
    url: hit.url ?? null,
    summary: hit.summary,
    publishedAt: hit.publishedAt,
    tags: hit.tags ?? [],
    authors: hit.authors ?? [],
    imageUrl: hit.imageUrl ?? null,
    language: hit.language,
    section: hit.section,
    storyId: typeof hit.storyId === "string" && hit.storyId ? hit.storyId : fromDocumentId(hit.id),
    highlight: {
      title: titleHighlight(hit.title, formatted.title, formatted.titleLatin, hit.language),
      snippet: snippetHighlight(hit),
    },
  };
}

/**
 * The title with Meilisearch's marks. A hit found through its Latin keys (a Cyrillic title for
 * "Putin") has no marks in the title itself: the marked keys are then mapped back to its words.
 */
export function titleHighlight(title: string, formattedTitle: string | undefined, formattedLatin: string | undefined, language: string): string {
  if (formattedTitle?.includes(MARK_START)) return renderMarked(formattedTitle);
  return markFromKeys(title, formattedLatin, language) ?? renderMarked(formattedTitle ?? title);
}

/**
 * `text` as HTML with the words marked whose Latin keys Meilisearch marked in `formattedKeys`
 * (latinSearchText writes one key per word, in order). Undefined when nothing is marked or the keys
 * do not line up with the words.
 */
function markFromKeys(text: string, formattedKeys: string | undefined, language: string): string | undefined {
  if (!formattedKeys?.includes(MARK_START)) return undefined;
  const keys = formattedKeys.split(" ");
  const tokens = tokenize(text);
  if (keys.length !== tokens.length) return undefined;
  const ranges: Array<[number, number]> = [];
  tokens.forEach((token, i) => {
    const key = keys[i];
    if (key.includes(MARK_START) && key.replace(/[\uE000\uE001]/g, "") === searchKey(token.norm, language)) ranges.push([token.start, token.end]);
  });
  return ranges.length > 0 ? markRanges(text, ranges) : undefined;
}

/**
 * The cropped field that shows a match, body first; then a short summary marked through its Latin
 * keys (a cross-script hit); else the summary's crop.
 */
function snippetHighlight(hit: Hit<MeiliArticle>): string {
  const formatted = hit._formatted ?? {};
  const hasMark = (text: string | undefined): text is string => text !== undefined && text.includes(MARK_START);
  if (hasMark(formatted.body)) return renderMarked(formatted.body);
  if (hasMark(formatted.summary)) return renderMarked(formatted.summary);
  const crossScript = hit.summary && tokenize(hit.summary).length <= SNIPPET_WORDS ? markFromKeys(hit.summary, formatted.summaryLatin, hit.language) : undefined;
  return crossScript ?? renderMarked(formatted.summary || formatted.body || "");
}

function toSuggestion(hit: Hit<MeiliArticle>): Suggestion {
  return {
    id: fromDocumentId(hit.id),
    title: hit.title,
    url: hit.url ?? null,
    highlight: renderMarked(hit._formatted?.title ?? hit.title),
  };
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
