import type { ApiKey, Env } from "./config.js";
import type { Db } from "./store/client.js";
import type { ArticleRepository } from "./store/articles.js";
import type { SearchEngine } from "./search/engine.js";

/** Everything a handler needs, built once at the edge (Lambda entry or local server) and injected. */
export interface Services {
  env: Env;
  db: Db;
  keys: ApiKey[];
  articles: ArticleRepository;
  search: SearchEngine;
  now: () => Date;
  /** Background work that must not delay the answer (analytics); Lambda awaits it before freezing. */
  defer: (work: Promise<unknown>) => void;
}
