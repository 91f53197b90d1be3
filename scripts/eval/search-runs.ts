/**
 * Relevance runs: the same queries through the HTTP API and through the plain FTS5 baseline,
 * scored with the same metric.
 */
import type { HttpClient } from "../bench/http.js";
import type { Fts5Baseline } from "../bench/fts5.js";
import { VARIANTS, type KnownItemQuery, type Variant } from "./known-item.js";
import { JudgedScores, mean, reciprocalRank } from "./metrics.js";
import type { JudgedQuery } from "./adhoc.js";
import { contentWords } from "../../functions/text/index.js";

export interface SearchAnswer {
  ids: string[];
  error?: string;
}

/** The API's ranking for q: `depth` results, fetched in pages of at most 50 (the API's limit). */
export async function apiRanking(client: HttpClient, q: string, depth = 10): Promise<SearchAnswer> {
  const ids: string[] = [];
  const limit = Math.min(50, depth);
  for (let page = 1; ids.length < depth; page++) {
    const res = await client.request({ method: "GET", path: `/v1/search?q=${encodeURIComponent(q)}&limit=${limit}&page=${page}` });
    if (res.status !== 200) return { ids, error: `${res.status}: ${res.body.slice(0, 200)}` };
    const body = JSON.parse(res.body) as { hits: { id: string }[]; total: number };
    ids.push(...body.hits.map((h) => h.id));
    if (body.hits.length < limit || ids.length >= body.total) break;
  }
  return { ids: ids.slice(0, depth) };
}

/** Runs `work` over items with `concurrency` in flight; results in item order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return out;
}

export interface VariantScore {
  variant: Variant;
  n: number;
  ours: { mrr: number; found: number; errors: number };
  baseline: { mrr: number; found: number };
}

export interface KnownItemRun {
  scores: VariantScore[];
  /** Per query, for inspection: rank in ours and in the baseline (0 = not in the top 10). */
  perQuery: Array<{ id: string; variant: Variant; q: string; ours: number; baseline: number }>;
  firstError?: string;
}

/** 1-based rank of `id` within the first 10, 0 when absent. */
const rankOf = (ids: string[], id: string) => ids.slice(0, 10).indexOf(id) + 1;

export async function runKnownItem(client: HttpClient, baseline: Fts5Baseline, queries: readonly KnownItemQuery[], concurrency: number): Promise<KnownItemRun> {
  const answers = await mapConcurrent(queries, concurrency, (q) => apiRanking(client, q.q, 10));
  const rows = queries.map((q, i) => ({ query: q, ours: answers[i], baseline: baseline.search(q.words, q.prefixLast, 10) }));
  const scores = VARIANTS.map((variant) => {
    const of = rows.filter((r) => r.query.variant === variant);
    return {
      variant,
      n: of.length,
      ours: {
        mrr: mean(of.map((r) => reciprocalRank(r.ours.ids, r.query.id, 10))),
        found: of.filter((r) => rankOf(r.ours.ids, r.query.id) > 0).length,
        errors: of.filter((r) => r.ours.error).length,
      },
      baseline: {
        mrr: mean(of.map((r) => reciprocalRank(r.baseline, r.query.id, 10))),
        found: of.filter((r) => rankOf(r.baseline, r.query.id) > 0).length,
      },
    };
  });
  return {
    scores,
    perQuery: rows.map((r) => ({ id: r.query.id, variant: r.query.variant, q: r.query.q, ours: rankOf(r.ours.ids, r.query.id), baseline: rankOf(r.baseline, r.query.id) })),
    firstError: answers.find((a) => a.error)?.error,
  };
}

export interface AdhocRun {
  queries: number;
  /** Relevant ids that are not in the loaded corpus (they count against both systems alike). */
  unknownRelevant: number;
  ours: { map: number; ndcg10: number; errors: number };
  baseline: { map: number; ndcg10: number };
  /** The same BM25 over Porter-stemmed words. */
  stemmed: { map: number; ndcg10: number };
  depth: number;
}

/** The plain FTS5 BM25 peer and the one over Porter stems. */
export interface AdhocPeers {
  plain: Fts5Baseline;
  stemmed: Fts5Baseline;
}

export async function runAdhoc(
  client: HttpClient,
  peers: AdhocPeers,
  judged: readonly JudgedQuery[],
  known: ReadonlySet<string>,
  concurrency: number,
  depth = 50,
): Promise<AdhocRun> {
  // A judged query is a finished query: a trailing blank tells the API its last word is complete,
  // as the baseline reads it (no prefix match on the last word).
  const answers = await mapConcurrent(judged, concurrency, (j) => apiRanking(client, `${j.q.trim()} `, depth));
  const [ours, plain, stemmed] = [new JudgedScores(depth), new JudgedScores(depth), new JudgedScores(depth)];
  judged.forEach((j, i) => {
    const relevant = new Set(j.relevant);
    // BM25 ranks every document holding any of the query's words (stop words left out, as ours
    // does): requiring all of them would find nothing for most natural-language queries.
    const words = contentWords(j.q);
    ours.add(answers[i].ids, relevant);
    plain.add(peers.plain.searchAny(words, depth), relevant);
    stemmed.add(peers.stemmed.searchAny(words, depth), relevant);
  });
  return {
    queries: judged.length,
    unknownRelevant: judged.reduce((a, j) => a + j.relevant.filter((id) => !known.has(id)).length, 0),
    ours: { ...ours.scores, errors: answers.filter((a) => a.error).length },
    baseline: plain.scores,
    stemmed: stemmed.scores,
    depth,
  };
}
