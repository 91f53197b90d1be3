/**
 * The reindex function: the only place index settings are applied, run once per deploy
 * (docs/deploy.md), and where reindex jobs run (search documents and related-stories profiles) — functions/search/reindex.ts.
 * - `{"jobId"}`: runs that job to its end (the API starts it asynchronously, POST /v1/admin/reindex).
 * - `{"clear": bool}`: an operator's direct invocation; creates the job first.
 * - `{"settingsOnly": true}`: applies the settings and stored synonyms, rewrites no document (a
 *   deploy that changed settings alone).
 * A run that times out or crashes is retried by Lambda (asynchronous invocations, twice) and
 * continues from the job's last position.
 */
import { cloudDeps, logJson } from "./cloud.js";
import { ArticleRepository } from "../store/articles.js";
import { SynonymStore } from "../store/search-config.js";
import { RelatedProfiles } from "../store/related.js";
import { ReindexJobStore, type ReindexJob } from "../store/jobs.js";
import { runReindexJob, searchIndexStep } from "../search/reindex.js";

const { db, engine } = cloudDeps({ apiKeys: false });
const jobs = new ReindexJobStore(db);
const synonyms = new SynonymStore(db);
const now = () => new Date();

type ReindexEvent = { jobId?: string; clear?: boolean; settingsOnly?: boolean } | null | undefined;

export async function handler(event: ReindexEvent): Promise<ReindexJob | { indexed: 0; settingsOnly: true } | undefined> {
  if (event?.settingsOnly === true) {
    await engine.init();
    await engine.setSynonyms(await synonyms.get());
    logJson({ level: "info", msg: "index settings applied" });
    return { indexed: 0, settingsOnly: true };
  }
  const jobId = typeof event?.jobId === "string" ? event.jobId : (await jobs.create({ clear: event?.clear === true, now: now() })).jobId;
  return runReindexJob(jobId, {
    jobs,
    articles: new ArticleRepository(db),
    steps: [searchIndexStep(engine, () => synonyms.get(), new RelatedProfiles(db))],
    now,
    log: logJson,
  });
}
