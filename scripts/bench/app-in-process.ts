/**
 * `tsx scripts/bench/app-in-process.ts [--corpus FILE | --size N] [--queries N] [--no-counts] [--no-poller]`
 *
 * Where a search's time goes outside the engine: the local service (DynamoDB Local, stream poller,
 * search counts) in this process, the bench's search queries sent one at a time through
 * `app.fetch` (no socket, gzip asked for, as a browser does), then the same queries to the engine
 * alone, with the event loop's delay over the app run. `--no-counts` leaves search counts unwritten
 * and `--no-poller` stops the stream poller once the corpus is indexed, to see what each costs.
 * For finding costs; the figures to report come from `npm run bench`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { randomBytes } from "node:crypto";
import { chooseCorpus, log, positiveNumber } from "./cli.js";
import { buildSearchQueries } from "./queries.js";
import { summarize } from "./stats.js";
import { DEFAULT_SEED } from "../corpus/generate.js";
import { startLocalRuntime } from "../local/runtime.js";

async function main() {
  const { values: args } = parseArgs({
    options: {
      corpus: { type: "string" },
      size: { type: "string" },
      queries: { type: "string" },
      "no-counts": { type: "boolean", default: false },
      "no-poller": { type: "boolean", default: false },
    },
  });
  const corpus = chooseCorpus(args.corpus, positiveNumber("size", args.size, 2000, { integer: true }));
  const count = positiveNumber("queries", args.queries, 3000, { integer: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), "newsline-app-"));
  const adminKey = `bench_${randomBytes(24).toString("base64url")}`;
  const rt = await startLocalRuntime({
    dataDir,
    env: { ADMIN_API_KEY: adminKey, SEED_DEMO: "false", TRUST_PROXY: "true", MEILISEARCH_HOST: "", MEILISEARCH_API_KEY: "", DYNAMODB_ENDPOINT: "" },
  });
  try {
    const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
    for (let i = 0; i < corpus.articles.length; i += 100) {
      const articles = corpus.articles.slice(i, i + 100).map(({ topics: _topics, ...a }) => a);
      const res = await rt.app.fetch(new Request("http://local/v1/articles/batch", { method: "POST", headers, body: JSON.stringify({ articles }) }));
      if (res.status !== 200) throw new Error(`batch ${i / 100}: ${res.status} ${await res.text()}`);
    }
    await rt.indexed();
    log(`${corpus.description}: ${await rt.engine.count()} searchable`);
    if (args["no-counts"]) rt.services.queryCounter.flush = async () => {};
    if (args["no-poller"]) await rt.poller.stop();

    const queries = buildSearchQueries(corpus.articles, count, DEFAULT_SEED);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    const app: number[] = [];
    delay.enable();
    for (const [n, q] of queries.entries()) {
      const started = performance.now();
      const res = await rt.app.fetch(
        new Request(`http://local/v1/search?q=${encodeURIComponent(q.q)}&limit=10`, { headers: { "x-forwarded-for": `10.0.${(n >> 8) & 255}.${n & 255}`, "accept-encoding": "gzip" } }),
      );
      await res.arrayBuffer();
      app.push(performance.now() - started);
    }
    delay.disable();
    const engine: number[] = [];
    for (const q of queries) {
      const started = performance.now();
      await rt.engine.search({ q: q.q, filters: {}, sort: "relevance", page: 1, limit: 10, facets: [], now: Date.now() });
      engine.push(performance.now() - started);
    }
    const line = (name: string, xs: number[]) => {
      const s = summarize(xs);
      log(`${name.padEnd(10)} p50 ${s.p50.toFixed(2)}  p95 ${s.p95.toFixed(2)}  p99 ${s.p99.toFixed(2)}  mean ${s.mean.toFixed(2)} ms`);
    };
    line("app.fetch", app);
    line("engine", engine);
    log(`event loop delay during the app run: p50 ${(delay.percentile(50) / 1e6).toFixed(2)}  p99 ${(delay.percentile(99) / 1e6).toFixed(2)}  max ${(delay.max / 1e6).toFixed(1)} ms`);
  } finally {
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
