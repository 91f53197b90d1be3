import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { readEnv, type Env } from "../../functions/config.js";
import { createDb, type Db } from "../../functions/store/client.js";
import { SynonymStore } from "../../functions/store/search-config.js";
import type { SearchEngine } from "../../functions/search/engine.js";
import { articleChanges, indexChanges } from "../../functions/search/indexer.js";
import { createServices, type Services } from "../../functions/services.js";
import { createApp } from "../../functions/app.js";
import { ensureTable, startLocalDynamo, type LocalDynamo } from "./dynamodb.js";
import { StreamPoller } from "./stream-poller.js";

export interface LocalRuntimeOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Wraps the engine, e.g. to simulate an outage in tests. */
  wrapEngine?: (engine: SearchEngine) => SearchEngine;
  log?: (msg: string) => void;
  web?: boolean;
}

export interface LocalRuntime {
  services: Services;
  app: ReturnType<typeof createApp>;
  engine: SearchEngine;
  poller: StreamPoller;
  dynamo?: LocalDynamo;
  adminKey: string;
  /** Resolves when every write made so far has reached the search index. */
  indexed(): Promise<void>;
  stop(): Promise<void>;
}

/** Search counts are written in aggregate every few seconds, not once per search. */
const ANALYTICS_FLUSH_MS = 2000;

/**
 * The whole service on this machine: DynamoDB Local (or DYNAMODB_ENDPOINT), the search engine
 * (embedded SQLite FTS5, or Meilisearch when MEILISEARCH_HOST is set), and the stream poller that
 * plays the part of the cloud's stream-triggered indexer.
 */
export async function startLocalRuntime(opts: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = opts.log ?? (() => {});
  mkdirSync(opts.dataDir, { recursive: true });
  const adminKey = opts.env?.ADMIN_API_KEY ?? process.env.ADMIN_API_KEY ?? localAdminKey(opts.dataDir);
  const env: Env = readEnv({ ...process.env, ...opts.env, ADMIN_API_KEY: adminKey });

  let dynamo: LocalDynamo | undefined;
  let endpoint = env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    dynamo = await startLocalDynamo({ dir: path.join(opts.dataDir, "dynamodb") });
    endpoint = dynamo.endpoint;
    log(`DynamoDB Local on ${endpoint}`);
  }
  const db: Db = createDb({ table: env.TABLE_NAME, region: env.AWS_REGION, endpoint });
  await ensureTable(db);

  let engine = await createEngine(env, opts.dataDir);
  await engine.init();
  await engine.setSynonyms(await new SynonymStore(db).get());
  if (opts.wrapEngine) engine = opts.wrapEngine(engine);

  const poller = new StreamPoller({
    endpoint,
    table: env.TABLE_NAME,
    checkpointFile: path.join(opts.dataDir, `stream-checkpoint-${engine.name}.json`),
    onRecords: async (records) => {
      // The same fan-out as the cloud's indexer function: search index and related-stories profiles.
      await indexChanges({ engine, profiles: services.relatedProfiles }, articleChanges(records));
    },
    log,
  });
  poller.start();

  const services = createServices({
    env,
    db,
    search: engine,
    defer: (work) => void work.catch((err) => log(`background work failed: ${(err as Error).message}`)),
    analyticsFlushMs: ANALYTICS_FLUSH_MS,
    indexing: async () => poller.state(),
  });
  const app = createApp(services, { web: opts.web ?? true });

  return {
    services,
    app,
    engine,
    poller,
    dynamo,
    adminKey,
    indexed: () => poller.drained(),
    async stop() {
      await services.queryCounter.flush().catch((err) => log(`search counts not written: ${(err as Error).message}`));
      await poller.stop();
      await engine.close();
      db.raw.destroy();
      await dynamo?.stop();
    },
  };
}

async function createEngine(env: Env, dataDir: string): Promise<SearchEngine> {
  if (env.MEILISEARCH_HOST) {
    const { createMeilisearchEngine } = await import("../../functions/search/meilisearch.js");
    return createMeilisearchEngine({ host: env.MEILISEARCH_HOST, apiKey: env.MEILISEARCH_API_KEY, indexUid: env.MEILISEARCH_INDEX, embedder: env.MEILISEARCH_EMBEDDER });
  }
  // Loaded lazily so the native module never reaches code paths that do not use it.
  const { createEmbeddedEngine } = await import("../../functions/search/embedded.js");
  return createEmbeddedEngine({ path: path.join(dataDir, "search.sqlite") });
}

/** A random local admin key, kept under DATA_DIR so scripts (import, reindex) can use it. */
export function localAdminKey(dataDir: string): string {
  const file = path.join(dataDir, "admin-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const key = `local_${randomBytes(24).toString("base64url")}`;
  writeFileSync(file, key + "\n", { mode: 0o600 });
  return key;
}
