/**
 * The reindex job on DynamoDB Local: the job item, its progress and resume point are real table
 * writes; the articles are read from the table page by page. The engine records what it is sent.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createDb, type Db } from "../../functions/store/client.js";
import { ensureTable } from "../../scripts/local/dynamodb.js";
import { ArticleRepository } from "../../functions/store/articles.js";
import { JobTakenOverError, ReindexJobStore } from "../../functions/store/jobs.js";
import { REINDEX_BATCH_SIZE, runReindexJob, searchIndexStep, type ReindexJobDeps, type ReindexStep } from "../../functions/search/reindex.js";
import { RecordingEngine } from "../support/recording-engine.js";
import { storedArticle } from "../support/articles.js";

let db: Db;
beforeAll(async () => {
  db = createDb({ table: `reindex-${randomUUID()}`, endpoint: inject("dynamoEndpoint") });
  await ensureTable(db);
}, 60_000);
afterAll(() => db?.raw.destroy());

/** A fresh table per test: a store holding `n` articles over two months. */
async function storeWith(n: number): Promise<{ repo: ArticleRepository; jobs: ReindexJobStore; ids: string[] }> {
  const table = createDb({ table: `reindex-${randomUUID()}`, endpoint: inject("dynamoEndpoint") });
  await ensureTable(table);
  const repo = new ArticleRepository(table);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `a-${String(i).padStart(4, "0")}`;
    const { version: _v, ...article } = storedArticle(id, { publishedAt: `2025-0${1 + (i % 2)}-1${i % 10}T10:00:00.000Z` });
    await repo.save(article);
    ids.push(id);
  }
  return { repo, jobs: new ReindexJobStore(table), ids };
}

const PAGE = 4;
function deps(repo: ArticleRepository, jobs: ReindexJobStore, steps: ReindexStep[]): ReindexJobDeps {
  return { jobs, articles: { pagesFrom: (from) => repo.pagesFrom(from, PAGE), count: () => repo.count() }, steps, now: () => new Date() };
}
const upserted = (engine: RecordingEngine) => engine.calls.flatMap((c) => (c.op === "upsert" ? c.ids : []));

