/**
 * Hostile requests generated from the served OpenAPI document: every operation, with values that
 * are valid, almost valid, of the wrong type, huge, empty, odd Unicode, path tricks and markup,
 * bodies that are not JSON or are nested too deep, and no key, a wrong key or the right one.
 * The verdict per answer: never a 5xx, and every error an application/problem+json body.
 */
import { createRng, pick, randomInt, type Rng } from "../corpus/prng.js";

export interface Operation {
  method: string;
  path: string;
  params: Array<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  body?: Schema;
}

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Operation["params"]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** The API's operations (paths under /v1/), with $refs resolved one level deep where they matter. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const resolve = (s: Schema | undefined, depth = 0): Schema | undefined => {
    if (!s || depth > 6) return s;
    if (s.$ref) return resolve(doc.components?.schemas?.[s.$ref.split("/").pop()!], depth + 1);
    const out: Schema = { ...s };
    if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v, depth + 1)!]));
    if (s.items) out.items = resolve(s.items, depth + 1);
    return out;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (!path.startsWith("/v1/")) continue;
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) })),
        body: resolve(op.requestBody?.content?.["application/json"]?.schema),
      });
    }
  }
  return ops;
}

const NASTY_STRINGS = [
  "",
  " ",
  "null",
  "undefined",
  "0",
  "-1",
  "1e309",
  "NaN",
  "true",
  "../../etc/passwd",
  "..%2F..%2Fetc",
  "%00",
  "\u0000",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  "\" OR \"\"=\"",
  "MATCH * NEAR/2 ^",
  "title:*",
  "AND OR NOT (",
  "🙂🙃🙂",
  "\u202e\u200b\u200d",
  "İstanbul ə ё ß",
  "a".repeat(129),
  "x".repeat(5000),
  "2025-02-30",
  "9999-12-31T23:59:59Z",
  "0000-00-00",
  "2026-13-01T25:61:00Z",
  "__proto__",
  "constructor",
  "v_3kT9qLmZ2xWc8RbN",
  "demo-peace-treaty-01",
  "\ud800",
];

const NASTY_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -1e308, [], {}, [null], { a: 1 }, "x".repeat(70_000), Number.MAX_SAFE_INTEGER];

/** One value for a schema: mostly plausible, often hostile. */
export function valueFor(rng: Rng, schema: Schema | undefined, depth = 0): unknown {
  if (rng() < 0.15) return pick(rng, rng() < 0.5 ? NASTY_STRINGS : NASTY_VALUES);
  if (!schema || depth > 5) return pick(rng, NASTY_STRINGS);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return valueFor(rng, pick(rng, variants), depth + 1);
  if (schema.enum?.length) return rng() < 0.85 ? pick(rng, schema.enum) : pick(rng, NASTY_STRINGS);
  const type = Array.isArray(schema.type) ? pick(rng, schema.type) : schema.type;
  switch (type) {
    case "integer":
    case "number": {
      const lo = schema.minimum ?? -10;
      const hi = schema.maximum ?? 1000;
      return rng() < 0.7 ? randomInt(rng, Math.max(-1e6, lo - 2), Math.min(1e6, hi + 2)) : pick(rng, [-1, 0, 1e9, 3.7, -0.5]);
    }
    case "boolean":
      return rng() < 0.9 ? rng() < 0.5 : "yes";
    case "array": {
      const n = rng() < 0.1 ? randomInt(rng, 50, 1200) : randomInt(rng, 0, 4);
      return Array.from({ length: n }, () => valueFor(rng, schema.items, depth + 1));
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) if (rng() < 0.85) out[k] = valueFor(rng, v, depth + 1);
      if (rng() < 0.1) out[pick(rng, ["__proto__", "extra", "constructor"])] = pick(rng, NASTY_VALUES);
      return out;
    }
    default:
      return plausibleString(rng, schema);
  }
}

function plausibleString(rng: Rng, schema: Schema): string {
  const r = rng();
  if (schema.pattern?.includes("A-Za-z0-9_-]{16,64}")) return r < 0.7 ? `v_${randomWord(rng, 20)}` : pick(rng, NASTY_STRINGS);
  if (r < 0.3) return randomWord(rng, randomInt(rng, 1, 12));
  if (r < 0.45) return new Date(Date.UTC(randomInt(rng, 1800, 2100), randomInt(rng, 0, 13), randomInt(rng, 0, 32))).toISOString().slice(0, rng() < 0.5 ? 10 : 20);
  if (r < 0.55) return `https://example.com/${randomWord(rng, 6)}`;
  return pick(rng, NASTY_STRINGS);
}

/** encodeURIComponent refuses lone surrogates; such a segment goes out as %ED%A0%80 bytes instead. */
function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
}

function randomWord(rng: Rng, length: number): string {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:əёß";
  return Array.from({ length }, () => letters[Math.floor(rng() * letters.length)]).join("");
}

