import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

/**
 * Just enough of Meilisearch's HTTP API for wiring tests: health, searches that find nothing, and
 * writes that enqueue a task which has already succeeded when polled. `down` answers 503 to everything, like an outage.
 */
export class FakeMeilisearch {
  readonly requests: RecordedRequest[] = [];
  down = false;
  /** Rejects document writes only, as when Meilisearch refuses a payload or runs out of disk. */
  failDocumentWrites = false;
  private server?: Server;
  private nextTask = 1;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const path = (req.url ?? "/").split("?")[0];
        this.requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(body));
        };
        if (this.down) return reply(503, { message: "unavailable", code: "internal", type: "internal", link: "" });
        if (this.failDocumentWrites && /^\/indexes\/[^/]+\/documents/.test(path)) {
          return reply(507, { message: "no space left", code: "no_space_left_on_device", type: "system", link: "" });
        }
        if (req.method === "GET" && path === "/health") return reply(200, { status: "available" });
        const task = /^\/tasks\/(\d+)$/.exec(path);
        if (req.method === "GET" && task) {
          return reply(200, { uid: Number(task[1]), indexUid: "articles", status: "succeeded", type: "documentAdditionOrUpdate", error: null, enqueuedAt: new Date().toISOString() });
        }
        if (req.method === "POST" && (/^\/indexes\/[^/]+\/search$/.test(path) || path === "/multi-search")) {
          return reply(200, { hits: [], query: "", processingTimeMs: 1, totalHits: 0, hitsPerPage: 10, page: 1, totalPages: 0, facetDistribution: {} });
        }
        if (req.method !== "GET" && path.startsWith("/indexes")) {
          return reply(202, { taskUid: this.nextTask++, indexUid: "articles", status: "enqueued", type: "task", enqueuedAt: new Date().toISOString() });
        }
        reply(404, { message: `no route ${req.method} ${path}`, code: "not_found", type: "invalid_request", link: "" });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  documentWrites(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "POST" && /^\/indexes\/[^/]+\/documents$/.test(r.path));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
