/**
 * `npm run eval -- --corpus FILE [--queries FILE] [--sample N]`
 *
 * Relevance through the HTTP API, next to a plain SQLite FTS5 BM25 baseline on the same articles and
 * the same queries: known-item MRR@10 (exact, typo and half-typed titles), ad-hoc MAP and nDCG@10
 * when judgements are given, related-stories P@5 by shared topic next to a tf-idf baseline, and the
 * simulated-readers evaluation. The protocol is in docs/benchmarks.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { busyMachineWarning, chooseCorpus, log, machineInfo, positiveNumber } from "./bench/cli.js";
import os from "node:os";
import { startService } from "./bench/service.js";
import { loadCorpus } from "./corpus/load.js";
import { Fts5Baseline } from "./bench/fts5.js";
import { DEFAULT_SEED } from "./corpus/generate.js";
import { knownItemCandidates, knownItemQueries, sampleKnownItems } from "./eval/known-item.js";
import { runAdhoc, runKnownItem, type AdhocRun, type KnownItemRun } from "./eval/search-runs.js";
import { firstContentWords, readJudgedQueries, type JudgedQuery } from "./eval/adhoc.js";
import { topicQueries } from "./eval/topic-queries.js";
import { fixed, table, times } from "./bench/format.js";
import { ratio } from "./bench/stats.js";
import { RESULTS_DIR, stamp } from "./bench/paths.js";
import { evalArticles, runRelatedEvaluations, type RelatedRun } from "./eval/related-run.js";
import { evaluateStories, type StoriesRun } from "./eval/stories.js";

/** Limits no evaluation run reaches (the API's maxima), so every query is answered. */
const EVAL_LIMITS = { RATE_LIMIT_SEARCH_PER_MINUTE: "1000000", RATE_LIMIT_EVENTS_PER_MINUTE: "1000000" };

const USAGE = `npm run eval -- --corpus FILE [options]
  --corpus FILE          NDJSON, one Article per line (default: a generated corpus of --size articles)
  --queries FILE         NDJSON of {"q": "...", "relevant": ["id", ...]} for MAP and nDCG@10
  --topic-queries        also judge queries made from the corpus's topic labels (q = topic name)
  --sample N             known items to sample (default 1000)
  --seed N               seed for the sample (default ${DEFAULT_SEED})
  --size N               articles in the generated corpus when no --corpus is given (default 5000)
  --concurrency N        API requests in flight (default 4)
  --related-sample N     articles judged for related P@5; 0 = every article with a topic (default 2000)
  --skip-related         leave out related P@5 and the simulated readers
  --stories              also story clustering P/R and near-duplicates in related lists (in process; docs/related.md)
  --batch-size N         articles per POST /v1/articles/batch (default 100)
  --out DIR              where results go (default bench-results/)`;

