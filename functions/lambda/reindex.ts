/**
 * The reindex function, run once per deploy (docs/deploy.md): the only place index settings are
 * applied. Applies them and the stored synonyms, then writes every article of record to
 * Meilisearch and its related-stories profile to the table, logging progress per batch. Event: `{"clear": true}` drops every document first (removes orphans; the default
 * keeps search answering meanwhile); `{"settingsOnly": true}` stops after the settings.
 */
import { cloudDeps, logJson } from "./cloud.js";
import { ArticleRepository } from "../store/articles.js";
import { SynonymStore } from "../store/search-config.js";
import { RelatedProfiles } from "../store/related.js";
import { reindex, type ReindexResult } from "../search/reindex.js";

const { db, engine } = cloudDeps({ apiKeys: false });

export async function handler(event: { clear?: boolean; settingsOnly?: boolean } | null | undefined): Promise<ReindexResult> {
  const clear = event?.clear === true;
  const settingsOnly = event?.settingsOnly === true;
  logJson({ level: "info", msg: "reindex started", clear, settingsOnly });
  const result = await reindex(new ArticleRepository(db).all(), engine, (p) => logJson({ level: "info", msg: "reindex progress", ...p }), {
    clear,
    settingsOnly,
    synonyms: await new SynonymStore(db).get(),
    profiles: new RelatedProfiles(db),
  });
  logJson({ level: "info", msg: "reindex finished", ...result });
  return result;
}