describe("reindex job", () => {
  it("applies settings and synonyms before any document, writes every article, and reports its progress", async () => {
    const { repo, jobs, ids } = await storeWith(10);
    const engine = new RecordingEngine();
    const job = await jobs.create({ clear: false, now: new Date() });
    expect(job).toMatchObject({ status: "queued", indexed: 0, attempt: 0 });

    const progress: number[] = [];
    const watch: ReindexStep = { name: "watch", page: async () => void progress.push((await jobs.get(job.jobId))!.indexed) };
    const done = await runReindexJob(job.jobId, deps(repo, jobs, [searchIndexStep(engine, async () => [["eu", "european union"]]), watch]));

    expect(engine.calls.slice(0, 2)).toEqual([{ op: "init" }, { op: "synonyms", groups: [["eu", "european union"]] }]);
    expect(upserted(engine).sort()).toEqual(ids);
    // Only the public, searchable part goes to the engine.
    expect(engine.docs.get(ids[0])).not.toHaveProperty("entities");
    expect(done).toMatchObject({ status: "succeeded", total: 10, indexed: 10, attempt: 1 });
    expect(done!.finishedAt).toBeDefined();
    // Seen by a step before each page's checkpoint: the stored progress grows page by page
    // (pages of 4 within each of the two months: 5 articles each).
    expect(progress).toEqual([0, 4, 5, 9]);
  });

  it("after a run dies mid-way, a resume continues from the last saved page and re-sends nothing before it", async () => {
    const { repo, jobs, ids } = await storeWith(13);
    const engine = new RecordingEngine();
    let pages = 0;
    engine.failWhen = (c) => c.op === "upsert" && ++pages === 2; // the second page never reaches the engine
    const job = await jobs.create({ clear: true, now: new Date() });
    await expect(runReindexJob(job.jobId, deps(repo, jobs, [searchIndexStep(engine, async () => [])]))).rejects.toThrow(/unavailable/);

    const failed = (await jobs.get(job.jobId))!;
    const before = upserted(engine);
    expect(before).toHaveLength(PAGE); // the first page of the newest month (6 articles)
    expect(failed).toMatchObject({ status: "failed", indexed: PAGE, total: 13, attempt: 1 });
    expect(failed.error).toMatch(/unavailable/);
    // The resume point is inside that month: the key of the page's last article.
    expect(failed.checkpoint).toMatchObject({ month: "2025-02", after: expect.objectContaining({ gsi1pk: "PUBMONTH#2025-02" }) });

    engine.failWhen = () => false;
    const resumed = await runReindexJob(job.jobId, deps(repo, jobs, [searchIndexStep(engine, async () => [])]));
    expect(resumed).toMatchObject({ status: "succeeded", indexed: 13, attempt: 2 });
    const after = upserted(engine).slice(before.length);
    expect(after.filter((id) => before.includes(id))).toEqual([]);
    expect([...before, ...after].sort()).toEqual(ids);
    // `clear` belongs to the first run only: the resume kept what that run wrote.
    expect(engine.calls.filter((c) => c.op === "clear")).toHaveLength(1);
    expect(engine.docs.size).toBe(13);
  });

  it("a run whose job was resumed elsewhere stops at its next write", async () => {
    const { repo, jobs } = await storeWith(9);
    const job = await jobs.create({ clear: false, now: new Date() });
    const first = (await jobs.claim(job.jobId, new Date()))!;
    await jobs.claim(job.jobId, new Date()); // a resume took the job over
    await expect(jobs.checkpoint(first, { indexed: 4 }, new Date())).rejects.toBeInstanceOf(JobTakenOverError);

    const engine = new RecordingEngine();
    const done = await runReindexJob(job.jobId, deps(repo, jobs, [searchIndexStep(engine, async () => [])]));
    expect(done).toMatchObject({ status: "succeeded", indexed: 9, attempt: 3 });
  });

  it("does nothing for a finished or unknown job", async () => {
    const { repo, jobs } = await storeWith(2);
    const engine = new RecordingEngine();
    const job = await jobs.create({ clear: false, now: new Date() });
    await runReindexJob(job.jobId, deps(repo, jobs, [searchIndexStep(engine, async () => [])]));
    const calls = engine.calls.length;
    expect(await runReindexJob(job.jobId, deps(repo, jobs, [searchIndexStep(engine, async () => [])]))).toMatchObject({ status: "succeeded", attempt: 1 });
    expect(await runReindexJob(randomUUID(), deps(repo, jobs, [searchIndexStep(engine, async () => [])]))).toBeUndefined();
    expect(engine.calls).toHaveLength(calls);
  });

  it("splits a large page into engine batches", async () => {
    const engine = new RecordingEngine();
    const step = searchIndexStep(engine, async () => []);
    const articles = Array.from({ length: REINDEX_BATCH_SIZE * 2 + 7 }, (_, i) => storedArticle(`b-${i}`));
    await step.page(articles);
    expect(engine.calls.map((c) => ("ids" in c ? c.ids.length : 0))).toEqual([REINDEX_BATCH_SIZE, REINDEX_BATCH_SIZE, 7]);
  });

  it("handles an empty store", async () => {
    const { repo, jobs } = await storeWith(0);
    const engine = new RecordingEngine();
    const job = await jobs.create({ clear: false, now: new Date() });
    expect(await runReindexJob(job.jobId, deps(repo, jobs, [searchIndexStep(engine, async () => [])]))).toMatchObject({ status: "succeeded", total: 0, indexed: 0 });
    expect(engine.calls.map((c) => c.op)).toEqual(["init", "synonyms"]);
  });
});
