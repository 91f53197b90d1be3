import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { readEnv, type Env } from "../../functions/config.js";
import { createDb, type Db } from "../../functions/store/client.js";
import { isArticleKey } from "../../functions/store/keys.js";
import { SynonymStore } from "../../functions/store/search-config.js";
import type { SearchEngine } from "../../functions/search/engine.js";
import { articleChanges, indexChanges } from "../../functions/search/indexer.js";
import { runReindexJob, type ArticlePages } from "../../functions/search/reindex.js";
import { createServices, reindexJobDeps, type Services } from "../../functions/services.js";
import type { ArticleWrites } from "../../functions/store/articles.js";
import { createApp } from "../../functions/app.js";
import { ensureTable, startLocalDynamo, type LocalDynamo } from "./dynamodb.js";
import type { _Record } from "@aws-sdk/client-dynamodb-streams";
import { StreamPoller } from "./stream-poller.js";

export interface LocalRuntimeOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Wraps the engine, e.g. to simulate an outage in tests. */
  wrapEngine?: (engine: SearchEngine) => SearchEngine;
  log?: (msg: string) => void;
  web?: boolean;
  /** How a batch writes new articles; "transaction" unless a test compares with the cloud's "item". */
  articleWrites?: ArticleWrites;
}

export interface LocalRuntime {
  services: Services;
  app: ReturnType<typeof createApp>;
  engine: SearchEngine;
  poller: StreamPoller;
  dynamo?: LocalDynamo;
  adminKey: string;
  /** Resolves when every write made so far has reached the search index (after any rebuild). */
  indexed(): Promise<void>;
  /** The rebuild of a missing or unreadable index, when one runs (health says "degraded" meanwhile). */
  rebuilt: Promise<void>;
  stop(): Promise<void>;
}

/** Stream records of article items, as the cloud indexer's filter (infra/jobs.ts): search counts, events and reviews never reach it. */
export const isArticleRecord = (record: _Record) => isArticleKey(String(record.dynamodb?.Keys?.pk?.S), String(record.dynamodb?.Keys?.sk?.S));

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

  let engine = await openEngine(env, opts.dataDir, log);
  const synonyms = await new SynonymStore(db).get();
  await engine.setSynonyms(synonyms);
  if (opts.wrapEngine) engine = opts.wrapEngine(engine);

  const poller = new StreamPoller({
    endpoint,
    table: env.TABLE_NAME,
    checkpointFile: path.join(opts.dataDir, `stream-checkpoint-${engine.name}.json`),
    wanted: isArticleRecord,
    onRecords: async (records) => {
      // The same fan-out as the cloud's indexer function: search index and related-stories profiles.
      // Written through the unguarded client: a batch of 1,000 profiles may take longer than a
      // request's deadline on a busy machine, and a deadline would fail and retry it without end.
      // Transactional profile writes: DynamoDB Local syncs each item of a batch write to disk on its own.
      await indexChanges({ engine, profiles: services.relatedProfiles.using(db, "transaction") }, articleChanges(records));
    },
    log,
  });
  const services = createServices({
    env,
    db,
    search: engine,
    defer: (work) => void work.catch((err) => log(`background work failed: ${(err as Error).message}`)),
    analyticsFlushMs: ANALYTICS_FLUSH_MS,
    indexing: async () => poller.state(),
    // DynamoDB Local commits a transaction once but each PutItem on its own: a batch's new articles
    // go in transactions of 50 here (the cloud writes them one by one: half the write units).
    articleWrites: opts.articleWrites ?? "transaction",
    // Likewise search counts: one call per query made DynamoDB Local take a CPU core from searches.
    analyticsWrites: "transaction",
  });
  const app = createApp(services, { web: opts.web ?? true });

  // The index is derived data: when it is empty but the table is not (deleted, or moved aside as
  // unreadable), it is rebuilt from the table while the server answers; the stream follows after.
  let stopping = false;
  const needsRebuild = (await engine.count()) === 0 && (await services.articles.months()).length > 0;
  const rebuilt = needsRebuild ? rebuildIndex() : Promise.resolve();
  if (!needsRebuild) poller.start();

  async function rebuildIndex(): Promise<void> {
    services.indexState.rebuilding = true;
    log("search index is empty but the table is not: rebuilding it from the table");
    // A reindex job like any other (visible under /v1/admin/reindex); a stop ends it as failed, so it stays resumable.
    const deps = reindexJobDeps(services);
    const articles: ArticlePages = {
      count: () => services.articles.count(),
      async *pagesFrom(from) {
        for await (const page of services.articles.pagesFrom(from)) {
          if (stopping) throw new Error("the server is stopping");
          yield page;
        }
      },
    };
    for (let attempt = 1; !stopping; attempt++) {
      try {
        const started = Date.now();
        const job = await services.reindexJobs.create({ clear: false, now: services.now() });
        const done = await runReindexJob(job.jobId, { ...deps, articles });
        log(`search index rebuilt: ${done?.indexed ?? 0} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        break;
      } catch (err) {
        if (stopping) break;
        log(`search index rebuild failed (${(err as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, Math.min(10_000, 500 * attempt)));
      }
    }
    services.indexState.rebuilding = false;
    if (!stopping) poller.start();
  }

  return {
    services,
    app,
    engine,
    poller,
    dynamo,
    adminKey,
    indexed: async () => {
      await rebuilt;
      await poller.drained();
    },
    rebuilt,
    async stop() {
      stopping = true;
      await rebuilt;
      await services.queryCounter.flush(Infinity).catch((err) => log(`search counts not written: ${(err as Error).message}`));
      await poller.stop();
      await engine.close();
      db.raw.destroy();
      await dynamo?.stop();
    },
  };
}

async function openEngine(env: Env, dataDir: string, log: (msg: string) => void): Promise<SearchEngine> {
  if (env.MEILISEARCH_HOST) {
    const { createMeilisearchEngine } = await import("../../functions/search/meilisearch.js");
    const engine = createMeilisearchEngine({ host: env.MEILISEARCH_HOST, apiKey: env.MEILISEARCH_API_KEY, indexUid: env.MEILISEARCH_INDEX, embedder: env.MEILISEARCH_EMBEDDER });
    await engine.init();
    return engine;
  }
  // Loaded lazily so the native module never reaches code paths that do not use it.
  const { createEmbeddedEngine } = await import("../../functions/search/embedded.js");
  const file = path.join(dataDir, "search.sqlite");
  try {
    const engine = await createEmbeddedEngine({ path: file });
    await engine.count(); // reads the index: a damaged file fails here, not on the first search
    return engine;
  } catch (err) {
    // Derived data: set the damaged file aside (for a post-mortem) and start an empty index, which is then rebuilt.
    const aside = `${file}.unreadable-${Date.now()}`;
    log(`search index ${file} is unreadable (${(err as Error).message}); moved to ${path.basename(aside)}`);
    for (const suffix of ["", "-wal", "-shm"]) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    return createEmbeddedEngine({ path: file });
  }
}

/** A random local admin key, kept under DATA_DIR so scripts (import, reindex) can use it. */
export function localAdminKey(dataDir: string): string {
  const file = path.join(dataDir, "admin-key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const key = `local_${randomBytes(24).toString("base64url")}`;
  writeFileSync(file, key + "\n", { mode: 0o600 });
  return key;
}
