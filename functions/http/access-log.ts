/**
 * One structured line per request: method, route pattern, status, duration and request id, as
 * CloudWatch embedded metric format so the same line also feeds the dashboard and alarms (latency
 * of search and related, 5xx, zero-result searches). Never the raw path, query, headers or body:
 * paths carry visitor ids, headers carry keys.
 */
import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { emfLine, type MetricValue } from "../observability/metrics.js";

export type LineWriter = (line: string) => void;

/** Latency metrics by route pattern; other routes log without one. */
const LATENCY_METRIC: Record<string, string> = {
  "/v1/search": "SearchLatency",
  "/v1/suggest": "SuggestLatency",
  "/v1/articles/:id/related": "RelatedLatency",
  "/v1/visitors/:visitorId/recommendations": "RecommendationsLatency",
  "/v1/trending": "TrendingLatency",
};

const noted = new WeakMap<Request, Record<string, MetricValue>>();

/** A route adds a metric to its request's line (e.g. search: SearchZeroResults). */
export function noteMetric(c: Context, name: string, value: number, unit: MetricValue["unit"] = "Count"): void {
  const metrics = noted.get(c.req.raw) ?? {};
  metrics[name] = { value, unit };
  noted.set(c.req.raw, metrics);
}

/**
 * The request id: API Gateway's for this request when running in Lambda (the one its own logs
 * show), else a caller's X-Request-Id when it looks like one, else a new one.
 */
function requestIdOf(c: Context): string {
  const lambda = (c.env as { event?: { requestContext?: { requestId?: unknown } } } | undefined)?.event?.requestContext?.requestId;
  if (typeof lambda === "string" && lambda) return lambda;
  const given = c.req.header("x-request-id");
  if (given && /^[A-Za-z0-9._-]{8,128}$/.test(given)) return given;
  return randomUUID();
}

export function accessLog(write: LineWriter, service = "api"): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdOf(c);
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const status = c.res.status;
      const matched = routePath(c, -1);
      // No handler matched: only the catch-all middleware did.
      const route = status === 404 && (matched === "*" || matched === "/*") ? "(none)" : matched;
      const metrics: Record<string, MetricValue> = { Http5xx: { value: status >= 500 ? 1 : 0, unit: "Count" } };
      const latency = LATENCY_METRIC[route];
      if (latency && c.req.method === "GET" && status < 500) metrics[latency] = { value: ms, unit: "Milliseconds" };
      Object.assign(metrics, noted.get(c.req.raw));
      write(emfLine({ Service: service }, metrics, { fields: { level: status >= 500 ? "error" : "info", msg: "request", requestId, method: c.req.method, route, status, ms } }));
    }
  };
}