export interface HostileRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  operation: string;
}

/** Request `n` for the operation: deterministic for a seed. */
export function hostileRequest(rng: Rng, op: Operation, keys: { good: string; weak: string }): HostileRequest {
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of op.params) {
    const v = valueFor(rng, p.schema);
    const text = typeof v === "string" ? v : JSON.stringify(v);
    if (p.in === "path") path = path.replace(`{${p.name}}`, rng() < 0.9 ? safeEncode(text ?? "") || "x" : text ?? "x");
    else if (p.in === "query" && (p.required || rng() < 0.6)) query.set(p.name, text ?? "");
  }
  if (rng() < 0.05) query.set(pick(rng, ["limit", "q", "cursor", "__proto__"]), pick(rng, NASTY_STRINGS));
  const headers: Record<string, string> = {};
  const auth = rng();
  if (auth < 0.6) headers.authorization = `Bearer ${keys.good}`;
  else if (auth < 0.7) headers.authorization = `Bearer ${keys.weak}`;
  else if (auth < 0.8) headers.authorization = pick(rng, ["Bearer", "Basic abc", `Bearer ${"k".repeat(5000)}`, "bearer  x"]);
  headers["x-forwarded-for"] = `198.51.100.${randomInt(rng, 1, 254)}`;

  let body: string | undefined;
  if (op.method !== "GET" && op.method !== "DELETE") {
    const kind = rng();
    if (kind < 0.7) body = JSON.stringify(valueFor(rng, op.body));
    else if (kind < 0.8) body = pick(rng, ["{", "[1,2", "null", '"text"', "{\"a\":}", "\u0000\u0001", "<xml/>", ""]);
    else if (kind < 0.9) body = "[".repeat(5000) + "]".repeat(5000); // deep nesting
    else body = JSON.stringify({ articles: [{ id: "x" }], events: [{}], groups: [["a", "b"]], padding: "p".repeat(randomInt(rng, 1000, 3_000_000)) });
    headers["content-type"] = rng() < 0.9 ? "application/json" : pick(rng, ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]);
  }
  const qs = query.toString();
  return { method: op.method, url: `${path}${qs ? `?${qs}` : ""}`, headers, body, operation: `${op.method} ${op.path}` };
}

export interface FuzzReport {
  requests: number;
  operations: number;
  byStatus: Record<string, number>;
  serverErrors: Array<{ operation: string; status: number; url: string }>;
  /** GET /v1/health answering 503 with its documented Health body: a dependency was slow, not an error of ours. */
  healthDegraded: number;
  notProblemJson: Array<{ operation: string; status: number; url: string; contentType: string }>;
  perOperation: Record<string, number>;
}

/**
 * Sends `count` hostile requests round-robin over every operation (or until `deadlineMs`), with
 * `concurrency` in flight, through `send` (an in-process app or a live server).
 */
export async function runFuzz(opts: {
  doc: OpenApiDoc;
  send: (req: HostileRequest) => Promise<Response>;
  count: number;
  seed?: number;
  concurrency?: number;
  deadlineMs?: number;
  keys: { good: string; weak: string };
}): Promise<FuzzReport> {
  const ops = operationsOf(opts.doc);
  const rng = createRng(opts.seed ?? 12);
  const report: FuzzReport = { requests: 0, operations: ops.length, byStatus: {}, serverErrors: [], healthDegraded: 0, notProblemJson: [], perOperation: {} };
  const stopAt = opts.deadlineMs ? Date.now() + opts.deadlineMs : Infinity;
  let next = 0;
  const lane = async () => {
    while (next < opts.count && Date.now() < stopAt) {
      const req = hostileRequest(rng, ops[next++ % ops.length], opts.keys);
      const res = await opts.send(req);
      const text = await res.text();
      report.requests++;
      report.perOperation[req.operation] = (report.perOperation[req.operation] ?? 0) + 1;
      report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
      const contentType = res.headers.get("content-type") ?? "";
      if (req.operation === "GET /v1/health" && res.status === 503 && /"status":"degraded"/.test(text)) {
        report.healthDegraded++;
        continue;
      }
      if (res.status >= 500) report.serverErrors.push({ operation: req.operation, status: res.status, url: req.url.slice(0, 200) });
      if (res.status >= 400 && (!contentType.startsWith("application/problem+json") || !isProblem(text))) {
        report.notProblemJson.push({ operation: req.operation, status: res.status, url: req.url.slice(0, 200), contentType });
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, lane));
  return report;
}

function isProblem(text: string): boolean {
  try {
    const p = JSON.parse(text) as { type?: unknown; title?: unknown; status?: unknown };
    return typeof p.type === "string" && typeof p.title === "string" && typeof p.status === "number";
  } catch {
    return false;
  }
}
