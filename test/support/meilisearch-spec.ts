/**
 * Meilisearch's published OpenAPI document (the routes the adapter calls, test/fixtures/, made by
 * scripts/meilisearch-spec-subset.ts) as request and response validators. The fakes run every
 * request the adapter sends through `checkRequest`; a request the spec rejects is answered 400,
 * as the real server would, and recorded so the test fails (test/support/meilisearch-validation.ts).
 *
 * Two relaxations, both for places where the document is stricter than the server:
 *  - fields that have a default are sometimes listed as `required`: they are made optional;
 *  - attribute patterns (`facets`, `facetsByIndex`) are typed as `{patterns: string[]}`, while the
 *    server takes (and its own docs show) a plain array of attribute names: both are accepted.
 * And one place where it is looser: the server's deserializer refuses unknown fields
 * (`deny_unknown_fields` on its search, similar and settings types), which the document states for
 * some schemas only; the request schemas below get `additionalProperties: false` too.
 */
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const SPEC_VERSION = "1.53.0";
const SPEC_FILE = new URL(`../fixtures/meilisearch-openapi-${SPEC_VERSION}.subset.json`, import.meta.url);

type Schema = Record<string, unknown>;
interface Operation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Drops from `required` every property that declares a default (the server fills it in). */
function relaxDefaults(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(relaxDefaults);
  if (node === null || typeof node !== "object") return;
  const schema = node as Schema;
  const props = schema.properties as Record<string, Schema> | undefined;
  if (Array.isArray(schema.required) && props) {
    schema.required = (schema.required as string[]).filter((name) => !(props[name] && "default" in props[name]));
  }
  for (const value of Object.values(schema)) relaxDefaults(value);
}

/** Request schemas whose Rust type refuses unknown fields, where the document leaves them open. */
const CLOSED_REQUEST_SCHEMAS = [
  "SearchQuery",
  "SimilarQuery",
  "Settings_Unchecked",
  "TypoSettings",
  "MinWordSizeTyposSetting",
  "FacetingSettings",
  "PaginationSettings",
  "LocalizedAttributesRuleView",
];

function loadSpec(): Spec {
  const spec = JSON.parse(readFileSync(SPEC_FILE, "utf8")) as Spec;
  relaxDefaults(spec);
  const patterns = spec.components.schemas.AttributePatterns;
  spec.components.schemas.AttributePatterns = { anyOf: [patterns, { type: "array", items: { type: "string" } }] };
  for (const name of CLOSED_REQUEST_SCHEMAS) spec.components.schemas[name].additionalProperties ??= false;
  return spec;
}

const spec = loadSpec();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
// Rust integer and float formats the document uses; ranges as Rust's types.
const unsigned = (bits: number) => ({ type: "number" as const, validate: (n: number) => Number.isInteger(n) && n >= 0 && n < 2 ** bits });
ajv.addFormat("u-int8", unsigned(8));
ajv.addFormat("u-int32", unsigned(32));
ajv.addFormat("u-int64", unsigned(64));
ajv.addFormat("u-int", unsigned(64));
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
ajv.addFormat("float", { type: "number", validate: () => true });
ajv.addFormat("double", { type: "number", validate: () => true });
ajv.addSchema({ $id: "meili", components: spec.components });

const compiled = new Map<Schema, ValidateFunction>();
function validator(schema: Schema): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    // Component references resolve against the document registered above.
    const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"meili#/components/'));
    fn = ajv.compile(rebased);
    compiled.set(schema, fn);
  }
  return fn;
}

/** The route template of a concrete path, e.g. /indexes/articles/search → /indexes/{index_uid}/search. */
function routeOf(method: string, path: string): { template: string; operation: Operation } | undefined {
  for (const [template, methods] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    const operation = methods[method.toLowerCase()];
    if (operation && pattern.test(path)) return { template, operation };
  }
  return undefined;
}

export interface SpecRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** A query string value as the server reads it: arrays are comma lists, booleans `true`/`false`. */
function queryForm(schema: Schema, value: string): unknown {
  if (schema.type === "array") return value.split(",");
  if (schema.type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  return value;
}

/** What the published API says about a request: its route, and every way it breaks the spec. */
export function checkRequest(req: SpecRequest): { route?: string; problems: string[] } {
  const route = routeOf(req.method, req.path);
  if (!route) return { problems: [`${req.method} ${req.path} is not a route of the published API`] };
  const problems: string[] = [];
  const { operation } = route;
  const known = new Set((operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name));
  for (const name of Object.keys(req.query)) if (!known.has(name)) problems.push(`unknown query parameter \`${name}\``);
  for (const param of operation.parameters ?? []) {
    if (param.in !== "query") continue;
    const value = req.query[param.name];
    if (value === undefined) {
      if (param.required) problems.push(`missing query parameter \`${param.name}\``);
      continue;
    }
    const check = validator(param.schema);
    if (!check(value) && !check(Number(value)) && !check(queryForm(param.schema, value))) problems.push(`query \`${param.name}\`: ${ajv.errorsText(check.errors)}`);
  }
  const bodySchema = operation.requestBody?.content["application/json"]?.schema;
  if (req.body === undefined) {
    if (operation.requestBody?.required) problems.push("missing request body");
  } else if (!bodySchema) {
    problems.push("the route takes no request body");
  } else {
    const check = validator(bodySchema);
    if (!check(req.body)) problems.push(...(check.errors ?? []).map((e) => `body${e.instancePath} ${e.message}${e.params && "additionalProperty" in e.params ? ` (\`${String(e.params.additionalProperty)}\`)` : ""}`));
  }
  return { route: route.template, problems };
}

/** Problems of an answer the fakes give, against the documented response of that status. */
export function checkResponse(method: string, path: string, status: number, body: unknown): string[] {
  const route = routeOf(method, path);
  // An unknown route is already a rejected request; the server answers it with an empty 404.
  if (!route) return [];
  const documented = route.operation.responses[String(status)];
  // Statuses the document does not list for the route (400, 422 and the like) carry an error object.
  const schema = documented?.content?.["application/json"]?.schema ?? (status >= 400 ? { $ref: "#/components/schemas/ResponseError" } : undefined);
  if (!schema) return [];
  const check = validator(schema);
  return check(body) ? [] : (check.errors ?? []).map((e) => `response ${status}${e.instancePath} ${e.message}`);
}

/** Whether Meilisearch has this error code (the document's `Code` enum). */
export function isErrorCode(code: string): boolean {
  return (spec.components.schemas.Code.enum as string[]).includes(code);
}
