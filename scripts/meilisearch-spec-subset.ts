/**
 * `tsx scripts/meilisearch-spec-subset.ts <meilisearch-openapi.json>`: writes the part of Meilisearch's
 * published OpenAPI document that the adapter uses (its routes, and every schema they reach) to
 * test/fixtures/, so tests validate requests and fake answers against it without the full 800 KB file.
 * Descriptions and examples are dropped; nothing else is changed (the relaxations live in the tests).
 */
import { readFileSync, writeFileSync } from "node:fs";

/** Every route the adapter calls, with its method. */
export const ADAPTER_ROUTES: Record<string, string[]> = {
  "/version": ["get"],
  "/health": ["get"],
  "/indexes": ["post"],
  "/indexes/{index_uid}": ["get", "delete"],
  "/indexes/{index_uid}/settings": ["patch"],
  "/indexes/{index_uid}/settings/synonyms": ["put"],
  "/indexes/{index_uid}/documents": ["post", "delete"],
  "/indexes/{index_uid}/documents/delete-batch": ["post"],
  "/indexes/{index_uid}/search": ["post"],
  "/indexes/{index_uid}/similar": ["post"],
  "/indexes/{index_uid}/stats": ["get"],
  "/multi-search": ["post"],
  "/tasks/{task_id}": ["get"],
  "/tasks": ["get"],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function strip(value: Json): Json {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "description" && key !== "example" && key !== "examples" && key !== "summary")
      .map(([key, v]) => [key, strip(v)]),
  );
}

function refsIn(value: Json, found: Set<string>): void {
  if (Array.isArray(value)) return value.forEach((v) => refsIn(v, found));
  if (value === null || typeof value !== "object") return;
  for (const [key, v] of Object.entries(value)) {
    if (key === "$ref" && typeof v === "string") found.add(v.replace("#/components/schemas/", ""));
    else refsIn(v, found);
  }
}

function main() {
  const source = process.argv[2];
  if (!source) throw new Error("usage: tsx scripts/meilisearch-spec-subset.ts <meilisearch-openapi.json>");
  const spec = JSON.parse(readFileSync(source, "utf8"));
  const paths: Record<string, Record<string, Json>> = {};
  for (const [path, methods] of Object.entries(ADAPTER_ROUTES)) {
    paths[path] = Object.fromEntries(methods.map((m) => [m, strip(spec.paths[path][m])]));
  }
  const schemas: Record<string, Json> = {};
  const pending = new Set<string>();
  refsIn(paths as Json, pending);
  while (pending.size > 0) {
    const [name] = pending;
    pending.delete(name);
    if (schemas[name]) continue;
    schemas[name] = strip(spec.components.schemas[name]);
    const more = new Set<string>();
    refsIn(schemas[name], more);
    for (const n of more) if (!schemas[n]) pending.add(n);
  }
  const subset = {
    openapi: spec.openapi,
    info: { ...spec.info, description: `Subset of Meilisearch's published OpenAPI document: the routes the Newsline adapter calls.` },
    paths,
    components: { schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) },
  };
  const out = `test/fixtures/meilisearch-openapi-${spec.info.version}.subset.json`;
  writeFileSync(out, JSON.stringify(subset, null, 1) + "\n");
  console.log(`${out}: ${Object.keys(paths).length} routes, ${Object.keys(schemas).length} schemas`);
}

main();
