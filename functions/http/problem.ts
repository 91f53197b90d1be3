import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One error type for the whole API, rendered as RFC 9457 problem+json by the app's error handler. */
export class Problem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export const PROBLEM_BASE = "https://newsline.example/problems/";

const TYPES: Partial<Record<number, string>> = {
  400: "invalid-request",
  401: "unauthorized",
  403: "forbidden",
  404: "not-found",
  409: "conflict",
  413: "payload-too-large",
  415: "unsupported-media-type",
  422: "unprocessable",
  429: "rate-limited",
  500: "internal",
  503: "unavailable",
};

export function problemBody(p: Problem, instance?: string) {
  return {
    type: PROBLEM_BASE + (TYPES[p.status] ?? "error"),
    title: p.title,
    status: p.status,
    ...(p.detail ? { detail: p.detail } : {}),
    ...(instance ? { instance } : {}),
    ...(p.errors?.length ? { errors: p.errors } : {}),
  };
}

/** Path segments that hold a visitor id, in every route that has one (and in paths no route matched). */
const VISITOR_SEGMENT = /^(\/v1\/visitors\/|\/v1\/articles\/[^/]+\/reviews\/)[^/]+/;

/** The request path as an error may show it: visitor ids, a reader's only identity, are never echoed. */
export function publicPath(c: Context): string {
  return new URL(c.req.url).pathname.replace(VISITOR_SEGMENT, "$1{visitorId}");
}

export function problemResponse(c: Context, p: Problem): Response {
  return new Response(JSON.stringify(problemBody(p, publicPath(c))), {
    status: p.status,
    headers: { "content-type": "application/problem+json", ...(p.headers ?? {}) },
  });
}

export const notFound = (what: string) => new Problem(404, "Not found", `${what} was not found.`);
export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, "Invalid request", detail, errors);
