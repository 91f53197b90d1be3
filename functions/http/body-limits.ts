import { createMiddleware } from "hono/factory";
import { bodyLimit } from "hono/body-limit";

const KB = 1024;
const MB = 1024 * KB;

/**
 * The largest body each route takes, matched to what it can store: past it, a 413 problem before
 * the body is read. Routes not listed take DEFAULT_LIMIT. Methods without a body are unaffected.
 */
const LIMITS: Array<{ method: string; path: RegExp; bytes: number }> = [
  // Lambda takes 6 MB per synchronous request: a larger batch could never reach the function.
  { method: "POST", path: /^\/v1\/articles\/batch$/, bytes: 6 * MB },
  // A 500,000-character body of HTML; the clean article must still fit one 400 KB item (checked at ingest).
  { method: "PUT", path: /^\/v1\/articles\/[^/]+$/, bytes: 2 * MB },
  // One DynamoDB item holds 400 KB; the cleaned groups are checked against MAX_SYNONYMS_BYTES too.
  { method: "PUT", path: /^\/v1\/admin\/synonyms$/, bytes: 400 * KB },
  // 100 events of at most ~600 bytes each.
  { method: "POST", path: /^\/v1\/events$/, bytes: 256 * KB },
];
export const DEFAULT_LIMIT = 64 * KB;

const limiters = new Map<number, ReturnType<typeof bodyLimit>>();
const limiter = (bytes: number) => {
  let l = limiters.get(bytes);
  if (!l) limiters.set(bytes, (l = bodyLimit({ maxSize: bytes })));
  return l;
};

export const routeBodyLimits = createMiddleware(async (c, next) => {
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return next();
  const path = c.req.path;
  const bytes = LIMITS.find((l) => l.method === c.req.method && l.path.test(path))?.bytes ?? DEFAULT_LIMIT;
  return limiter(bytes)(c, next);
});
