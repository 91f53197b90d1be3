/**
 * A Meilisearch stand-in on a real HTTP port, as strict as the server where this service touches it:
 *  - every request is checked against Meilisearch's published OpenAPI document (meilisearch-spec.ts)
 *    and against the server version the fake plays (`version`): what the server would refuse is
 *    answered 400 with Meilisearch's error object, and recorded so the sending test fails;
 *  - asynchronous routes answer 202 with a summarized task, and the task then goes through
 *    enqueued → processing → succeeded or failed, one step per poll of GET /tasks/{uid};
 *  - an index exists once created (POST /indexes, or implicitly by a document write), so creating
 *    it again fails its task with index_already_exists, and GET /indexes/{uid} answers 404 before;
 *  - a full disk answers 422 no_space_left_on_device, an outage 503;
 *  - every answer the fake gives is itself checked against the documented response schema.
 * Requests that arrive over HTTP (from the adapter) are counted for the run's summary.
 * It cannot search: answers to searches come from the test (`search`, `multiSearch`, `similar`),
 * shaped as Meilisearch shapes them.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRequest, checkResponse, isErrorCode } from "./meilisearch-spec.js";
import { countValidated, recordRejected } from "./meilisearch-validation.js";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body: unknown;
}

export interface MeiliError {
  message: string;
  code: string;
  type: "invalid_request" | "internal" | "auth" | "system";
  link: string;
}

type TaskStatus = "enqueued" | "processing" | "succeeded" | "failed";

export interface FakeMeilisearchOptions {
  /** The server version played (GET /version, and which request fields it knows). */
  version?: string;
  /** Indexes that exist before the test. */
  indexes?: string[];
  /** A task's outcome by its type and request; succeeded when undefined. */
  taskError?: (type: string, body: unknown) => Omit<MeiliError, "link"> | undefined;
  search?: (body: Record<string, unknown>) => Record<string, unknown>;
  multiSearch?: (body: Record<string, unknown>) => Record<string, unknown>;
  similar?: (body: Record<string, unknown>) => Record<string, unknown>;
}

const errorLink = (code: string) => `https://docs.meilisearch.com/errors#${code}`;
export const meiliError = (code: string, message: string, type: MeiliError["type"] = "invalid_request"): MeiliError => ({ message, code, type, link: errorLink(code) });

/** Version at which Meilisearch started accepting a request field the adapter may send. */
const VERSION_GATES: Array<{ since: string; applies: (req: RecordedRequest) => boolean; error: MeiliError }> = [
  {
    since: "1.15.0",
    applies: (req) => req.method === "PATCH" && /\/settings$/.test(req.path) && hasPath(req.body, ["typoTolerance", "disableOnNumbers"]),
    error: meiliError(
      "invalid_settings_typo_tolerance",
      "Unknown field `disableOnNumbers` inside `.typoTolerance`: expected one of `enabled`, `minWordSizeForTypos`, `disableOnWords`, `disableOnAttributes`",
    ),
  },
  {
    since: "1.34.0",
    applies: (req) => req.method === "POST" && req.path === "/multi-search" && (hasPath(req.body, ["federation", "page"]) || hasPath(req.body, ["federation", "hitsPerPage"])),
    error: meiliError("bad_request", "Unknown field `page` inside `.federation`: expected one of `limit`, `offset`, `facetsByIndex`, `mergeFacets`, `distinct`"),
  },
  {
    since: "1.40.0",
    applies: (req) => req.method === "POST" && req.path === "/multi-search" && hasPath(req.body, ["federation", "distinct"]),
    error: meiliError("bad_request", "Unknown field `distinct` inside `.federation`: expected one of `limit`, `offset`, `page`, `hitsPerPage`, `facetsByIndex`, `mergeFacets`"),
  },
];

