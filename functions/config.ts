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
  REVIEW_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(10000).default(10),
  REVIEW_BLOCKLIST: z.string().default(""),
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
