/**
 * `npm run bench [-- --corpus FILE] [--size N] [--concurrency C] [--duration S] [--rounds R]`
 *
 * Starts the service as `npm start` would (embedded engine, DynamoDB Local, fresh DATA_DIR, no demo
 * corpus) in its own process on 127.0.0.1, loads a corpus through the API until it is searchable,
 * then measures latency and throughput per operation under load, the server's memory, a raw SQLite
 * FTS5 peer on the same queries, Lambda cold start against a Hono hello-world, and the widget
 * script's gzipped size against InstantSearch.js + Autocomplete.js (scripts/bench/widget-size.ts). Writes JSON and an
 * SVG chart under bench-results/. What the numbers mean: docs/benchmarks.md.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { busyMachineWarning, chooseCorpus, log, machineInfo, positiveNumber, type CorpusChoice } from "./bench/cli.js";
import { startService } from "./bench/service.js";
import { startLocalDynamo } from "./local/dynamodb.js";
import { loadCorpus } from "./corpus/load.js";
import { Fts5Baseline } from "./bench/fts5.js";
import { buildIdSequence, buildSearchQueries, buildSuggestQueries } from "./bench/queries.js";
import { defineOperations, OPERATION_KEYS, probe, runRounds } from "./bench/operations.js";
import { medianOfRounds, quantileCurve, ratio, median, summarize } from "./bench/stats.js";
import { measureColdStart, type ColdStartResult } from "./bench/coldstart.js";
import { latencyChartSvg, type ChartSeries } from "./bench/chart.js";
import { count, ms } from "./bench/format.js";
import { headline, reportColdStart, reportFreshProcess, reportIngest, reportLatency, reportMemory, throughputMedian, type MemoryReadings } from "./bench/report.js";
import { REPO_ROOT, RESULTS_DIR, stamp } from "./bench/paths.js";
import { measureFreshProcess, type FreshProcessResult } from "./bench/fresh.js";
import { measureWidgetSize, reportWidgetSize } from "./bench/widget-size.js";
import { DEFAULT_SEED } from "./corpus/generate.js";

const USAGE = `npm run bench -- [options]
  --corpus FILE            NDJSON, one Article per line (default: a generated corpus)
  --size N                 articles in the generated corpus (default 5000)
  --seed N                 seed for the corpus and the request mix (default ${DEFAULT_SEED})
  --concurrency C          requests in flight under load (default 8)
  --duration S             seconds per operation per round (default 5)
  --rounds R               rounds; headline figures are medians over rounds (default 3)
  --requests N             at most N timed requests per operation per round (default 20000)
  --warmup S               untimed seconds before each timed run (default 1)
  --batch-size N           articles per POST /v1/articles/batch (default 100)
  --ingest-concurrency N   batches in flight while loading (default 2)
  --cold-runs N            fresh processes per bundle for cold start, at least 7 (default 9)
  --skip-cold-start        leave the Lambda cold-start comparison out
  --cold-start-only        only the Lambda cold-start comparison (no server, no corpus)
  --cold-baseline FILE     also measure this earlier API bundle (npm run build:lambda output) in the same runs
  --only KEYS              run only these operations (comma list of ${OPERATION_KEYS.join(", ")})
  --runner bundle|tsx      how the server process runs (default bundle)
  --out DIR                where results go (default bench-results/)`;

/** Queries, prefixes and ids drawn per operation: more than a run can use, so none repeats. */
const STREAM_LENGTH = 60_000;

