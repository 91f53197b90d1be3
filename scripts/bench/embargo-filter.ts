/**
 * The embargo bound's cost, in process: the embedded engine answers the same queries with and
 * without `to = now` (the bound every public search and suggest carries), alternating which goes
 * first. `npx tsx scripts/bench/embargo-filter.ts [size | corpus.ndjson] [embargoed articles, default 5]`; see docs/benchmarks.md.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chooseCorpus } from "./cli.js";
import { buildSearchQueries } from "./queries.js";
import { prepareArticle, type ArticleInput } from "../../functions/articles/ingest.js";
import { toSearchDocument } from "../../functions/search/indexer.js";
import { createEmbeddedEngine } from "../../functions/search/embedded.js";

const arg = process.argv[2] ?? "5000";
/** Articles dated after now (a newsroom's embargo queue); 0 shows the common case of none. */
const embargoed = Number(process.argv[3] ?? 5);
const choice = /^\d+$/.test(arg) ? chooseCorpus(undefined, Number(arg)) : chooseCorpus(arg, 0);
const corpus = choice.articles;
console.log(`corpus: ${choice.description}, ${embargoed} under embargo; load average ${(await import("node:os")).loadavg()[0].toFixed(1)}`);
const now = new Date();
const docs = corpus.filter((a) => a.publishedAt && !Number.isNaN(Date.parse(a.publishedAt))).map((a) => toSearchDocument({ ...prepareArticle(a.id, a as ArticleInput, now), version: 1 }));
// A newsroom's embargo queue: a handful of articles dated after now.
for (let i = 0; i < embargoed; i++) docs[i] = { ...docs[i], publishedAt: new Date(now.getTime() + 86_400_000).toISOString() };
const engine = await createEmbeddedEngine({ path: path.join(mkdtempSync(path.join(tmpdir(), "ab-")), "s.sqlite") });
for (let i = 0; i < docs.length; i += 500) await engine.upsert(docs.slice(i, i + 500));
const queries = buildSearchQueries(corpus, 2000, 7);
const req = (q: string, to?: string) => ({ q, filters: to ? { to } : {}, sort: "relevance" as const, page: 1, limit: 10, facets: [] });
const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
for (const q of queries.slice(0, 200)) { await engine.search(req(q.q)); await engine.search(req(q.q, now.toISOString())); }
for (let r = 0; r < 3; r++) {
  const off: number[] = [], on: number[] = [], sOff: number[] = [], sOn: number[] = [];
  for (const [i, q] of queries.entries()) {
    const to = new Date().toISOString();
    // Alternate which goes first, so neither profits from the other's warm cache.
    const pair = i % 2 ? [["on", to], ["off", undefined]] : [["off", undefined], ["on", to]];
    for (const [which, bound] of pair) {
      const t = performance.now(); await engine.search(req(q.q, bound)); const d = performance.now() - t;
      (which === "on" ? on : off).push(d);
      const t2 = performance.now(); await engine.suggest(q.q, 8, bound ? { to: bound } : {}); const d2 = performance.now() - t2;
      (which === "on" ? sOn : sOff).push(d2);
    }
  }
  console.log(`round ${r + 1}: search p50 ${p(off, .5).toFixed(2)} → ${p(on, .5).toFixed(2)} ms, p95 ${p(off, .95).toFixed(2)} → ${p(on, .95).toFixed(2)} ms (×${(p(on, .95) / p(off, .95)).toFixed(2)}); suggest p95 ${p(sOff, .95).toFixed(2)} → ${p(sOn, .95).toFixed(2)} ms (×${(p(sOn, .95) / p(sOff, .95)).toFixed(2)})`);
}
await engine.close();