function hasPath(value: unknown, keys: string[]): boolean {
  let at = value;
  for (const key of keys) {
    if (at === null || typeof at !== "object" || !(key in at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

const ROUTE_ERROR_PREFIX: Record<string, string> = {
  "/indexes/{index_uid}/settings": "invalid_settings_",
  "/indexes/{index_uid}/search": "invalid_search_",
  "/indexes/{index_uid}/similar": "invalid_similar_",
};

/**
 * The error code Meilisearch gives a malformed body: the route's code for the first offending field
 * (invalid_settings_typo_tolerance, invalid_search_limit, …); bad_request for an unknown field.
 */
function validationErrorCode(route: string | undefined, problems: string[]): string {
  const field = /^body\/([A-Za-z]+)/.exec(problems[0] ?? "")?.[1];
  const prefix = route ? ROUTE_ERROR_PREFIX[route] : undefined;
  const code = field && prefix ? prefix + field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : undefined;
  return code && isErrorCode(code) ? code : "bad_request";
}

interface FakeTask {
  uid: number;
  indexUid: string | null;
  type: string;
  status: TaskStatus;
  error: MeiliError | null;
  enqueuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Applied when the task succeeds. */
  effect?: () => void;
  outcome: () => MeiliError | null;
}

export class FakeMeilisearch {
  readonly requests: RecordedRequest[] = [];
  readonly tasks = new Map<number, FakeTask>();
  readonly indexes = new Map<string, { primaryKey: string | null; createdAt: string }>();
  /** Answers 503 to everything, as during an outage. */
  down = false;
  /** Refuses document writes as Meilisearch does when its disk is full. */
  diskFull = false;
  /** Closes the connection of requests it matches without an answer (a network failure). */
  disconnect?: (req: RecordedRequest) => boolean;
  /** Answers requests it matches with this status and error instead of handling them. */
  refuse?: (req: RecordedRequest) => { status: number; error: MeiliError } | undefined;
  private server?: Server;
  private nextTask = 0;
  private clock = Date.UTC(2024, 5, 1, 12);

  constructor(readonly options: FakeMeilisearchOptions = {}) {
    for (const uid of options.indexes ?? []) this.indexes.set(uid, { primaryKey: "id", createdAt: this.now() });
  }

  get version(): string {
    return this.options.version ?? "1.53.0";
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://fake");
        const recorded: RecordedRequest = {
          method: req.method ?? "GET",
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          authorization: req.headers.authorization,
          body: raw ? JSON.parse(raw) : undefined,
        };
        this.requests.push(recorded);
        if (this.disconnect?.(recorded)) return res.destroy();
        countValidated();
        const { status, body } = this.handle(recorded);
        const problems = checkResponse(recorded.method, recorded.path, status, body);
        if (problems.length > 0) throw new Error(`the fake answered ${recorded.method} ${recorded.path} unlike Meilisearch: ${problems.join("; ")}`);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests other than task polling, as "METHOD path". */
  calls(): string[] {
    return this.requests.filter((r) => !r.path.startsWith("/tasks/")).map((r) => `${r.method} ${r.path}`);
  }

  documentWrites(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "POST" && /^\/indexes\/[^/]+\/documents$/.test(r.path));
  }

  handle(req: RecordedRequest): { status: number; body: unknown } {
    if (this.down) return { status: 503, body: meiliError("internal", "Meilisearch is unavailable.", "internal") };
    const { route, problems } = checkRequest(req);
    if (problems.length > 0) {
      recordRejected(`${req.method} ${req.path}: ${problems.join("; ")}`);
      return route ? { status: 400, body: meiliError(validationErrorCode(route, problems), problems.join("; ")) } : { status: 404, body: undefined };
    }
    for (const gate of VERSION_GATES) {
      if (compareVersions(this.version, gate.since) < 0 && gate.applies(req)) {
        recordRejected(`${req.method} ${req.path}: Meilisearch ${this.version} refuses it (${gate.error.code}: ${gate.error.message})`);
        return { status: 400, body: gate.error };
      }
    }
    const refused = this.refuse?.(req);
    if (refused) return { status: refused.status, body: refused.error };
    return this.route(req);
  }

  private route(req: RecordedRequest): { status: number; body: unknown } {
    const { method, path } = req;
    const body = req.body as Record<string, unknown>;
    const ok = (b: unknown) => ({ status: 200, body: b });
    if (method === "GET" && path === "/health") return ok({ status: "available" });
    if (method === "GET" && path === "/version") return ok({ commitSha: "b5ba2d1b0a8ff2a3c9b1a71bd2f6ac6a2e0e7a3c", commitDate: "2026-11-20T09:12:44Z", pkgVersion: this.version });
    const task = /^\/tasks\/(\d+)$/.exec(path);
    if (method === "GET" && task) return this.poll(Number(task[1]));
    if (method === "GET" && path === "/tasks") return ok(this.listTasks(req.query));
    if (method === "POST" && path === "/indexes") {
      const uid = String(body.uid);
      return this.enqueue(uid, "indexCreation", body, () => {
        if (this.indexes.has(uid)) return meiliError("index_already_exists", `Index \`${uid}\` already exists.`);
        this.indexes.set(uid, { primaryKey: (body.primaryKey as string | undefined) ?? null, createdAt: this.now() });
        return null;
      });
    }
    if (method === "POST" && path === "/multi-search") return ok(this.options.multiSearch?.(body) ?? emptyHits(body.federation as Record<string, unknown>));
    const indexRoute = /^\/indexes\/([^/]+)(\/.*)?$/.exec(path);
    if (!indexRoute) return { status: 404, body: undefined };
    const [, uid, rest = ""] = indexRoute;
    const index = this.indexes.get(uid);
    const notFound = { status: 404, body: meiliError("index_not_found", `Index \`${uid}\` not found.`) };
    const documentsWrite = rest.startsWith("/documents") && method !== "GET";
    if (documentsWrite && this.diskFull) return { status: 422, body: meiliError("no_space_left_on_device", "No space left on device", "system") };
    switch (`${method} ${rest}`) {
      case "GET ":
        return index ? ok({ uid, createdAt: index.createdAt, updatedAt: index.createdAt, primaryKey: index.primaryKey }) : notFound;
      case "DELETE ":
        return this.enqueue(uid, "indexDeletion", body, () => (this.indexes.delete(uid) ? null : notFound.body));
      case "PATCH /settings":
      case "PUT /settings/synonyms":
        return this.enqueue(uid, "settingsUpdate", body, () => this.implicitIndex(uid, null));
      case "POST /documents":
        return this.enqueue(uid, "documentAdditionOrUpdate", body, () => documentsError(req.body, req.query.primaryKey ?? index?.primaryKey ?? "id") ?? this.implicitIndex(uid, req.query.primaryKey ?? null));
      case "POST /documents/delete-batch":
      case "DELETE /documents":
        return this.enqueue(uid, "documentDeletion", body, () => (index ? null : notFound.body));
      case "POST /search":
        return index ? ok(this.options.search?.(body) ?? { ...emptyHits(body), query: body.q ?? "" }) : notFound;
      case "POST /similar":
        return index ? ok(this.options.similar?.(body) ?? { hits: [], id: body.id, processingTimeMs: 0, limit: body.limit ?? 20, offset: 0, estimatedTotalHits: 0 }) : notFound;
      case "GET /stats":
        return index ? ok({ numberOfDocuments: 42, rawDocumentDbSize: 1024, avgDocumentSize: 24, indexSize: 4096, usedIndexSize: 2048, isIndexing: false, fieldDistribution: { id: 42, title: 42 } }) : notFound;
    }
    return { status: 404, body: undefined };
  }

  private implicitIndex(uid: string, primaryKey: string | null): null {
    if (!this.indexes.has(uid)) this.indexes.set(uid, { primaryKey, createdAt: this.now() });
    return null;
  }

  private enqueue(indexUid: string, type: string, body: unknown, apply: () => MeiliError | null): { status: number; body: unknown } {
    const uid = this.nextTask++;
    const task: FakeTask = {
      uid,
      indexUid,
      type,
      status: "enqueued",
      error: null,
      enqueuedAt: this.now(),
      outcome: () => {
        const injected = this.options.taskError?.(type, body);
        return injected ? { ...injected, link: errorLink(injected.code) } : apply();
      },
    };
    this.tasks.set(uid, task);
    // The summarized task of every asynchronous route, answered with 202.
    return { status: 202, body: { taskUid: uid, indexUid, status: "enqueued", type, enqueuedAt: task.enqueuedAt } };
  }

  /** GET /tasks with the filters the adapter uses (statuses, indexUids, limit, reverse), as AllTasks. */
  private listTasks(query: Record<string, string>) {
    const statuses = query.statuses?.split(",");
    const indexUids = query.indexUids?.split(",");
    const matching = [...this.tasks.values()]
      .filter((t) => (!statuses || statuses.includes(t.status)) && (!indexUids || (t.indexUid !== null && indexUids.includes(t.indexUid))))
      .sort((a, b) => (query.reverse === "true" ? a.uid - b.uid : b.uid - a.uid));
    const limit = query.limit === undefined ? 20 : Number(query.limit);
    const page = matching.slice(0, limit);
    return {
      results: page.map((t) => ({ uid: t.uid, batchUid: null, indexUid: t.indexUid, status: t.status, type: t.type, canceledBy: null, details: {}, error: t.error, duration: null, enqueuedAt: t.enqueuedAt })),
      total: matching.length,
      limit,
      from: page[0]?.uid ?? null,
      next: matching[limit]?.uid ?? null,
    };
  }

  /** One step of the lifecycle per poll: enqueued → processing → succeeded | failed. */
  private poll(uid: number): { status: number; body: unknown } {
    const task = this.tasks.get(uid);
    if (!task) return { status: 404, body: meiliError("task_not_found", `Task \`${uid}\` not found.`) };
    if (task.status === "enqueued") {
      task.status = "processing";
      task.startedAt = this.now();
    } else if (task.status === "processing") {
      task.error = task.outcome();
      task.status = task.error ? "failed" : "succeeded";
      task.finishedAt = this.now();
    }
    const done = task.finishedAt !== undefined;
    return {
      status: 200,
      body: {
        uid: task.uid,
        batchUid: task.startedAt ? task.uid : null,
        indexUid: task.indexUid,
        status: task.status,
        type: task.type,
        canceledBy: null,
        details: {},
        error: task.error,
        duration: done ? "PT0.005S" : null,
        enqueuedAt: task.enqueuedAt,
        ...(task.startedAt ? { startedAt: task.startedAt } : {}),
        ...(task.finishedAt ? { finishedAt: task.finishedAt } : {}),
      },
    };
  }

  private now(): string {
    this.clock += 5;
    return new Date(this.clock).toISOString().replace("Z", "000Z");
  }
}

/** Meilisearch fails a whole document batch for one document without a valid primary key. */
function documentsError(docs: unknown, primaryKey: string): MeiliError | null {
  for (const doc of Array.isArray(docs) ? (docs as Array<Record<string, unknown>>) : []) {
    const id = doc[primaryKey];
    if (id === undefined) return meiliError("missing_document_id", `Document doesn't have a \`${primaryKey}\` attribute: \`${JSON.stringify(doc).slice(0, 100)}\`.`);
    if (!(Number.isInteger(id) || (typeof id === "string" && /^[A-Za-z0-9_-]{1,511}$/.test(id)))) {
      return meiliError(
        "invalid_document_id",
        `Document identifier \`${JSON.stringify(id)}\` is invalid. A document identifier can be of type integer or string, only composed of alphanumeric characters (a-z A-Z 0-9), hyphens (-) and underscores (_), and can not be more than 511 bytes.`,
      );
    }
  }
  return null;
}

/** An answer with no hits, in the pagination shape the request asked for. */
export function emptyHits(params: Record<string, unknown> | undefined) {
  const paged = params?.page !== undefined || params?.hitsPerPage !== undefined;
  return paged
    ? { hits: [], processingTimeMs: 0, hitsPerPage: params?.hitsPerPage ?? 20, page: params?.page ?? 1, totalPages: 0, totalHits: 0 }
    : { hits: [], processingTimeMs: 0, limit: params?.limit ?? 20, offset: params?.offset ?? 0, estimatedTotalHits: 0 };
}
