/**
 * Response compression in one zlib call. Hono's compress() pipes every answer through a
 * CompressionStream, and that stream plumbing cost a search about 0.3 ms, as much as the search
 * itself on a small archive. Answers here are whole bodies a few kilobytes long, so they are
 * compressed at once; large ones (the API document, the docs page) on zlib's thread pool.
 * Same rules as compress(): gzip or deflate as Accept-Encoding prefers, compressible types of 1 KB
 * or more, never a HEAD, a 206, an encoded answer or one marked no-transform.
 */
import type { MiddlewareHandler } from "hono";
import { parseAccept } from "hono/utils/accept";
import { COMPRESSIBLE_CONTENT_TYPE_REGEX } from "hono/utils/compress";
import { promisify } from "node:util";
import { deflate, deflateSync, gzip, gzipSync } from "node:zlib";

const THRESHOLD = 1024;
/** Bodies up to this size are compressed on the request's own thread (a few hundred µs at most). */
const INLINE_LIMIT = 64 * 1024;
const ENCODERS = {
  gzip: { inline: gzipSync, pooled: promisify(gzip) },
  deflate: { inline: deflateSync, pooled: promisify(deflate) },
} as const;
type Encoding = keyof typeof ENCODERS;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;
const VARIES_BY_ENCODING = /(?:^|,)\s*accept-encoding\s*(?:,|$)/i;

/** gzip unless the client prefers deflate; undefined when it takes neither. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepts = parseAccept(acceptEncoding);
  const wildcard = accepts.find((a) => a.type === "*")?.q ?? 0;
  let best: { encoding: Encoding; q: number } | undefined;
  for (const encoding of Object.keys(ENCODERS) as Encoding[]) {
    const q = accepts.find((a) => a.type.toLowerCase() === encoding)?.q ?? wildcard;
    if (q > 0 && (!best || q > best.q)) best = { encoding, q };
  }
  return best?.encoding;
}

export function compressAnswers(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    const type = res.headers.get("Content-Type");
    const length = res.headers.get("Content-Length");
    if (
      c.req.method === "HEAD" ||
      res.status === 206 ||
      res.headers.has("Content-Encoding") ||
      res.headers.has("Transfer-Encoding") ||
      (length !== null && Number(length) < THRESHOLD) ||
      !type ||
      !COMPRESSIBLE_CONTENT_TYPE_REGEX.test(type) ||
      NO_TRANSFORM.test(res.headers.get("Cache-Control") ?? "")
    ) {
      return;
    }
    const vary = res.headers.get("Vary");
    if (vary !== "*" && !VARIES_BY_ENCODING.test(vary ?? "")) c.header("Vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    const encoding = chooseEncoding(c.req.header("Accept-Encoding"));
    // Only now the body: reading it turns @hono/node-server's light response into a full one.
    if (!encoding || !res.body) return;
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.byteLength < THRESHOLD) {
      c.res = new Response(body, c.res);
      return;
    }
    const encoder = ENCODERS[encoding];
    const compressed = body.byteLength <= INLINE_LIMIT ? encoder.inline(body) : await encoder.pooled(body);
    const headers = new Headers(c.res.headers);
    headers.set("Content-Encoding", encoding);
    headers.set("Content-Length", String(compressed.byteLength));
    const etag = headers.get("ETag");
    if (etag && !etag.startsWith("W/")) headers.set("ETag", `W/${etag}`);
    c.res = undefined;
    c.res = new Response(compressed, { status: res.status, statusText: res.statusText, headers });
  };
}
