import { z } from "zod";

/** Settings read from the environment once, validated, then passed down explicitly. */
const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1).default("newsline"),
  AWS_REGION: z.string().default("us-east-1"),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  MEILISEARCH_HOST: z.string().url().optional(),
  MEILISEARCH_API_KEY: z.string().optional(),
  MEILISEARCH_INDEX: z.string().default("articles"),
  /** An embedder configured on the Meilisearch index: related stories then blend semantic similarity in. Off when empty. */
  MEILISEARCH_EMBEDDER: z.string().optional(),
  /** Comma list of `name:key:scope1+scope2` entries. ADMIN_API_KEY adds one key with every scope. */
  API_KEYS: z.string().optional(),
  ADMIN_API_KEY: z.string().min(16).optional(),
  HISTORY_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
  /** Seconds one trending answer is reused per window by a process (each costs up to 100 Queries). */
  TRENDING_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Seconds a process reuses the editorial rules it read for a query or related list (a change elsewhere shows within this). */
  RULES_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Seconds a process reuses a related-stories profile it read (capped in count); its own writes apply at once. 0 turns it off. */
  RELATED_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  REVIEW_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(10),
  REVIEW_BLOCKLIST: z.string().default(""),
  /** Client address from the first X-Forwarded-For entry; only behind a proxy that sets it (docs: API.md). */
  TRUST_PROXY: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** Per client address, per process (README "Limits"). */
  RATE_LIMIT_SEARCH_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RATE_LIMIT_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RATE_LIMIT_REVIEWS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(60),
  /** Reads (and views) one address adds to one article's trending and co-reading counts per day. */
  SIGNAL_CAP_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(3),
  /** Distinct addresses that must have searched a query (with results) before autocomplete offers it. */
  SUGGEST_MIN_ADDRESSES: z.coerce.number().int().min(1).max(100).default(3),
  /** Comma list of words that never appear in suggested queries. */
  SUGGEST_BLOCKLIST: z.string().default(""),
  /** Longest wait for one DynamoDB or search engine call, and how many may wait per process. */
  DEPENDENCY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  DEPENDENCY_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  DEPENDENCY_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).default(512),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable means "not set", as in most deployment tools.
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new Error(`Invalid configuration in: ${fields}`);
  }
  return parsed.data;
}

export const SCOPES = ["articles:write", "admin"] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  name: string;
  key: string;
  scopes: Scope[];
}

export function parseApiKeys(env: Pick<Env, "API_KEYS" | "ADMIN_API_KEY">): ApiKey[] {
  const keys: ApiKey[] = [];
  if (env.ADMIN_API_KEY) keys.push({ name: "admin", key: env.ADMIN_API_KEY, scopes: [...SCOPES] });
  for (const entry of (env.API_KEYS ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [name, key, ...scopeParts] = entry.split(":");
    const scopeList = scopeParts.join(":");
    const scopes = scopeList.split("+").filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
    if (!name || !key || key.length < 16) throw new Error(`API_KEYS entry "${name ?? ""}" needs name:key:scopes with a key of 16+ characters`);
    keys.push({ name, key, scopes });
  }
  return keys;
}
