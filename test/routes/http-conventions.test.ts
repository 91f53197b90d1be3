/**
 * What every client relies on besides the bodies: CORS (with preflight), compression, Cache-Control
 * and ETag on cacheable GETs, security headers, the widget script, an offline /docs, and an OpenAPI
 * document that validates and names, dates and errors everything.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gunzipSync, inflateSync } from "node:zlib";
import { createHash } from "node:crypto";
import { Validator } from "@seriousme/openapi-schema-validator";
import { startTestRuntime, TEST_WRITER_KEY, type TestRuntime } from "../support/runtime.js";
import { WIDGET_PATH } from "../../functions/web/widgets.js";
import { chooseEncoding } from "../../functions/http/gzip.js";

let rt: TestRuntime;
const ORIGIN = "https://partner.example";

beforeAll(async () => {
  rt = await startTestRuntime();
  const articles = Array.from({ length: 12 }, (_, i) => ({
    id: `conv-${i}`,
    title: `Parliament debates the budget, part ${i}`,
    body: "Deputies debated the budget for regions, schools and roads at length. ".repeat(20),
    publishedAt: `2026-02-${String(i + 1).padStart(2, "0")}T09:00:00Z`,
    url: `https://newsline.example/politics/conv-${i}`,
    tags: ["budget"],
  }));
  expect((await rt.call("POST", "/v1/articles/batch", { body: { articles } })).status).toBe(200);
  await rt.indexed();
});
afterAll(async () => rt?.stop());

const get = (path: string, headers: Record<string, string> = {}) => rt.app.request(path, { headers });

describe("CORS", () => {
  it("answers a preflight from any origin for the public and keyed routes", async () => {
    for (const [path, method] of [["/v1/search", "GET"], ["/v1/events", "POST"], ["/v1/articles/conv-1/reviews/visitor-abcdefghijklmnop", "PUT"]]) {
      const res = await rt.app.request(path, {
        method: "OPTIONS",
        headers: { Origin: ORIGIN, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type,authorization" },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("access-control-allow-methods")).toContain(method);
      expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    }
  });

  it("lets other origins read answers, errors and validators", async () => {
    for (const path of ["/v1/search?q=budget", "/v1/articles/nope-404", WIDGET_PATH]) {
      const res = await get(path, { Origin: ORIGIN });
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
    expect((await get("/v1/search?q=budget", { Origin: ORIGIN })).headers.get("access-control-expose-headers")).toContain("ETag");
  });
});

describe("caching and compression", () => {
  it("compresses a search answer and marks it cacheable, with a validator that answers 304", async () => {
    const res = await get("/v1/search?q=budget&limit=10", { "Accept-Encoding": "gzip, br" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(res.headers.get("vary")).toContain("Accept-Encoding");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const raw = Buffer.from(await res.arrayBuffer());
    const body = JSON.parse(gunzipSync(raw).toString("utf8"));
    expect(body.total).toBe(12);
    expect(raw.length).toBeLessThan(JSON.stringify(body).length / 2);
    expect(res.headers.get("etag")).toMatch(/^W\/".+"$/); // weak once compressed
  });

  it("compresses large answers too, deflate when preferred, and nothing a client cannot read", async () => {
    const plain = Buffer.from(await (await get("/openapi.json")).arrayBuffer());
    expect(plain.length).toBeGreaterThan(64 * 1024); // past the inline limit: compressed on the thread pool
    const gz = await get("/openapi.json", { "Accept-Encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    const zipped = Buffer.from(await gz.arrayBuffer());
    expect(Number(gz.headers.get("content-length"))).toBe(zipped.length);
    expect(gunzipSync(zipped).equals(plain)).toBe(true);

    const deflated = await get("/v1/search?q=budget&limit=10", { "Accept-Encoding": "gzip;q=0.5, deflate" });
    expect(deflated.headers.get("content-encoding")).toBe("deflate");
    expect(JSON.parse(inflateSync(Buffer.from(await deflated.arrayBuffer())).toString("utf8")).total).toBe(12);

    const brOnly = await get("/v1/search?q=budget&limit=10", { "Accept-Encoding": "br" });
    expect(brOnly.headers.get("content-encoding")).toBeNull();
    expect(brOnly.headers.get("vary")).toContain("Accept-Encoding");
    expect(JSON.parse(await brOnly.text()).total).toBe(12);
    expect((await get("/v1/search?q=budget", { "Accept-Encoding": "gzip;q=0" })).headers.get("content-encoding")).toBeNull();
  });

  it("chooses gzip unless the client prefers deflate", () => {
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding("gzip, deflate, br")).toBe("gzip");
    expect(chooseEncoding("deflate;q=0.9, gzip;q=0.8")).toBe("deflate");
    expect(chooseEncoding("*")).toBe("gzip");
    expect(chooseEncoding("br, identity")).toBeUndefined();
  });

  it("answers 304 when the validator still matches, compressed or not", async () => {
    // An article: a search answer carries its own tookMs, so its validator changes with every answer.
    const res = await get("/v1/articles/conv-2", { "Accept-Encoding": "gzip" });
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await get("/v1/articles/conv-2", { "Accept-Encoding": "gzip", "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe(res.headers.get("cache-control"));
    expect((await get("/v1/articles/conv-2", { "If-None-Match": etag.slice(2) })).status).toBe(304);
  });

  it("puts Cache-Control and ETag on every cacheable GET", async () => {
    for (const path of ["/v1/search?q=budget", "/v1/suggest?q=parl", "/v1/articles/conv-3", "/v1/articles/conv-3/reviews", "/v1/articles/conv-3/related", "/v1/trending", "/openapi.json", WIDGET_PATH]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toMatch(/public, max-age=\d+/);
      expect(res.headers.get("etag"), path).toMatch(/"/);
    }
  });

  it("validates an uncompressed answer with the SHA-1 of its body", async () => {
    const res = await get("/v1/articles/conv-3");
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get("etag")).toBe(`"${createHash("sha1").update(body).digest("hex")}"`);
  });

  it("never lets a shared cache keep what a key or a visitor id asked for", async () => {
    const keyed = await rt.app.request("/v1/articles/conv-3", { headers: { Authorization: `Bearer ${TEST_WRITER_KEY}` } });
    expect(keyed.headers.get("cache-control")).toBe("private, no-store");
    const personal = await get("/v1/articles/conv-3/related?visitor=visitor-abcdefghijklmnop");
    expect(personal.headers.get("cache-control")).toBe("private, no-store");
    const problem = await get("/v1/articles/nope-404");
    expect(problem.headers.get("cache-control")).toBeNull();
  });
});

describe("security headers and request ids", () => {
  it("sends nosniff, a referrer policy and a CSP on API answers, and lets other origins load them", async () => {
    const res = await get("/v1/search?q=budget");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
    expect((await get("/v1/health", { "X-Request-Id": "trace-abc-123" })).headers.get("x-request-id")).toBe("trace-abc-123");
  });

  it("gives pages a CSP that keeps scripts to their own origin and framing to it", async () => {
    const res = await get("/");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script the CSP would block
  });
});

describe("the widget script", () => {
  it("is served as JavaScript, long-cached under its versioned path, and parses", async () => {
    const res = await get(WIDGET_PATH, { "Accept-Encoding": "gzip" });
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expect(res.headers.get("cache-control")).toMatch(/max-age=86400/);
    const sent = Buffer.from(await res.arrayBuffer());
    expect(sent.length).toBeLessThanOrEqual(20 * 1024); // the size budget, gzipped as served
    const code = gunzipSync(sent).toString("utf8");
    expect(() => new Function(code)).not.toThrow();
    for (const name of ["newsline-search", "newsline-related", "newsline-trending"]) expect(code).toContain(`customElements.define("${name}"`);
    expect(code).not.toMatch(/https?:\/\//); // no other host
  });
});

describe("/docs", () => {
  it("holds no URL of another host and loads its viewer from this origin", async () => {
    const html = await (await get("/docs")).text();
    const urls = html.match(/(?:https?:)?\/\/[^\s"'<>)]+/g) ?? [];
    expect(urls).toEqual([]);
    const src = html.match(/<script[^>]+src="([^"]+)"/)?.[1];
    expect(src).toBe("/docs/assets/scalar.js");
    const viewer = await get(src!);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get("content-type")).toContain("javascript");
    expect((await get("/docs")).headers.get("content-security-policy")).toContain("connect-src 'self'");
  });
});

describe("/openapi.json", () => {
  interface Operation { operationId?: string; responses: Record<string, unknown>; requestBody?: unknown }
  let doc: { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
  beforeAll(async () => {
    doc = (await (await get("/openapi.json")).json()) as typeof doc;
  });
  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("names every operation once and says where the API is", () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id!))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers?.[0]?.url).toBe("http://localhost");
  });

  it("documents 500 and 503 everywhere, and 413 wherever a body is sent", () => {
    for (const { path, method, op } of operations()) {
      expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(["500", "503", ...(op.requestBody ? ["413"] : [])]));
    }
  });

  it("gives times a date-time format and answers an example", () => {
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, { format?: string }>; example?: unknown }>;
    expect(schemas.Article.properties?.publishedAt?.format).toBe("date-time");
    expect(schemas.SearchHit.properties?.publishedAt?.format).toBe("date-time");
    expect(schemas.Review.properties?.createdAt?.format).toBe("date-time");
    for (const name of ["SearchResponse", "Article", "ArticleInput", "RelatedResponse", "TrendingResponse", "Problem"]) expect(schemas[name]?.example, name).toBeDefined();
  });
});
