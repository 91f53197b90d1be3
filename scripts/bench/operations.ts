/**
 * The operations under load and the rounds that time them. Each operation has an endless request
 * stream; a cursor moves on through warm-ups and rounds so no request is sent twice in a run.
 * The raw FTS5 peer replays exactly what *search · c=1* sent, right after it, in the same order.
 */
import type { HttpClient, RequestSpec } from "./http.js";
import { runLoad } from "./load.js";
import { median, summarize, type LatencySummary } from "./stats.js";
import { ms, count } from "./format.js";
import type { Fts5Baseline } from "./fts5.js";
import { eventBatchFactory, type BenchSearchQuery, type SearchQueryKind } from "./queries.js";

export interface RoundResult {
  summary: LatencySummary;
  /** Items per second: requests, or events for event batches. */
  throughput: number;
  ok: number;
  errors: number;
  statuses: Record<string, number>;
  firstError?: string;
}

export interface Operation {
  key: string;
  label: string;
  concurrency: number;
  spec: (n: number) => RequestSpec;
  ok: (status: number) => boolean;
  itemsPerRequest: number;
  cursor: number;
  available: boolean;
  unavailableReason?: string;
  rounds: RoundResult[];
  latencies: number[];
  /** The p95 the product aims for (one request at a time, loopback), shown next to the measurement. */
  targetP95Ms?: number;
}

export interface RequestMix {
  search: BenchSearchQuery[];
  suggest: string[];
  relatedIds: string[];
  storedIds: string[];
  seed: number;
}

