import { describe, expect, it } from "vitest";
import { dynamoTableArgs } from "../../infra/table-args.js";
import { INDEXES, TABLE_KEYS, createTableInput } from "../../functions/store/table.js";
import { FORBIDDEN_IN_BUNDLE, LAMBDA_ENTRIES } from "../../infra/bundle.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../../functions/app.js";
import type { Services } from "../../functions/services.js";
import { matchesPattern, ruleFor } from "../../infra/cdn-rules.js";
import { ALARMS, API_TABLE_ACTIONS, INDEXER_TABLE_ACTIONS, METRICS_NAMESPACE, REINDEX_TABLE_ACTIONS, RESERVED_CONCURRENCY, STREAM_MAX_RECORD_AGE_SECONDS } from "../../infra/limits.js";
import { METRICS_NAMESPACE as EMF_NAMESPACE } from "../../functions/observability/metrics.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
describe("the deployed table matches the local one", () => {
  const args = dynamoTableArgs();
  const local = createTableInput("t");

  it("declares every key attribute with its type", () => {
    expect(Object.keys(args.fields).sort()).toEqual(local.AttributeDefinitions.map((a) => a.AttributeName).sort());
    expect(args.fields.gsi3sk).toBe("number");
    expect(args.fields.pk).toBe("string");
  });

  it("has the same primary key, indexes, stream and TTL", () => {
    expect(args.primaryIndex).toEqual({ hashKey: TABLE_KEYS.partition, rangeKey: TABLE_KEYS.sort });
    for (const ix of Object.values(INDEXES)) {
      expect(args.globalIndexes[ix.name]).toEqual({ hashKey: ix.partition, rangeKey: ix.sort, projection: "all" });
    }
    expect(Object.keys(args.globalIndexes)).toHaveLength(local.GlobalSecondaryIndexes.length);
    expect(args.stream).toBe("new-and-old-images");
    expect(args.ttl).toBe("expiresAt");
  });
});

describe("Lambda entries", () => {
  it("each listed entry exists and the embedded engine is on the forbidden list", () => {
    for (const e of LAMBDA_ENTRIES) expect(existsSync(new URL(`../../functions/lambda/${e}.ts`, import.meta.url))).toBe(true);
    expect(FORBIDDEN_IN_BUNDLE).toContain("better-sqlite3");
  });
});

describe("the CDN rules", async () => {
  const app = createApp({ env: {}, keys: [] } as unknown as Services, { web: true });
  // The served document: route groups loaded on first use are in it, though not in the app's registry.
  const doc = (await (await app.request("/openapi.json")).json()) as { paths: Record<string, Record<string, any>> };
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      // A concrete path CloudFront would see, e.g. /v1/articles/x1/related.
      path: path.replace(/\{[^}]+\}/g, "x1"),
      keyed: Boolean(op.security?.length),
      visitor: /\{visitorId\}/.test(path),
      query: ((op.parameters ?? []) as { in: string; name: string }[]).filter((p) => p.in === "query").map((p) => p.name),
    })),
  );

  it("cover every route of the API", () => {
    expect(routes.length).toBeGreaterThan(20);
    // Writes and admin routes (loaded on first use) are among them.
    expect(routes).toContainEqual(expect.objectContaining({ method: "PUT", path: "/v1/admin/rules/x1", keyed: true }));
    expect(routes).toContainEqual(expect.objectContaining({ method: "POST", path: "/v1/events" }));
  });

  it("never cache a keyed route, a visitor's route or a write", () => {
    for (const r of routes.filter((r) => r.keyed || r.visitor || r.method !== "GET")) {
      expect(ruleFor(r.path).cache, `${r.method} ${r.path}`).toBe("pass");
    }
  });

  it("keep every query parameter of a cached route in its cache key (CloudFront drops the others)", () => {
    for (const r of routes.filter((r) => ruleFor(r.path).cache === "public")) {
      expect(ruleFor(r.path).query, `${r.method} ${r.path}`).toEqual(expect.arrayContaining(r.query));
    }
  });

  it("cache search, suggest, related, trending and the widget script", () => {
    for (const path of ["/v1/search", "/v1/suggest", "/v1/trending", "/v1/articles/x1/related", "/widgets/v1/newsline.js"]) {
      expect(ruleFor(path).cache, path).toBe("public");
    }
    expect(ruleFor("/v1/articles/x1/reviews/v2").cache).toBe("pass");
    expect(ruleFor("/anything/else").cache).toBe("pass");
  });

  it("match paths the way CloudFront does", () => {
    expect(matchesPattern("/v1/articles/*/related", "/v1/articles/a/b/related")).toBe(true);
    expect(matchesPattern("/v1/search", "/v1/search/x")).toBe(false);
    expect(matchesPattern("/v1/admin/*", "/v1/Admin/x")).toBe(false);
  });
});

describe("permissions and limits", () => {
  const source = readdirSync(path.join(ROOT, "functions"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => readFileSync(path.join(ROOT, "functions", f), "utf8"))
    .join("\n");
  const COMMAND_ACTIONS: Record<string, string> = {
    Get: "GetItem", Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", Query: "Query", BatchGet: "BatchGetItem",
    BatchWrite: "BatchWriteItem", TransactWrite: "ConditionCheckItem", DescribeTable: "DescribeTable", Scan: "Scan",
  };

  it("grant the API every DynamoDB action its code sends, and nothing like DeleteTable", () => {
    const used = new Set([...source.matchAll(/new (\w+)Command\(/g)].map((m) => m[1]).filter((c) => c in COMMAND_ACTIONS));
    if (/paginateQuery/.test(source)) used.add("Query");
    expect(used.size).toBeGreaterThan(5);
    for (const command of used) expect(API_TABLE_ACTIONS, command).toContain(`dynamodb:${COMMAND_ACTIONS[command]}`);
    for (const action of [...API_TABLE_ACTIONS, ...REINDEX_TABLE_ACTIONS]) expect(action).not.toMatch(/\*|DeleteTable|UpdateTable|CreateTable/);
  });

  it("let the indexer only batch-write profiles and update its progress note, and give the stream subscription a finite record age below the stream's 24 h", () => {
    expect(INDEXER_TABLE_ACTIONS).toEqual(["dynamodb:BatchWriteItem", "dynamodb:UpdateItem"]);
    expect(STREAM_MAX_RECORD_AGE_SECONDS).toBeGreaterThanOrEqual(60);
    expect(STREAM_MAX_RECORD_AGE_SECONDS).toBeLessThan(24 * 3600);
    expect(RESERVED_CONCURRENCY.api).toBeGreaterThan(RESERVED_CONCURRENCY.indexer);
  });

  it("document every alarm with its threshold in docs/deploy.md", () => {
    const docs = readFileSync(path.join(ROOT, "docs", "deploy.md"), "utf8");
    for (const name of Object.keys(ALARMS)) {
      const row = docs.split("\n").find((line) => line.startsWith(`| \`${name}\``));
      expect(row, name).toBeDefined();
    }
    expect(METRICS_NAMESPACE).toBe(EMF_NAMESPACE);
  });
});
