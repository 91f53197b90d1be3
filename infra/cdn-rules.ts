/**
 * What CloudFront caches in front of the API: one rule per path pattern, first match wins (as
 * CloudFront evaluates cache behaviours). Plain data, no SST globals: infra/cdn.ts builds the
 * distribution from it, test/lambda/infra.test.ts checks it against every route of the API, and
 * docs/deploy.md explains it.
 *
 * - `public`: cached; the key is the path plus the listed query parameters (others are dropped
 *   before the origin sees them, so `?x=random` cannot bust the cache), no cookies, no
 *   Authorization. TTLs are bounds: the API's own Cache-Control wins inside them, and an answer
 *   marked `private` or `no-store` (a visitor's) is never stored.
 * - `pass`: never cached; every header but Host, every query parameter and the Authorization
 *   header reach the API (keyed writes, visitor endpoints, admin).
 */
export interface CacheRule {
  pathPattern: string;
  cache: "public" | "pass";
  /** public only: the query parameters in the cache key. */
  query?: readonly string[];
  /** public only, seconds: used when the API sends no max-age, and the most it may ask for. */
  defaultTtl?: number;
  maxTtl?: number;
  why: string;
}

export const CACHE_RULES: readonly CacheRule[] = [
  { pathPattern: "/v1/admin/*", cache: "pass", why: "keyed, and answers change with every write" },
  { pathPattern: "/v1/visitors/*", cache: "pass", why: "a visitor's own history and recommendations" },
  { pathPattern: "/v1/events", cache: "pass", why: "reading events (writes)" },
  { pathPattern: "/v1/articles/batch", cache: "pass", why: "keyed write" },
  { pathPattern: "/v1/articles/*/reviews/*", cache: "pass", why: "a visitor's own review (PUT, DELETE)" },
  { pathPattern: "/v1/health", cache: "pass", why: "operators and probes want the live state" },
  {
    pathPattern: "/v1/search",
    cache: "public",
    query: ["q", "tags", "authors", "language", "section", "month", "from", "to", "sort", "page", "limit", "facets", "facetCounts", "halfLife", "collapse"],
    defaultTtl: 30,
    maxTtl: 300,
    why: "every keystroke of every reader; the same query within 30 s gets the same answer",
  },
  { pathPattern: "/v1/suggest", cache: "public", query: ["q", "limit"], defaultTtl: 60, maxTtl: 300, why: "search-as-you-type prefixes repeat across readers" },
  { pathPattern: "/v1/trending", cache: "public", query: ["window", "limit"], defaultTtl: 30, maxTtl: 300, why: "the API sends max-age=30" },
  {
    pathPattern: "/v1/articles/*/related",
    cache: "public",
    // `visitor` is in the key only so it reaches the API: those answers are private, no-store, never kept.
    query: ["limit", "visitor"],
    defaultTtl: 60,
    maxTtl: 600,
    why: "the widget under every article; the API sends max-age=60",
  },
  { pathPattern: "/v1/stories/*", cache: "public", query: ["limit", "cursor"], defaultTtl: 60, maxTtl: 600, why: "a story's full coverage; the API sends max-age=60" },
  { pathPattern: "/v1/articles/*/reviews", cache: "public", query: ["limit", "cursor"], defaultTtl: 30, maxTtl: 300, why: "published reviews of an article" },
  {
    pathPattern: "/v1/articles/*",
    cache: "pass",
    why: "GET of one article shares its path with keyed PUT and DELETE, whose Authorization CloudFront forwards only from a pass rule",
  },
  { pathPattern: "/widgets/v1/*", cache: "public", query: [], defaultTtl: 3600, maxTtl: 86400, why: "the widget script partner pages include" },
  { pathPattern: "/assets/*", cache: "public", query: [], defaultTtl: 300, maxTtl: 86400, why: "demo page styles" },
  { pathPattern: "/openapi.json", cache: "public", query: [], defaultTtl: 300, maxTtl: 3600, why: "changes only with a deploy" },
];

/** Everything else: passed to the API uncached. */
export const DEFAULT_RULE: CacheRule = { pathPattern: "*", cache: "pass", why: "anything not listed is never cached" };

/** CloudFront's path matching: `*` any characters (also `/`), `?` one; case-sensitive; the query string is not part of it. */
export function matchesPattern(pattern: string, path: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return regex.test(path);
}

/** The rule CloudFront applies to a request path. */
export function ruleFor(path: string): CacheRule {
  return CACHE_RULES.find((r) => matchesPattern(r.pathPattern, path)) ?? DEFAULT_RULE;
}
