import { parseApiKeys, type ApiKey, type Env } from "./config.js";
import type { Db } from "./store/client.js";
import { ArticleRepository, type ArticleWrites } from "./store/articles.js";
import type { SearchEngine } from "./search/engine.js";
import { RankingSettingsStore, RemovedSuggestions, SearchAnalytics, SynonymStore, type AnalyticsWrites } from "./store/search-config.js";
import { PopularQueries } from "./search/popular.js";
import { QueryCounter } from "./search/query-counter.js";
import { EventStore } from "./store/events.js";
import { ReviewStore } from "./store/reviews.js";
import { parseBlocklist } from "./store/moderation.js";
import { ProfileCache, RelatedProfiles } from "./store/related.js";
import { StoryStore } from "./store/stories.js";
import { ReindexJobStore } from "./store/jobs.js";
import { runReindexJob, searchIndexStep, type ReindexJobDeps } from "./search/reindex.js";
import { guardDb, guardEngine } from "./store/guard.js";
import { createRateLimits, type RateLimits } from "./http/rate-limit.js";
import { RuleStore } from "./store/rules.js";
import { IndexerStateStore, type IndexingState } from "./store/indexer-state.js";

/** Everything a handler needs, built once at the edge (Lambda entry or local server) and injected. */
export interface Services {
  env: Env;
  db: Db;
  keys: ApiKey[];
  articles: ArticleRepository;
  search: SearchEngine;
  synonyms: SynonymStore;
  /** Editor settings of the ranking (the recency half-life), stored like the synonyms. */
  ranking: RankingSettingsStore;
  analytics: SearchAnalytics;
  /** Counts searches in memory and writes them to `analytics` in aggregate. */
  queryCounter: QueryCounter;
  popularQueries: PopularQueries;
  /** Reading events, history and counters; also the ReadingSignals for related, recommendations, trending. */
  events: EventStore;
  reviews: ReviewStore;
  /** Related-stories profiles: one small item per article, read a handful per request (docs/related.md). */
  relatedProfiles: RelatedProfiles;
  /** Articles by story, newest first (GET /v1/stories/{storyId}). */
  stories: StoryStore;
  /** Set by a local runtime while it rebuilds a missing or unreadable search index from the table. */
  indexState: { rebuilding: boolean };
  /** Per-address token buckets of this process (README "Limits"). */
  limits: RateLimits;
  /** Editorial pins and hides per search query and related list. */
  rules: RuleStore;
  /** How far the search index is behind the table (the local poller, or the cloud indexer's note). */
  indexing: () => Promise<IndexingState>;
  now: () => Date;
  /** Background work that must not delay the answer (analytics); Lambda awaits it before freezing. */
  defer: (work: Promise<unknown>) => void;
  reindexJobs: ReindexJobStore;
  /** Sets a stored reindex job running (or resuming) elsewhere; resolves once it is handed over. */
  startReindex: (jobId: string) => Promise<void>;
}

export interface ServiceDeps {
  env: Env;
  db: Db;
  search: SearchEngine;
  now?: () => Date;
  defer: (work: Promise<unknown>) => void;
  /** Where indexing progress is read; by default the note the cloud indexer leaves in the table. */
  indexing?: () => Promise<IndexingState>;
  /** A long-running server writes search counts at most this often; unset, after every search (Lambda). */
  analyticsFlushMs?: number;
  /** Where reindex jobs run; by default in this process, in the background (local runs). */
  startReindex?: (jobId: string) => Promise<void>;
  /** How a batch writes new articles: "item" (default, DynamoDB) or "transaction" (DynamoDB Local). */
  articleWrites?: ArticleWrites;
  /** How flushed search counts are written: "item" (default, DynamoDB) or "transaction" (DynamoDB Local). */
  analyticsWrites?: AnalyticsWrites;
  /** Log lines of background jobs (JSON entries). */
  log?: (entry: Record<string, unknown>) => void;
}

/** What a reindex job needs from the services: the store, the articles and the steps to rebuild. */
export function reindexJobDeps(s: Pick<Services, "reindexJobs" | "articles" | "search" | "synonyms" | "relatedProfiles" | "now">, log?: ReindexJobDeps["log"]): ReindexJobDeps {
  return {
    jobs: s.reindexJobs,
    articles: s.articles,
    steps: [searchIndexStep(s.search, () => s.synonyms.get(), s.relatedProfiles)],
    now: s.now,
    log,
  };
}

/** The one place where repositories and models are constructed, for Lambda and local runs alike. */
export function createServices(deps: ServiceDeps): Services {
  const { env } = deps;
  // Every store and engine call on a request path gets a deadline and a bounded queue.
  const guard = { timeoutMs: env.DEPENDENCY_TIMEOUT_MS, maxInFlight: env.DEPENDENCY_MAX_IN_FLIGHT, maxQueued: env.DEPENDENCY_MAX_QUEUED };
  const db = guardDb(deps.db, guard);
  const search = guardEngine(deps.search, guard);
  const now = deps.now ?? (() => new Date());
  const analytics = new SearchAnalytics(db, deps.analyticsWrites);
  const services: Services = {
    env,
    db,
    keys: parseApiKeys(env),
    articles: new ArticleRepository(db, deps.articleWrites),
    relatedProfiles: new RelatedProfiles(db, new ProfileCache({ ttlMs: env.RELATED_CACHE_SECONDS * 1000 })),
    stories: new StoryStore(db),
    search,
    synonyms: new SynonymStore(db),
    ranking: new RankingSettingsStore(db, now),
    analytics,
    queryCounter: new QueryCounter(analytics, { defer: deps.defer, flushAfterMs: deps.analyticsFlushMs }),
    popularQueries: new PopularQueries(analytics, now, {
      minAddresses: env.SUGGEST_MIN_ADDRESSES,
      blockedWords: parseBlocklist(`${env.SUGGEST_BLOCKLIST},${env.REVIEW_BLOCKLIST}`),
      removed: new RemovedSuggestions(db),
    }),
    events: new EventStore(db, { historyTtlDays: env.HISTORY_TTL_DAYS, clock: now, trendingCacheMs: env.TRENDING_CACHE_SECONDS * 1000, signalCapPerAddress: env.SIGNAL_CAP_PER_ADDRESS }),
    reviews: new ReviewStore(db, { rateLimitPerHour: env.REVIEW_RATE_LIMIT_PER_HOUR, blocklist: parseBlocklist(env.REVIEW_BLOCKLIST) }),
    limits: createRateLimits(env),
    indexState: { rebuilding: false },
    rules: new RuleStore(db, { cacheMs: env.RULES_CACHE_SECONDS * 1000 }),
    indexing: deps.indexing ?? (() => new IndexerStateStore(db).read()),
    now,
    defer: deps.defer,
    reindexJobs: new ReindexJobStore(db),
    startReindex:
      deps.startReindex ??
      (async (jobId) => {
        // The job records its own failure; the run is not awaited, as in the cloud where it is another function.
        void runReindexJob(jobId, reindexJobDeps(services, deps.log)).catch(() => {});
      }),
  };
  return services;
}