const at = <T>(list: readonly T[], n: number) => list[n % list.length];
/** One reader address per request number: the load is many readers, as in production, not one flooding address. */
const readerAddress = (n: number) => `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
/** The mixed row's concurrency, fixed so its figures compare across runs. */
export const MIXED_CONCURRENCY = 16;
const searchPath = (q: BenchSearchQuery) => `/v1/search?q=${encodeURIComponent(q.q)}&limit=10`;
/** What the site's search widget adds to every search (functions/web/widget-script.ts). */
const WIDGET_FACETS = "facets=tags,language,authors,month&facetCounts=disjunctive";

/** Every operation, or those whose key is in `only`. */
export function defineOperations(mix: RequestMix, concurrency: number, only?: ReadonlySet<string>): Operation[] {
  const nextEvents = eventBatchFactory(mix.storedIds, mix.seed);
  const operation = (o: Pick<Operation, "key" | "label" | "concurrency" | "spec"> & Partial<Operation>): Operation => ({
    ok: (status) => status < 400,
    itemsPerRequest: 1,
    cursor: 0,
    available: true,
    rounds: [],
    latencies: [],
    ...o,
  });
  const c = concurrency;
  const suggestPath = (n: number) => `/v1/suggest?q=${encodeURIComponent(at(mix.suggest, n))}&limit=8`;
  const relatedPath = (n: number) => `/v1/articles/${encodeURIComponent(at(mix.relatedIds, n))}/related?limit=5`;
  // The loaded runs start half-way through their lists, away from what the c=1 runs send.
  const half = (list: readonly unknown[]) => Math.floor(list.length / 2);
  return [
    operation({ key: "search-c1", label: "search · c=1", concurrency: 1, targetP95Ms: 15, spec: (n) => ({ method: "GET", path: searchPath(at(mix.search, n)) }) }),
    // As the site's search widget asks: every facet counted over every match.
    operation({ key: "search-facets-c1", label: "search, widget's facets · c=1", concurrency: 1, spec: (n) => ({ method: "GET", path: `${searchPath(at(mix.search, n))}&${WIDGET_FACETS}` }) }),
    operation({ key: "search", label: `search · c=${c}`, concurrency: c, cursor: half(mix.search), spec: (n) => ({ method: "GET", path: searchPath(at(mix.search, n)) }) }),
    operation({ key: "suggest-c1", label: "suggest · c=1", concurrency: 1, targetP95Ms: 5, spec: (n) => ({ method: "GET", path: suggestPath(n) }) }),
    operation({ key: "suggest", label: `suggest · c=${c}`, concurrency: c, cursor: half(mix.suggest), spec: (n) => ({ method: "GET", path: suggestPath(n) }) }),
    operation({ key: "related-c1", label: "related · c=1", concurrency: 1, targetP95Ms: 15, spec: (n) => ({ method: "GET", path: relatedPath(n) }) }),
    operation({ key: "related", label: `related · c=${c}`, concurrency: c, cursor: half(mix.relatedIds), spec: (n) => ({ method: "GET", path: relatedPath(n) }) }),
    operation({
      key: "mixed",
      label: `mixed (search, related, events, reviews) · c=${MIXED_CONCURRENCY}`,
      concurrency: MIXED_CONCURRENCY,
      spec: (n) => {
        switch (n % 4) {
          case 0:
            return { method: "GET", path: searchPath(at(mix.search, n)) };
          case 1:
            return { method: "GET", path: relatedPath(n) };
          case 2:
            return { method: "POST", path: "/v1/events", body: nextEvents() };
          default:
            return {
              method: "PUT",
              path: `/v1/articles/${encodeURIComponent(at(mix.storedIds, n))}/reviews/bench_reviewer_${n.toString(36).padStart(10, "0")}`,
              body: { rating: 1 + (n % 5), text: "Useful background on the talks, clearly told.", displayName: "Bench reader" },
            };
        }
      },
    }),
    operation({
      key: "events",
      label: `events (10/POST) · c=${c}`,
      concurrency: c,
      spec: () => ({ method: "POST", path: "/v1/events", body: nextEvents() }),
      ok: (status) => status === 202,
      itemsPerRequest: 10,
    }),
  ]
    .map((op) => ({ ...op, spec: (n: number) => ({ ...op.spec(n), address: readerAddress(n) }) }))
    .filter((op) => !only || only.has(op.key));
}

export const OPERATION_KEYS = ["search-c1", "search-facets-c1", "search", "suggest-c1", "suggest", "related-c1", "related", "mixed", "events"] as const;

/** One request to see whether the route exists in this build; a missing route is reported, not timed. */
export async function probe(client: HttpClient, op: Operation, log: (msg: string) => void): Promise<void> {
  const res = await client.request(op.spec(op.cursor++)).catch((err: Error) => ({ status: 0, body: err.message, ms: 0 }));
  if (res.status === 404 && res.body.includes("No route for")) {
    op.available = false;
    op.unavailableReason = "route not in this build";
  } else if (!op.ok(res.status)) {
    log(`  note: the first ${op.label} request answered ${res.status}: ${res.body.slice(0, 200)}`);
  }
}

export interface RoundsOptions {
  rounds: number;
  durationMs: number;
  maxRequests: number;
  warmupMs: number;
  log: (msg: string) => void;
  /**
   * Called after each timed run: the server writes the search counts a run of thousands of distinct
   * queries leaves for its next flush, which would otherwise land in the middle of the next run.
   */
  settle?: () => Promise<unknown>;
}

export interface PeerResult {
  rounds: LatencySummary[];
  latencies: number[];
  /** search · c=1 and the peer by query kind, every round pooled. */
  byKind: Record<SearchQueryKind, { api: number[]; peer: number[] }>;
  /** Per round, the share of queries with at least one hit. */
  hitShare: { ours: number[]; peer: number[] };
  /** The suggest peer (raw FTS5 title prefix) on exactly what *suggest · c=1* sent. */
  suggest: { rounds: LatencySummary[]; latencies: number[] };
  /** search · c=1 as the server timed it (the answer's tookMs), every round pooled: the rest of a request's time is outside the handler. */
  handlerMs: number[];
}

export async function runRounds(
  client: HttpClient,
  operations: Operation[],
  peer: Fts5Baseline,
  queries: readonly BenchSearchQuery[],
  suggestInputs: readonly string[],
  opts: RoundsOptions,
): Promise<PeerResult> {
  const result: PeerResult = {
    rounds: [],
    latencies: [],
    byKind: { words: { api: [], peer: [] }, typo: { api: [], peer: [] }, prefix: { api: [], peer: [] } },
    hitShare: { ours: [], peer: [] },
    suggest: { rounds: [], latencies: [] },
    handlerMs: [],
  };
  for (let i = 0; i < 200; i++) peer.search(at(queries, i).words, at(queries, i).prefixLast); // warm the peer's page cache

  for (let round = 1; round <= opts.rounds; round++) {
    for (const op of operations.filter((o) => o.available)) {
      if (opts.warmupMs > 0) {
        const from = op.cursor;
        const warm = await runLoad(client, (n) => op.spec(from + n), { concurrency: op.concurrency, durationMs: opts.warmupMs, maxRequests: 2000, isOk: op.ok });
        op.cursor += warm.sent.length;
      }
      const base = op.cursor;
      let withHits = 0;
      const run = await runLoad(client, (n) => op.spec(base + n), {
        concurrency: op.concurrency,
        durationMs: opts.durationMs,
        maxRequests: opts.maxRequests,
        isOk: op.ok,
        inspect:
          op.key === "search-c1"
            ? (body) => {
                const answer = JSON.parse(body) as { total: number; tookMs: number };
                if (answer.total > 0) withHits++;
                result.handlerMs.push(answer.tookMs);
              }
            : undefined,
      });
      op.cursor += run.sent.length;
      op.rounds.push({
        summary: summarize(run.latencies),
        throughput: run.throughput * op.itemsPerRequest,
        ok: run.ok,
        errors: run.errors,
        statuses: run.statuses,
        firstError: run.firstError,
      });
      op.latencies.push(...run.latencies);
      await opts.settle?.();
      progressLine(opts.log, round, opts.rounds, op.label, run.ok, median(run.latencies), `${count(run.throughput)} req/s${run.errors ? `  errors ${run.errors}` : ""}`);

      if (op.key === "search-c1") {
        const latencies: number[] = [];
        let peerWithHits = 0;
        for (const n of run.sent) {
          const q = at(queries, base + n);
          const t = peer.timedSearch(q.words, q.prefixLast);
          latencies.push(t.ms);
          result.byKind[q.kind].peer.push(t.ms);
          if (t.ids.length) peerWithHits++;
        }
        for (const t of run.timed) result.byKind[at(queries, base + t.n).kind].api.push(t.ms);
        result.rounds.push(summarize(latencies));
        result.latencies.push(...latencies);
        result.hitShare.ours.push(withHits / Math.max(1, run.ok));
        result.hitShare.peer.push(peerWithHits / Math.max(1, latencies.length));
        progressLine(opts.log, round, opts.rounds, "raw FTS5 (same queries)", latencies.length, median(latencies), "in process");
      }
      if (op.key === "suggest-c1") {
        const latencies = run.sent.map((n) => peer.timedSuggest(at(suggestInputs, base + n)).ms);
        result.suggest.rounds.push(summarize(latencies));
        result.suggest.latencies.push(...latencies);
        progressLine(opts.log, round, opts.rounds, "raw FTS5 titles (same input)", latencies.length, median(latencies), "in process");
      }
    }
  }
  return result;
}

function progressLine(log: (msg: string) => void, round: number, rounds: number, label: string, n: number, p50: number, tail: string) {
  log(`  round ${round}/${rounds} ${label.padEnd(24)} n=${String(n).padStart(6)}  p50 ${ms(p50).padStart(7)} ms  ${tail}`);
}