async function main() {
  const { values: args } = parseArgs({
    options: {
      corpus: { type: "string" },
      queries: { type: "string" },
      "topic-queries": { type: "boolean", default: false },
      sample: { type: "string" },
      seed: { type: "string" },
      size: { type: "string" },
      concurrency: { type: "string" },
      "related-sample": { type: "string" },
      "skip-related": { type: "boolean", default: false },
      stories: { type: "boolean", default: false },
      "batch-size": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.help) return void console.log(USAGE);
  const settings = {
    sample: positiveNumber("sample", args.sample, 1000, { integer: true }),
    seed: positiveNumber("seed", args.seed, DEFAULT_SEED, { integer: true, min: 0 }),
    size: positiveNumber("size", args.size, 5000, { integer: true }),
    concurrency: positiveNumber("concurrency", args.concurrency, 4, { integer: true }),
    relatedSample: positiveNumber("related-sample", args["related-sample"], 2000, { integer: true, min: 0 }),
    batchSize: positiveNumber("batch-size", args["batch-size"], 100, { integer: true }),
  };
  // A query with no relevant document has no average precision: left out rather than scored.
  const judged = args.queries ? readJudgedQueries(args.queries).filter((j) => j.relevant.length > 0) : undefined;
  const outDir = path.resolve(args.out ?? RESULTS_DIR);
  const started = Date.now();
  const machine = machineInfo();
  const corpus = chooseCorpus(args.corpus, settings.size, settings.seed);
  log(`Newsline eval · ${corpus.description} · ${machine.cpus} CPUs · Node ${machine.node} · load average ${machine.loadAverage.toFixed(1)}`);
  // Relevance does not depend on speed, but the 10-minute budget does.
  const busy = busyMachineWarning(machine);
  if (busy) log(busy.replace("timings will be pessimistic", "this run will take longer"));

  // Relevance runs send thousands of searches from one address: the per-address limits of a
  // public deployment would answer most of them 429, so this service sets its own.
  const service = await startService({ log, env: EVAL_LIMITS });
  const work = mkdtempSync(path.join(tmpdir(), "newsline-eval-"));
  let baseline: Fts5Baseline | undefined;
  let stemmed: Fts5Baseline | undefined;
  try {
    log(`server: http://127.0.0.1:${service.port}, engine ${service.engine}`);
    const ingest = await loadCorpus(service.admin, corpus.articles, { batchSize: settings.batchSize, indexed: service.indexed, count: service.count });
    log(`loaded ${ingest.stored} articles (${ingest.rejected.length} rejected by the API) in ${(ingest.searchableMs / 1000).toFixed(1)} s`);
    const stored = new Set(ingest.storedIds);
    const docs = corpus.articles.filter((a) => stored.has(a.id));
    baseline = new Fts5Baseline(path.join(work, "baseline.sqlite"));
    baseline.load(docs);
    const client = service.publicClient(settings.concurrency);

    // ---- known-item MRR@10
    const candidates = knownItemCandidates(docs);
    const items = sampleKnownItems(candidates, settings.sample, settings.seed);
    const queries = knownItemQueries(items);
    log(`known-item: ${items.length} titles sampled from ${candidates.length} candidates (unique title, 4–14 words); ${queries.length} queries`);
    const knownItem: KnownItemRun = await runKnownItem(client, baseline, queries, settings.concurrency);
    const rows = [["known-item", "n", "MRR@10 ours", "MRR@10 FTS5", "ours ÷ FTS5", "in top 10 ours", "in top 10 FTS5"]];
    for (const s of knownItem.scores) {
      rows.push([s.variant, String(s.n), fixed(s.ours.mrr), fixed(s.baseline.mrr), times(ratio(s.ours.mrr, s.baseline.mrr)), pct(s.ours.found, s.n), pct(s.baseline.found, s.n)]);
    }
    log("");
    log(table(rows));
    if (knownItem.firstError) log(`  API errors: ${knownItem.scores.reduce((a, s) => a + s.ours.errors, 0)}, first: ${knownItem.firstError}`);

    // ---- ad-hoc MAP / nDCG@10
    const judgedSets: Array<{ source: string; queries: JudgedQuery[] }> = [];
    if (judged) {
      judgedSets.push({ source: path.basename(args.queries!), queries: judged });
      // What a reader types into a search box: a few words, not a question.
      judgedSets.push({ source: `${path.basename(args.queries!)}, first three content words`, queries: firstContentWords(judged, 3) });
      judgedSets.push({ source: `${path.basename(args.queries!)}, first two content words`, queries: firstContentWords(judged, 2) });
    }
    if (args["topic-queries"]) judgedSets.push({ source: "topic labels", queries: topicQueries(docs) });
    if (judgedSets.length > 0) {
      stemmed = new Fts5Baseline(path.join(work, "stemmed.sqlite"), { stemmed: true });
      stemmed.load(docs);
    }
    const adhoc: Array<AdhocRun & { source: string }> = [];
    for (const set of judgedSets) {
      if (!set.queries.length) {
        log(`ad-hoc (${set.source}): no query to judge`);
        continue;
      }
      const run = { source: set.source, ...(await runAdhoc(client, { plain: baseline, stemmed: stemmed! }, set.queries, stored, settings.concurrency)) };
      adhoc.push(run);
      const porter = run.stemmed;
      log("");
      log(
        table([
          [`ad-hoc: ${run.source}`, "queries", "ours", "FTS5", "ours ÷ FTS5", "FTS5 Porter", "ours ÷ Porter"],
          [`MAP@${run.depth}`, String(run.queries), fixed(run.ours.map), fixed(run.baseline.map), times(ratio(run.ours.map, run.baseline.map), 2), fixed(porter.map), times(ratio(run.ours.map, porter.map), 2)],
          ["nDCG@10", String(run.queries), fixed(run.ours.ndcg10), fixed(run.baseline.ndcg10), times(ratio(run.ours.ndcg10, run.baseline.ndcg10), 2), fixed(porter.ndcg10), times(ratio(run.ours.ndcg10, porter.ndcg10), 2)],
        ]),
      );
      if (run.unknownRelevant) log(`  ${run.unknownRelevant} judged ids are not in the loaded corpus (they count against both alike)`);
      if (run.ours.errors) log(`  ${run.ours.errors} API errors`);
    }

    // ---- related stories and simulated readers
    let related: RelatedRun | undefined;
    if (!args["skip-related"]) {
      // A failure here must not cost the figures above: they are written either way.
      related = await runRelatedEvaluations(evalArticles(docs), {
        baseUrl: `http://127.0.0.1:${service.port}`,
        sample: settings.relatedSample || undefined,
        concurrency: settings.concurrency,
        log,
      }).catch((err) => {
        log(`related evaluation failed: ${(err as Error).message}`);
        return undefined;
      });
    }

    let stories: StoriesRun | undefined;
    if (args.stories) {
      log("");
      stories = await evaluateStories(evalArticles(docs), { sample: settings.relatedSample || undefined, log }).catch((err) => {
        log(`stories evaluation failed: ${(err as Error).message}`);
        return undefined;
      });
    }

    const result = {
      kind: "newsline-eval",
      version: 1,
      startedAt: new Date(started).toISOString(),
      totalSeconds: (Date.now() - started) / 1000,
      machine: { ...machine, loadAverageAtEnd: os.loadavg()[0] },
      settings,
      corpus: { ...corpus.source, articles: corpus.articles.length, stored: ingest.stored, rejected: ingest.rejected.length },
      knownItem: { candidates: candidates.length, sampled: items.length, scores: knownItem.scores, perQuery: knownItem.perQuery },
      adhoc,
      related,
      stories,
    };
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `eval-${stamp()}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
    copyFileSync(file, path.join(outDir, "eval-latest.json"));
    log("");
    log(`wrote ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  } catch (err) {
    // What the server said last is usually the explanation.
    const tail = service.logTail().slice(-15);
    if (tail.length) log(`server log (last lines):\n${tail.map((l) => `  ${l}`).join("\n")}`);
    throw err;
  } finally {
    baseline?.close();
    stemmed?.close();
    await service.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : "–");

main().catch((err) => {
  console.error(`eval failed: ${(err as Error).message}`);
  process.exit(1);
});
