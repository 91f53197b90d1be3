/**
 * Loads a corpus through the public write path, POST /v1/articles/batch, and waits until the
 * search index holds every stored article: "ingested" means searchable, not merely accepted.
 */
import { progress, type ProgressLine } from "../bench/progress.js";
import type { HttpClient } from "../bench/http.js";
import { toArticleInput, type CorpusArticle } from "./types.js";

export interface LoadCorpusOptions {
  batchSize?: number;
  /** Batches in flight at once (the API stores a batch's articles one after another). */
  concurrency?: number;
  /** Resolves with the number of indexed documents once the index has caught up with the writes made so far. */
  indexed: () => Promise<number>;
  /** The number of indexed documents right now (for the progress line). */
  count: () => Promise<number>;
  progress?: boolean;
}

export interface LoadCorpusResult {
  sent: number;
  stored: number;
  rejected: { id: string; error: string }[];
  /** Ids the API accepted, in corpus order. */
  storedIds: string[];
  /** From the first request until every batch had been answered. */
  writeMs: number;
  /** From the first request until the index held every stored article. */
  searchableMs: number;
  indexedCount: number;
}

interface BatchAnswer {
  results: { id: string; status: string; error?: string }[];
}

const STALL_MS = 120_000;

export async function loadCorpus(client: HttpClient, corpus: readonly CorpusArticle[], opts: LoadCorpusOptions): Promise<LoadCorpusResult> {
  const batchSize = opts.batchSize ?? 100;
  const batches: CorpusArticle[][] = [];
  for (let i = 0; i < corpus.length; i += batchSize) batches.push(corpus.slice(i, i + batchSize));

  const bar: ProgressLine | undefined = opts.progress === false ? undefined : progress(corpus.length, ["stored", "indexed"]);
  try {
    return await loadAndWait(client, batches, opts, bar);
  } finally {
    bar?.stop();
  }
}

async function loadAndWait(
  client: HttpClient,
  batches: CorpusArticle[][],
  opts: LoadCorpusOptions,
  bar: ProgressLine | undefined,
): Promise<LoadCorpusResult> {
  const accepted = new Set<string>();
  const rejected: { id: string; error: string }[] = [];
  const started = performance.now();
  let answered = 0;
  let next = 0;
  let writing = true;

  // The indexed count is polled while the writes go on, for the progress line only.
  const poll = (async () => {
    while (writing) {
      const n = await opts.count().catch(() => 0);
      bar?.update("indexed", n);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  async function worker() {
    while (next < batches.length) {
      const batch = batches[next++];
      const answer = await client.json<BatchAnswer>({ method: "POST", path: "/v1/articles/batch", body: { articles: batch.map(toArticleInput) } });
      for (const r of answer.results) {
        if (r.status === "error") rejected.push({ id: r.id, error: r.error ?? "error" });
        else accepted.add(r.id);
      }
      answered += batch.length;
      bar?.update("stored", answered);
    }
  }
  try {
    await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
  } finally {
    writing = false;
    await poll;
  }
  const writeMs = performance.now() - started;

  // Caught up = the stream poller drained after our last write and the index counts every stored article.
  // A slow indexer is waited for as long as it makes progress (a large archive takes a while);
  // one that indexes nothing for STALL_MS has stopped.
  let indexedCount = 0;
  for (let lastGrowth = performance.now(), before = -1; ; ) {
    // indexed() gives up when the poller has not drained within its own wait; the count still shows progress.
    indexedCount = await opts.indexed().catch(() => opts.count().catch(() => indexedCount));
    bar?.update("indexed", indexedCount);
    if (indexedCount >= accepted.size) break;
    if (indexedCount > before) [before, lastGrowth] = [indexedCount, performance.now()];
    if (performance.now() - lastGrowth > STALL_MS) throw new Error(`the index holds ${indexedCount} of ${accepted.size} articles and has not grown for ${STALL_MS / 60_000} minutes`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const searchableMs = performance.now() - started;
  const corpus = batches.flat();
  return {
    sent: corpus.length,
    stored: accepted.size,
    rejected,
    storedIds: [...new Set(corpus.map((a) => a.id).filter((id) => accepted.has(id)))],
    writeMs,
    searchableMs,
    indexedCount,
  };
}
