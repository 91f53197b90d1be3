/**
 * A lean HTTP/1.1 client with keep-alive for the load generator. node:http rather than fetch:
 * fetch adds client-side overhead that would be counted as server latency. It asks for gzip, as
 * browsers and mobile HTTP stacks do, so the server's compression is timed; the body is unzipped
 * after the clock stops.
 */
import http from "node:http";
import { gunzipSync } from "node:zlib";

export interface HttpResult {
  status: number;
  body: string;
  /** From just before the request is written until the last byte of the body has arrived. */
  ms: number;
}

export interface RequestSpec {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  body?: unknown;
  /** The reader's client address, sent as X-Forwarded-For (the server runs with TRUST_PROXY=true). */
  address?: string;
}

export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    private readonly headers: Record<string, string> = {},
    maxSockets = 64,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(spec: RequestSpec, timeoutMs = 120_000): Promise<HttpResult> {
    return this.send(spec, timeoutMs, true);
  }

  private send(spec: RequestSpec, timeoutMs: number, mayRetry: boolean): Promise<HttpResult> {
    const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const headers: Record<string, string | number> = { "accept-encoding": "gzip", ...this.headers, ...(spec.address ? { "x-forwarded-for": spec.address } : {}) };
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        { host: "127.0.0.1", port: this.port, method: spec.method, path: spec.path, agent: this.agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const ms = performance.now() - started;
            const raw = Buffer.concat(chunks);
            try {
              const body = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
              resolve({ status: res.statusCode ?? 0, body: body.toString("utf8"), ms });
            } catch (err) {
              reject(err);
            }
          });
          res.on("error", reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${spec.method} ${spec.path}: no answer in ${timeoutMs} ms`)));
      req.on("error", (err: NodeJS.ErrnoException) => {
        // The server closed an idle keep-alive connection just as this request went out on it: the
        // request never reached the server, so it is sent again (and timed afresh) on a new one.
        if (mayRetry && req.reusedSocket && err.code === "ECONNRESET") this.send(spec, timeoutMs, false).then(resolve, reject);
        else reject(err);
      });
      req.end(payload);
    });
  }

  async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.request(spec);
    if (res.status >= 400) throw new Error(`${spec.method} ${spec.path} → ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
