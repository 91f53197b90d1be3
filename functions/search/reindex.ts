/**
 * Rebuilding derived data from the articles of record, as a resumable job: a run claims the job,
 * reads every article page by page, hands each page to every step (the search index first; other
 * derived data can add a step), and saves the position after each page. A run that dies leaves
 * the job where its last page ended; the next run (a resume) continues from there.
 */
import type { Article } from "../articles/model.js";
import type { ArticlePosition } from "../store/articles.js";
import { JobTakenOverError, type ReindexJob, type ReindexJobStore } from "../store/jobs.js";
import type { SearchEngine } from "./engine.js";
import { indexChanges } from "./indexer.js";
import type { RelatedProfiles } from "../store/related.js";

/** Documents per engine write: well under Meilisearch's payload limits, few enough round trips. */
export const REINDEX_BATCH_SIZE = 500;

/** One kind of derived data the job rebuilds. */
export interface ReindexStep {
  name: string;
  /**
   * Before the first page of every run. `fresh` is true on the job's first run only (a resume
   * must not, say, clear what the runs before it wrote). Must be safe to repeat.
   */
  start?(job: ReindexJob, fresh: boolean): Promise<void>;
  /** Each page of stored articles, in order; must be idempotent (a page may be seen twice after a crash). */
  page(articles: Article[]): Promise<void>;
}

/** The articles, readable from a saved position (ArticleRepository). */
export interface ArticlePages {
  pagesFrom(from?: ArticlePosition): AsyncIterable<{ articles: Article[]; next?: ArticlePosition }>;
  count(): Promise<number>;
}

export interface ReindexJobDeps {
  jobs: ReindexJobStore;
  articles: ArticlePages;
  steps: ReindexStep[];
  now: () => Date;
  log?: (entry: Record<string, unknown>) => void;
}

/**
 * The search index step: settings and stored synonyms before any document (a new index has
 * neither), `clear` on the first run when asked, then every article in engine batches, with its
 * related-stories profile when `profiles` is given (both are derived from the same article).
 */
export function searchIndexStep(engine: SearchEngine, synonyms: () => Promise<string[][]>, profiles?: RelatedProfiles): ReindexStep {
  return {
    name: "search",
    async start(job, fresh) {
      await engine.init();
      await engine.setSynonyms(await synonyms());
      if (fresh && job.clear) await engine.clear();
    },
    async page(articles) {
      for (let at = 0; at < articles.length; at += REINDEX_BATCH_SIZE) {
        await indexChanges({ engine, profiles }, { upserts: articles.slice(at, at + REINDEX_BATCH_SIZE), removals: [] });
      }
    },
  };
}

/**
 * Runs (or resumes) a job to its end. Resolves with the job as this run left it; a run that
 * finds the job finished does nothing. A failure is recorded on the job (status failed, resumable)
 * and rethrown.
 */
export async function runReindexJob(jobId: string, deps: ReindexJobDeps): Promise<ReindexJob | undefined> {
  const log = deps.log ?? (() => {});
  const job = await deps.jobs.claim(jobId, deps.now());
  if (!job) return deps.jobs.get(jobId);
  const fresh = job.attempt === 1;
  const started = Date.now();
  log({ level: "info", msg: "reindex run", jobId, attempt: job.attempt, resumeFrom: job.checkpoint?.month });
  let indexed = job.indexed;
  try {
    for (const step of deps.steps) await step.start?.(job, fresh);
    if (job.total === undefined) await deps.jobs.checkpoint(job, { indexed, total: await deps.articles.count() }, deps.now());
    for await (const { articles, next } of deps.articles.pagesFrom(job.checkpoint)) {
      for (const step of deps.steps) await step.page(articles);
      indexed += articles.length;
      await deps.jobs.checkpoint(job, { indexed, checkpoint: next }, deps.now());
      log({ level: "info", msg: "reindex progress", jobId, indexed, elapsedMs: Date.now() - started });
    }
    await deps.jobs.finish(job, { status: "succeeded" }, deps.now());
    log({ level: "info", msg: "reindex finished", jobId, indexed, tookMs: Date.now() - started });
  } catch (err) {
    if (err instanceof JobTakenOverError) {
      log({ level: "warn", msg: err.message, jobId });
      return deps.jobs.get(jobId);
    }
    const error = err instanceof Error ? err.message : String(err);
    log({ level: "error", msg: "reindex failed", jobId, indexed, error });
    await deps.jobs.finish(job, { status: "failed", error }, deps.now()).catch(() => {});
    throw err;
  }
  return deps.jobs.get(jobId);
}
