import type { Article } from "../articles/model.js";
import type { SearchEngine } from "./engine.js";
import { indexChanges } from "./indexer.js";
import type { RelatedProfiles } from "../store/related.js";

/** Documents per engine write: well under Meilisearch's payload limits, few enough round trips. */
export const REINDEX_BATCH_SIZE = 500;

export interface ReindexProgress {
  indexed: number;
  elapsedMs: number;
}

export interface ReindexOptions {
  /**
   * Drop every document before the rebuild. Removes orphans (deletes that never reached the index)
   * at the cost of search answering with partial results until the rebuild ends.
   */
  clear?: boolean;
  /** Stored synonym groups, re-applied after the settings (a new index has none). */
  synonyms?: string[][];
  /** Apply settings and synonyms only, without rewriting the documents (a deploy that changed settings alone). */
  settingsOnly?: boolean;
  /** Related-stories profiles, rewritten from the same articles (they are derived data too). */
  profiles?: RelatedProfiles;
}

export interface ReindexResult {
  indexed: number;
  tookMs: number;
}

/**
 * Rebuilds the search index (and, given `profiles`, the related-stories profiles) from the articles of record. Settings first (init), then documents in
 * batches; upserts are idempotent, so running it twice or next to the stream indexer is harmless.
 */
export async function reindex(
  articles: AsyncIterable<Article[]> | Iterable<Article[]>,
  engine: SearchEngine,
  onProgress?: (progress: ReindexProgress) => void,
  opts: ReindexOptions = {},
): Promise<ReindexResult> {
  const started = Date.now();
  await engine.init();
  if (opts.synonyms) await engine.setSynonyms(opts.synonyms);
  if (opts.settingsOnly) return { indexed: 0, tookMs: Date.now() - started };
  if (opts.clear) await engine.clear();

  let indexed = 0;
  for await (const page of articles) {
    for (let at = 0; at < page.length; at += REINDEX_BATCH_SIZE) {
      const batch = page.slice(at, at + REINDEX_BATCH_SIZE);
      await indexChanges({ engine, profiles: opts.profiles }, { upserts: batch, removals: [] });
      indexed += batch.length;
      onProgress?.({ indexed, elapsedMs: Date.now() - started });
    }
  }
  return { indexed, tookMs: Date.now() - started };
}
