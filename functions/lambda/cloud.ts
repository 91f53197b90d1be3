/**
 * Wiring shared by the Lambda entries: the only module, with them, that reads `Resource` from
 * "sst". Everything it builds is plain code that also runs locally and under vitest.
 */
// The resource entry alone: the package root also pulls in its realtime and vector clients.
import { Resource } from "sst/resource";
import { readEnv, type Env } from "../config.js";
import { createDb, type Db } from "../store/client.js";
import { createMeilisearchEngine } from "../search/meilisearch.js";
import type { SearchEngine } from "../search/engine.js";
import { createServices, type Services } from "../services.js";
import { invokeAsync } from "./invoke.js";

/**
 * What infra/ links to the functions, by component name. Declared here rather than through the
 * generated sst-env.d.ts, so type-checking works without a deploy having run. The table is not
 * linked (a link grants dynamodb:* on it): infra/ passes its name as TABLE_NAME and grants each
 * function the actions it uses.
 */
interface LinkedResources {
  MeilisearchHost: { value: string };
  MeilisearchApiKey: { value: string };
  AdminApiKey: { value: string };
  ApiKeys: { value: string };
}

const linked = Resource as unknown as LinkedResources;

/** The validated settings: linked resources and secrets on top of the function's environment. */
export function cloudEnv(opts: { apiKeys: boolean }): Env {
  return readEnv({
    ...process.env,
    MEILISEARCH_HOST: linked.MeilisearchHost.value,
    MEILISEARCH_API_KEY: linked.MeilisearchApiKey.value,
    // The indexer and reindex functions hold no API keys: they are not linked to them.
    ...(opts.apiKeys ? { ADMIN_API_KEY: linked.AdminApiKey.value, API_KEYS: linked.ApiKeys.value } : {}),
    // The cloud always talks to the regional DynamoDB endpoint.
    DYNAMODB_ENDPOINT: undefined,
  });
}

export interface CloudDeps {
  env: Env;
  db: Db;
  engine: SearchEngine;
}

/** DynamoDB client and Meilisearch engine. Both are plain objects: no network call happens here. */
export function cloudDeps(opts: { apiKeys: boolean }): CloudDeps {
  const env = cloudEnv(opts);
  if (!env.MEILISEARCH_HOST) throw new Error("The MeilisearchHost secret is empty: set it with `npx sst secret set MeilisearchHost <url>`.");
  const db = createDb({ table: env.TABLE_NAME, region: env.AWS_REGION });
  const engine = createMeilisearchEngine({
    host: env.MEILISEARCH_HOST,
    apiKey: env.MEILISEARCH_API_KEY,
    indexUid: env.MEILISEARCH_INDEX,
    embedder: env.MEILISEARCH_EMBEDDER,
  });
  return { env, db, engine };
}

/** Services for the API function; deferred work goes to `defer`, reindex jobs to the reindex function. */
export function cloudServices(defer: Services["defer"]): Services {
  const { env, db, engine } = cloudDeps({ apiKeys: true });
  const reindexFunction = process.env.REINDEX_FUNCTION;
  return createServices({
    env,
    db,
    search: engine,
    defer,
    log: logJson,
    startReindex: async (jobId) => {
      if (!reindexFunction) throw new Error("REINDEX_FUNCTION is not set: the API cannot start reindex jobs");
      await invokeAsync({ region: env.AWS_REGION, functionName: reindexFunction, payload: { jobId }, endpoint: process.env.LAMBDA_ENDPOINT });
    },
  });
}

/** One JSON line per entry, the shape CloudWatch Logs Insights queries best. */
export const logJson = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));
