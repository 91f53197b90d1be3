/**
 * HTTP conventions of every answer, mostly from Hono's own middleware: a request id, security headers,
 * CORS for browsers on any origin, gzip (gzip.ts), and ETag validators with Cache-Control on cacheable GETs.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { etag } from "hono/etag";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { createHash } from "node:crypto";
import { compressAnswers } from "./gzip.js";

/**
 * How long shared caches (a CDN, the browser) may keep each public GET. Answers that depend on the
 * caller (a visitor id, a key) say so themselves (routes/related.ts) or are made private below.
 */
export const CACHE_POLICIES: ReadonlyArray<readonly [pattern: RegExp, cacheControl: string]> = [
  [/^\/v1\/search$/, "public, max-age=30, stale-while-revalidate=60"],
  [/^\/v1\/suggest$/, "public, max-age=60, stale-while-revalidate=60"],
  [/^\/v1\/articles\/[^/]+$/, "public, max-age=60, stale-while-revalidate=300"],
  [/^\/v1\/articles\/[^/]+\/reviews$/, "public, max-age=30, stale-while-revalidate=60"],
  [/^\/openapi\.json$/, "public, max-age=300"],
];

/** Paths answered with data or code for other origins; everything else is a page. */
const isApiPath = (path: string) => path.startsWith("/v1/") || path.startsWith("/widgets/") || path === "/openapi.json" || path.startsWith("/docs/assets/");

/** API answers are data: nothing in them may run, load or be framed. Other origins may read them. */
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginResourcePolicy: "cross-origin",
  crossOriginOpenerPolicy: false,
  referrerPolicy: "strict-origin-when-cross-origin",
  xFrameOptions: "DENY",
});

/** Pages load scripts, styles and data from their own origin only, and may be framed by it alone. */
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:", "https:"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
  },
  referrerPolicy: "strict-origin-when-cross-origin",
});

/**
 * /docs renders with the bundled Scalar reference, which writes inline scripts and styles; it may
 * still only talk to this origin, so the page works, and stays, offline.
 */
export const docsHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    workerSrc: ["'self'", "blob:"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'self'"],
  },
  referrerPolicy: "strict-origin-when-cross-origin",
});

const securityHeaders: MiddlewareHandler = (c, next) => {
  const path = c.req.path;
  if (path === "/docs") return docsHeaders(c, next);
  return (isApiPath(path) ? apiHeaders : pageHeaders)(c, next);
};

/** Any origin may call the public API from a browser; keys travel in Authorization, never in cookies. */
const apiCors = cors({
  origin: "*",
  allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
  allowHeaders: ["Authorization", "Content-Type", "If-None-Match", "X-Request-Id"],
  exposeHeaders: ["ETag", "Retry-After", "X-Request-Id"],
  maxAge: 86400,
});

/** Cache-Control from CACHE_POLICIES on successful GETs that did not set their own. */
const cacheControl: MiddlewareHandler = async (c, next) => {
  await next();
  if ((c.req.method !== "GET" && c.req.method !== "HEAD") || c.res.status !== 200 || c.res.headers.has("Cache-Control")) return;
  const policy = CACHE_POLICIES.find(([pattern]) => pattern.test(c.req.path))?.[1];
  if (!policy) return;
  // A keyed request may see what the public does not (an embargoed article): never shared.
  c.header("Cache-Control", c.req.header("Authorization") ? "private, no-store" : policy);
};

/**
 * ETag digests hashed in place: the default, Web Crypto's async digest, hands every answer to the
 * thread pool and back, about 0.3 ms of each request for a few kilobytes of JSON.
 */
const sha1 = (body: Uint8Array) => {
  const digest = createHash("sha1").update(body).digest();
  return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength) as ArrayBuffer;
};

/** The middleware chain, outermost first; mounted before every route. */
export function httpConventions(): MiddlewareHandler[] {
  return [
    requestId(),
    securityHeaders,
    async (c, next) => (isApiPath(c.req.path) ? apiCors(c, next) : next()),
    // Outside etag, so the validator is computed over the uncompressed body (and marked weak once compressed).
    compressAnswers(),
    etag({ generateDigest: sha1 }),
    cacheControl,
  ];
}
