/**
 * `tsx scripts/eval/search-in-process.ts --corpus FILE [--queries FILE] [--topic-queries] [--sample N]`
 *
 * The eval's search protocol (known-item MRR@10, judged MAP@50 / nDCG@10) against the embedded
 * engine alone, in process, next to the same FTS5 BM25 baseline: for iterating on ranking without
 * loading a corpus through the API. The figures to report come from `npm run eval` (HTTP).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chooseCorpus, log, positiveNumber } from "../bench/cli.js";
import { Fts5Baseline } from "../bench/fts5.js";
import { DEFAULT_SEED } from "../corpus/generate.js";
import { createEmbeddedEngine } from "../../functions/search/embedded.js";
import { toSearchDocument } from "../../functions/search/indexer.js";
import { prepareArticle } from "../../functions/articles/ingest.js";
import type { Article } from "../../functions/articles/model.js";
import { knownItemCandidates, knownItemQueries, sampleKnownItems, VARIANTS } from "./known-item.js";
import { firstContentWords, readJudgedQueries, type JudgedQuery } from "./adhoc.js";
import { topicQueries } from "./topic-queries.js";
import { JudgedScores, mean, reciprocalRank } from "./metrics.js";
import { contentWords } from "../../functions/text/index.js";
import type { SearchEngine } from "../../functions/search/engine.js";

async function ranking(engine: SearchEngine, q: string, depth: number): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ids.length < depth; page++) {
    const r = await engine.search({ q, filters: {}, sort: "relevance", page, limit: 50, facets: [], now: Date.parse("2030-01-01") });
    ids.push(...r.hits.map((h) => h.id));
    if (r.hits.length < 50 || ids.length >= r.total) break;
  }
  return ids.slice(0, depth);
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      corpus: { type: "string" },
      queries: { type: "string" },
      "topic-queries": { type: "boolean", default: false },
      sample: { type: "string" },
      "skip-known-item": { type: "boolean", default: false },
    },
  });
  const sampleSize = positiveNumber("sample", args.sample, 1000, { integer: true });
  const corpus = chooseCorpus(args.corpus, 5000);
  const work = mkdtempSync(path.join(tmpdir(), "newsline-ineval-"));
  const engine = await createEmbeddedEngine({ path: path.join(work, "engine.sqlite") });
  const baseline = new Fts5Baseline(path.join(work, "baseline.sqlite"));
  const stemmed = new Fts5Baseline(path.join(work, "stemmed.sqlite"), { stemmed: true });
  try {
    const now = new Date("2030-01-01");
    const articles: Article[] = [];
    for (const a of corpus.articles) {
      try {
        articles.push({ ...prepareArticle(a.id, a as never, now), version: 1 } as Article);
      } catch {
        /* unstorable: the API would reject it too */
      }
    }
    const started = performance.now();
    for (let i = 0; i < articles.length; i += 500) await engine.upsert(articles.slice(i, i + 500).map((a) => toSearchDocument(a)));
    log(`indexed ${articles.length} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const stored = new Set(articles.map((a) => a.id));
    const docs = corpus.articles.filter((a) => stored.has(a.id));
    baseline.load(docs);
    stemmed.load(docs);

    if (!args["skip-known-item"]) {
      const queries = knownItemQueries(sampleKnownItems(knownItemCandidates(docs), sampleSize, DEFAULT_SEED));
      const rr = new Map<string, number[]>();
      const misses: string[] = [];
      for (const q of queries) {
        const ids = await ranking(engine, q.q, 10);
        const r = reciprocalRank(ids, q.id, 10);
        (rr.get(q.variant) ?? rr.set(q.variant, []).get(q.variant)!).push(r);
        if (r < 1 && q.variant === "half") misses.push(`${r.toFixed(2)}  ${q.q}`);
        const b = reciprocalRank(baseline.search(q.words, q.prefixLast, 10), q.id, 10);
        (rr.get(`${q.variant}-bm25`) ?? rr.set(`${q.variant}-bm25`, []).get(`${q.variant}-bm25`)!).push(b);
      }
      for (const v of VARIANTS) log(`known-item ${v}: ours ${mean(rr.get(v)!).toFixed(4)}  bm25 ${mean(rr.get(`${v}-bm25`)!).toFixed(4)}  (n ${rr.get(v)!.length})`);
      if (process.env.SHOW_MISSES) log(misses.join("\n"));
    }
    const sets: Array<[string, JudgedQuery[]]> = [];
    if (args.queries) {
      const judged = readJudgedQueries(args.queries).filter((j) => j.relevant.length > 0);
      sets.push(["full", judged], ["three words", firstContentWords(judged, 3)], ["two words", firstContentWords(judged, 2)]);
    }
    if (args["topic-queries"]) sets.push(["topics", topicQueries(docs)]);
    for (const [name, judged] of sets) {
      const [ours, plain, porter] = [new JudgedScores(50), new JudgedScores(50), new JudgedScores(50)];
      for (const j of judged) {
        const rel = new Set(j.relevant);
        ours.add(await ranking(engine, `${j.q.trim()} `, 50), rel);
        plain.add(baseline.searchAny(contentWords(j.q), 50), rel);
        porter.add(stemmed.searchAny(contentWords(j.q), 50), rel);
        if (process.env.SHOW_QUERIES) log(`  ${j.q.slice(0, 40).padEnd(40)} ours ${ours.lastAp.toFixed(3)} bm25 ${plain.lastAp.toFixed(3)}`);
      }
      const [o, b, p] = [ours.scores, plain.scores, porter.scores];
      log(`${name} (${judged.length}): MAP@50 ours ${o.map.toFixed(4)} bm25 ${b.map.toFixed(4)} (×${(o.map / b.map).toFixed(3)}); nDCG@10 ours ${o.ndcg10.toFixed(4)} bm25 ${b.ndcg10.toFixed(4)}`);
      log(`  against BM25 over Porter stems: MAP@50 ${p.map.toFixed(4)} (×${(o.map / p.map).toFixed(3)}); nDCG@10 ${p.ndcg10.toFixed(4)}`);
    }
  } finally {
    baseline.close();
    stemmed.close();
    await engine.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
