/**
 * The reindex function, invoked by an operator (docs/deploy.md): applies the index settings and
 * stored synonyms, then writes every article of record to Meilisearch. Event: `{"clear": true}`
 * drops every document first (removes orphans); the default keeps search answering meanwhile.
 */
import { cloudDeps, logJson } from "./cloud.js";
import { ArticleRepository } from "../store/articles.js";
import { SynonymStore } from "../store/search-config.js";
import { reindex, type ReindexResult } from "../search/reindex.js";

const { db, engine } = cloudDeps({ apiKeys: false });

export async function handler(event: { clear?: boolean } | null | undefined): Promise<ReindexResult> {
  const clear = event?.clear === true;
  logJson({ level: "info", msg: "reindex started", clear });
  const result = await reindex(new ArticleRepository(db).all(), engine, (p) => logJson({ level: "info", msg: "reindex progress", ...p }), {
    clear,
    synonyms: await new SynonymStore(db).get(),
  });
  logJson({ level: "info", msg: "reindex finished", ...result });
  return result;
}