function parseOnly(value: string | undefined): Set<string> | undefined {
  if (!value) return undefined;
  const keys = value.split(",").map((k) => k.trim()).filter(Boolean);
  const unknown = keys.filter((k) => !(OPERATION_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`--only: unknown operation ${unknown.join(", ")}; known: ${OPERATION_KEYS.join(", ")}`);
  return new Set(keys);
}

function readSettings() {
  const { values: args } = parseArgs({
    options: {
      corpus: { type: "string" },
      size: { type: "string" },
      seed: { type: "string" },
      concurrency: { type: "string" },
      duration: { type: "string" },
      rounds: { type: "string" },
      requests: { type: "string" },
      warmup: { type: "string" },
      "batch-size": { type: "string" },
      "ingest-concurrency": { type: "string" },
      "cold-runs": { type: "string" },
      "skip-cold-start": { type: "boolean", default: false },
      "cold-start-only": { type: "boolean", default: false },
      "cold-baseline": { type: "string" },
      only: { type: "string" },
      runner: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (args.runner && args.runner !== "bundle" && args.runner !== "tsx") throw new Error("--runner is bundle or tsx");
  const settings = {
    corpus: args.corpus,
    size: positiveNumber("size", args.size, 5000, { integer: true }),
    seed: positiveNumber("seed", args.seed, DEFAULT_SEED, { integer: true, min: 0 }),
    concurrency: positiveNumber("concurrency", args.concurrency, 8, { integer: true }),
    durationMs: positiveNumber("duration", args.duration, 5) * 1000,
    rounds: positiveNumber("rounds", args.rounds, 3, { integer: true }),
    maxRequests: positiveNumber("requests", args.requests, 20_000, { integer: true }),
    warmupMs: positiveNumber("warmup", args.warmup, 1, { min: 0 }) * 1000,
    batchSize: positiveNumber("batch-size", args["batch-size"], 100, { integer: true }),
    ingestConcurrency: positiveNumber("ingest-concurrency", args["ingest-concurrency"], 2, { integer: true }),
    coldRuns: Math.max(7, positiveNumber("cold-runs", args["cold-runs"], 9, { integer: true })),
    coldStart: !args["skip-cold-start"],
    coldStartOnly: args["cold-start-only"],
    coldBaseline: args["cold-baseline"],
    only: parseOnly(args.only),
    runner: args.runner as "bundle" | "tsx" | undefined,
    outDir: path.resolve(args.out ?? RESULTS_DIR),
    help: args.help,
  };
  if (settings.batchSize > 1000) throw new Error("--batch-size may not exceed 1000 (the API's limit)");
  return settings;
}

/** `--cold-start-only`: the bundles against the hello-world, written to a JSON file of its own. */
async function coldStartOnly(runs: number, baseline: string | undefined, started: number, machine: ReturnType<typeof machineInfo>) {
  log(`cold start: bundling, then importing each bundle ${runs}× in fresh Node processes…`);
  const cold = await measureColdStart({ runs, workDir: path.join(REPO_ROOT, "bench-results/.build/cold-start"), log, baseline });
  reportColdStart(log, cold);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `cold-start-${stamp()}.json`);
  const result = { kind: "newsline-cold-start", startedAt: new Date(started).toISOString(), machine: { ...machine, loadAverageAtEnd: os.loadavg()[0] }, coldStart: cold };
  writeFileSync(file, JSON.stringify(result, null, 2));
  log(`wrote ${path.relative(REPO_ROOT, file)}`);
}

async function main() {
  const settings = readSettings();
  if (settings.help) return void console.log(USAGE);
  const started = Date.now();
  const machine = machineInfo();
  if (settings.coldStartOnly) return coldStartOnly(settings.coldRuns, settings.coldBaseline, started, machine);
  const corpus = chooseCorpus(settings.corpus, settings.size, settings.seed);
  log(`Newsline bench · ${corpus.description} · ${machine.cpus} CPUs · Node ${machine.node} · load average ${machine.loadAverage.toFixed(1)}`);
  const busy = busyMachineWarning(machine);
  if (busy) log(busy);
  log(`load: concurrency ${settings.concurrency}, ${settings.rounds} rounds × ${settings.durationMs / 1000} s per operation (≤ ${settings.maxRequests} requests), warm-up ${settings.warmupMs / 1000} s`);
  if (settings.rounds < 3) log("note: fewer than 3 rounds; fine for a check, not for headline figures");

  const work = mkdtempSync(path.join(os.tmpdir(), "newsline-bench-peer-"));
  // The store outlives the server, so the fresh process below meets a warm DynamoDB as a cold Lambda
  // instance does, instead of paying a just-started JVM's first requests.
  const dynamodb = await startLocalDynamo({ dir: path.join(work, "dynamodb") });
  let service = await startService({ log, runner: settings.runner, dynamodb }).catch(async (err) => {
    await dynamodb.stop();
    throw err;
  });
  let peer: Fts5Baseline | undefined;
  try {
    log(`server: pid ${service.pid}, http://127.0.0.1:${service.port}, engine ${service.engine}, run from ${service.runner === "bundle" ? "an esbuild bundle" : "tsx"}`);
    const memory: MemoryReadings = {
      atStart: service.memory(),
      afterLoad: null,
      afterRun: null,
      liveHeapMb: { afterLoad: null, afterRun: null },
      dynamoDbLocalMb: { afterLoad: null, afterRun: null },
    };
    const liveHeap = () => service.liveHeapMb().catch(() => null);

    const ingest = await loadCorpus(service.admin, corpus.articles, { batchSize: settings.batchSize, concurrency: settings.ingestConcurrency, indexed: service.indexed, count: service.count });
    memory.afterLoad = service.memory();
    memory.liveHeapMb.afterLoad = await liveHeap(); // after the RSS read: a full GC can shrink it
    memory.dynamoDbLocalMb.afterLoad = service.descendantsMemoryMb();
    reportIngest(log, ingest);
    if (ingest.stored === 0) throw new Error("the API stored no article; nothing to measure");

    // A fresh process on the loaded data, as a Lambda instance after a cold start; the runs below use it.
    let fresh: FreshProcessResult | undefined;
    if (!settings.only || settings.only.has("related-c1") || settings.only.has("related")) {
      const reuse = { dataDir: service.dataDir, adminKey: service.adminKey };
      await service.stop({ keepData: true });
      // On a busy machine DynamoDB Local can miss its start deadline: try again before giving up.
      for (let attempt = 1; ; attempt++) {
        try {
          service = await startService({ log, runner: settings.runner, reuse, dynamodb });
          break;
        } catch (err) {
          if (attempt >= 3) throw err;
          log(`fresh process did not start (${(err as Error).message.split("\n")[0]}); trying again`);
        }
      }
      const ids = buildIdSequence(ingest.storedIds, 60, settings.seed + 1);
      fresh = await measureFreshProcess(service, ids, corpus.articles[0]?.title.split(/\s+/).slice(0, 2).join(" ") ?? "news");
      reportFreshProcess(log, fresh);
    }

    // The peer holds exactly the articles the API accepted.
    const stored = new Set(ingest.storedIds);
    const docs = corpus.articles.filter((a) => stored.has(a.id));
    peer = new Fts5Baseline(path.join(work, "peer.sqlite"));
    const peerBuildMs = peer.load(docs);
    log(`raw FTS5 peer: ${count(docs.length)} articles inserted in ${ms(peerBuildMs)} ms (one transaction, in this process)`);

    const searchQueries = buildSearchQueries(docs, STREAM_LENGTH, settings.seed);
    const suggestInputs = buildSuggestQueries(docs.map((d) => d.title), STREAM_LENGTH, settings.seed);
    const operations = defineOperations(
      {
        search: searchQueries,
        suggest: suggestInputs,
        relatedIds: buildIdSequence(ingest.storedIds, STREAM_LENGTH, settings.seed),
        storedIds: ingest.storedIds,
        seed: settings.seed,
      },
      settings.concurrency,
      settings.only,
    );
    const client = service.publicClient(settings.concurrency);
    for (const op of operations) await probe(client, op, log);
    const peerResult = await runRounds(client, operations, peer, searchQueries, suggestInputs, { ...settings, log, settle: () => service.settle() });
    memory.afterRun = service.memory();
    memory.liveHeapMb.afterRun = await liveHeap();
    memory.dynamoDbLocalMb.afterRun = service.descendantsMemoryMb();
    const serverLog = service.logTail();

    // The service is stopped first so that it does not compete with the cold-start processes for the CPU.
    await service.stop();
    let cold: ColdStartResult | undefined;
    if (settings.coldStart) {
      log(`cold start: bundling, then importing each bundle ${settings.coldRuns}× in fresh Node processes…`);
      cold = await measureColdStart({ runs: settings.coldRuns, workDir: path.join(REPO_ROOT, "bench-results/.build/cold-start"), log, baseline: settings.coldBaseline }).catch((err) => {
        log(`cold start not measured: ${(err as Error).message.split("\n")[0]}`);
        return undefined;
      });
    }

    const widgetSize = measureWidgetSize(path.join(REPO_ROOT, "bench-results/.cache/packages"));

    reportLatency(log, operations, peerResult, { rounds: settings.rounds, cpus: machine.cpus });
    reportMemory(log, memory);
    if (cold) reportColdStart(log, cold);
    reportWidgetSize(log, widgetSize);

    const when = stamp();
    const peerHeadline = peerResult.rounds.length ? medianOfRounds(peerResult.rounds) : undefined;
    const searchC1Op = operations.find((op) => op.key === "search-c1");
    const searchC1 = searchC1Op && headline(searchC1Op);
    const result = {
      kind: "newsline-bench",
      version: 1,
      startedAt: new Date(started).toISOString(),
      totalSeconds: (Date.now() - started) / 1000,
      machine: { ...machine, loadAverageAtEnd: os.loadavg()[0] },
      settings: { ...settings, only: settings.only && [...settings.only], help: undefined },
      corpus: { ...corpus.source, articles: corpus.articles.length },
      server: { engine: service.engine, runner: service.runner },
      ingest: {
        sent: ingest.sent,
        stored: ingest.stored,
        rejectedCount: ingest.rejected.length,
        rejected: ingest.rejected.slice(0, 50),
        writeMs: ingest.writeMs,
        searchableMs: ingest.searchableMs,
        articlesPerSecond: ingest.stored / (ingest.searchableMs / 1000),
        batchSize: settings.batchSize,
        concurrency: settings.ingestConcurrency,
      },
      operations: operations.map((op) => ({
        key: op.key,
        label: op.label,
        concurrency: op.concurrency,
        available: op.available,
        unavailableReason: op.unavailableReason,
        itemsPerRequest: op.itemsPerRequest,
        headline: headline(op),
        throughputMedian: throughputMedian(op),
        rounds: op.rounds,
        quantiles: quantileCurve(op.latencies),
      })),
      peer: {
        kind: "sqlite-fts5",
        tokenizer: "unicode61 remove_diacritics 2",
        columns: ["title", "body"],
        limit: 10,
        buildMs: peerBuildMs,
        headline: peerHeadline,
        rounds: peerResult.rounds,
        quantiles: quantileCurve(peerResult.latencies),
        hitShare: { ours: median(peerResult.hitShare.ours), peer: median(peerResult.hitShare.peer) },
        suggest: peerResult.suggest.rounds.length
          ? { headline: medianOfRounds(peerResult.suggest.rounds), rounds: peerResult.suggest.rounds, quantiles: quantileCurve(peerResult.suggest.latencies) }
          : undefined,
        byKind: Object.fromEntries(Object.entries(peerResult.byKind).map(([kind, v]) => [kind, { api: summarize(v.api), peer: summarize(v.peer) }])),
        handler: peerResult.handlerMs.length ? summarize(peerResult.handlerMs) : undefined,
      },
      ratios: peerHeadline && searchC1 ? { p50: ratio(searchC1.p50, peerHeadline.p50), p95: ratio(searchC1.p95, peerHeadline.p95), p99: ratio(searchC1.p99, peerHeadline.p99) } : undefined,
      memory,
      freshProcess: fresh,
      coldStart: cold,
      widgetSize,
      serverLog: serverLog.slice(-50),
    };

    const series: ChartSeries[] = [];
    for (const op of operations) {
      if (!op.latencies.length) continue;
      series.push({ label: op.label, quantiles: quantileCurve(op.latencies), n: op.latencies.length });
      if (op.key === "search-c1" && peerResult.latencies.length) {
        series.push({ label: "raw FTS5 (same queries)", quantiles: quantileCurve(peerResult.latencies), n: peerResult.latencies.length, peer: true });
      }
      if (op.key === "suggest-c1" && peerResult.suggest.latencies.length) {
        series.push({ label: "raw FTS5 titles (same input)", quantiles: quantileCurve(peerResult.suggest.latencies), n: peerResult.suggest.latencies.length, peer: true });
      }
    }
    const svg = latencyChartSvg(series, {
      title: "Newsline API latency per operation",
      subtitle: `${corpusLabel(corpus)} · c=${settings.concurrency} · ${settings.rounds} rounds × ${settings.durationMs / 1000} s · ${machine.cpus} CPUs · Node ${machine.node} · loopback · ${when}`,
    });

    mkdirSync(settings.outDir, { recursive: true });
    const jsonFile = path.join(settings.outDir, `bench-${when}.json`);
    const svgFile = path.join(settings.outDir, `bench-${when}.svg`);
    writeFileSync(jsonFile, JSON.stringify(result, null, 2) + "\n");
    writeFileSync(svgFile, svg);
    copyFileSync(jsonFile, path.join(settings.outDir, "bench-latest.json"));
    copyFileSync(svgFile, path.join(settings.outDir, "bench-latest.svg"));
    log("");
    log(`wrote ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), svgFile)} (${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
  } catch (err) {
    // What the server said last is usually the explanation.
    const tail = service.logTail().slice(-15);
    if (tail.length) log(`server log (last lines):\n${tail.map((l) => `  ${l}`).join("\n")}`);
    throw err;
  } finally {
    peer?.close();
    await service.stop();
    await dynamodb.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

function corpusLabel(corpus: CorpusChoice): string {
  return corpus.source.kind === "file" ? `${path.basename(corpus.source.path)} (${corpus.articles.length} articles)` : `generated corpus (${corpus.articles.length} articles)`;
}

main().catch((err) => {
  console.error(`bench failed: ${(err as Error).message}`);
  process.exit(1);
});
