import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { ArticleIdParam, VisitorIdSchema, articleLinkFields, limitParam, problems } from "../http/schemas.js";
import { notFound } from "../http/problem.js";
import { cardOf, keyTerms, profileFromJson, profileOf, ProfileReader, QUERY_TERMS, type ArticleCard, type StoredProfile } from "../recommend/profile.js";
import type { SimilarArticle } from "../search/engine.js";
import { DEFAULT_RELATED_WEIGHTS, rankRelated, type CoReadCount, type SemanticMatch } from "../recommend/related.js";
import { historyWeights, rankTrending, recommendFromHistory, type Suggestion } from "../recommend/recommendations.js";
import type { TrendingWindow } from "../store/signals.js";
import { TRENDING_CACHE_DEPTH } from "../store/events.js";
import { curate, curationAt } from "../store/rules.js";
import { withoutNearDuplicates } from "../recommend/stories.js";

/** Co-read counters read per article: enough to find the few strong ones. */
const CO_READS_PER_ARTICLE = 50;
/** Semantic neighbours asked of the engine's embedder, when one is configured. */
const SEMANTIC_NEIGHBOURS = 30;
/** Reads that can hide an article from a visitor's widgets (the history kept for filtering). */
const READS_TO_EXCLUDE = 500;
/** Recent reads that seed recommendations; co-reading is read for the newest few only. */
const SEED_READS = 10;
const CO_READ_SEEDS = 3;
/** Reads whose related lists feed recommendations: each costs one engine query and one BatchGetItem. */
const RECOMMENDATION_SEEDS = 5;
/** Candidates the engine's "more like this" hands to the scorer, and co-read articles added to them. */
const ENGINE_CANDIDATES = 40;
const CO_READ_CANDIDATES = 10;
/** Extra ranked items kept so that dropping near-duplicate copies still fills the list. */
const NEAR_DUPLICATE_SLACK = 5;

/** Shared answers: a CDN may keep them briefly; visitor-specific answers are never shared. */
const CACHE = {
  related: "public, max-age=60, stale-while-revalidate=30",
  trending: "public, max-age=30, stale-while-revalidate=30",
  personal: "private, no-store",
} as const;

const ItemSchema = z
  .object({
    ...articleLinkFields,
    score: z.number().openapi({ description: "Higher is more related; comparable within one list only" }),
    storyId: z.string().optional().openapi({ description: "The article's story (related lists): GET /v1/stories/{storyId}" }),
    reasons: z.array(z.string()).openapi({
      description: "Why it is shown, for people",
      example: ["same people: Ilham Aliyev, Nikol Pashinyan", "same story: peace-talks", "published the same week"],
    }),
  })
  .openapi("RelatedItem");

const TrendingItemSchema = ItemSchema.extend({
  reads: z.number().int().openapi({ description: "Reads counted in the window" }),
}).openapi("TrendingItem");

const EXAMPLE_ITEM = {
  id: "demo-peace-talks-07",
  title: "Border commissions meet again after the treaty text is initialled",
  url: "https://news.example/politics/border-commissions",
  publishedAt: "2026-03-04T08:00:00.000Z",
  imageUrl: null,
  score: 0.82,
  reasons: ["same people: Ararat Mirzoyan, Jeyhun Bayramov", "published the same week"],
};
const RelatedResponse = z
  .object({ articleId: z.string(), items: z.array(ItemSchema) })
  .openapi("RelatedResponse", { example: { articleId: "demo-peace-treaty-01", items: [EXAMPLE_ITEM] } });
const RecommendationsResponse = z
  .object({
    strategy: z.enum(["history", "trending"]).openapi({ description: "history: from the visitor's reads; trending: for a visitor without history" }),
    items: z.array(ItemSchema),
  })
  .openapi("RecommendationsResponse");
const TrendingResponse = z
  .object({ window: z.enum(["1h", "24h", "7d"]), items: z.array(TrendingItemSchema) })
  .openapi("TrendingResponse", { example: { window: "24h", items: [{ ...EXAMPLE_ITEM, reasons: ["read 120 times today"], reads: 120 }] } });

const cachedHeaders = {
  ETag: { schema: { type: "string" as const }, description: "Strong validator of the body; send it back in If-None-Match" },
  "Cache-Control": { schema: { type: "string" as const } },
};
const notModified = { 304: { description: "Not modified (If-None-Match matched the ETag)", headers: cachedHeaders } };

const VisitorParam = VisitorIdSchema.openapi({ param: { name: "visitorId", in: "path" }, example: "v_3fa85f6457174562b3fc" });

const relatedRoute = createRoute({
  method: "get",
  operationId: "getRelated",
  path: "/v1/articles/{id}/related",
  tags: ["Related"],
  summary: "Related stories: developments of the same story and what readers read next",
  description:
    "Blends content similarity (key terms, people, places, organisations, tags), co-reading and time, then keeps near-duplicates apart. " +
    "Never returns the article itself, nor (with `visitor`) anything the visitor has read.",
  request: {
    params: z.object({ id: ArticleIdParam }),
    query: z.object({
      limit: limitParam(20, 5),
      visitor: VisitorIdSchema.optional().openapi({ description: "Hide what this visitor has read (answer becomes private)" }),
    }),
  },
  responses: {
    200: { description: "Related stories", headers: cachedHeaders, content: { "application/json": { schema: RelatedResponse } } },
    ...notModified,
    ...problems(400, 404),
  },
});

const recommendationsRoute = createRoute({
  method: "get",
  operationId: "getRecommendations",
  path: "/v1/visitors/{visitorId}/recommendations",
  tags: ["Related"],
  summary: "Recommendations from the visitor's reading history; trending for a new visitor",
  request: {
    params: z.object({ visitorId: VisitorParam }),
    query: z.object({ limit: limitParam(20, 10) }),
  },
  responses: {
    200: { description: "Recommendations", headers: cachedHeaders, content: { "application/json": { schema: RecommendationsResponse } } },
    ...notModified,
    ...problems(400),
  },
});

const trendingRoute = createRoute({
  method: "get",
  operationId: "getTrending",
  path: "/v1/trending",
  tags: ["Related"],
  summary: "Most read articles of the window; recent reads weigh more",
  request: {
    query: z.object({
      window: z.enum(["1h", "24h", "7d"]).default("24h"),
      limit: limitParam(50, 10),
    }),
  },
  responses: {
    200: { description: "Trending articles", headers: cachedHeaders, content: { "application/json": { schema: TrendingResponse } } },
    ...notModified,
    ...problems(400),
  },
});

export function relatedRoutes(s: Services) {
  const app = newRouter();

  app.openapi(relatedRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, visitor } = c.req.valid("query");
    // The engine is asked as soon as the source's key terms are known (usually cached), while the
    // co-read, history and rule reads run: at most three calls one after another (docs/related.md).
    const source = sourceProfile(s, id);
    const [profile, similar, coReads, read, rules, semantic] = await Promise.all([
      source,
      source.then((p) => (p ? engineCandidates(s, p) : [])),
      s.events.coReads(id, CO_READS_PER_ARTICLE),
      visitor ? s.events.readArticleIds(visitor, READS_TO_EXCLUDE) : Promise.resolve(new Set<string>()),
      s.rules.forTarget({ relatedTo: id }).catch(() => []),
      semanticNeighbours(s, id),
    ]);
    if (!profile || embargoed(s, profile)) throw notFound("The article");
    const curation = curationAt(rules, s.now());
    // Hidden and pinned ids leave the ranked list; the pinned ones come back in front.
    const exclude = curation ? new Set([...read, ...curation.hide, ...curation.pin]) : read;
    const ranked = await relatedList(s, profile, { limit, exclude, coReads, semantic, similar });
    const items = curation ? curate(ranked, await editorsPicks(s, curation.pin, new Set([id, ...read]), ranked[0]?.score ?? 1), curation.hide, limit) : ranked;
    return cached(c, { articleId: id, items }, visitor ? CACHE.personal : CACHE.related);
  });

  app.openapi(recommendationsRoute, async (c) => {
    const { visitorId } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    const [reads, read] = await Promise.all([
      s.events.recentReads(visitorId, SEED_READS),
      s.events.readArticleIds(visitorId, READS_TO_EXCLUDE),
    ]);
    const seeds = await s.relatedProfiles.get(reads.map((r) => r.articleId));
    const history = historyWeights(
      reads.filter((r) => seeds.has(r.articleId)),
      s.now(),
      { maxSeeds: RECOMMENDATION_SEEDS },
    );
    if (history.length === 0) {
      const items = await trendingFor(s, "24h", limit, read);
      return cached(c, { strategy: "trending" as const, items }, CACHE.personal);
    }
    const exclude = new Set([...read, ...reads.map((r) => r.articleId)]);
    // Each seed's related list: a bounded number of calls per seed, all seeds at once.
    const lists = new Map(
      await Promise.all(
        history.map(async (h, i) => {
          const coReads = i < CO_READ_SEEDS ? await s.events.coReads(h.articleId, CO_READS_PER_ARTICLE) : undefined;
          return [h.articleId, await relatedList(s, seeds.get(h.articleId)!, { limit: limit * 2, exclude, coReads })] as const;
        }),
      ),
    );
    const cards = new Map([...lists.values()].flat().map((item) => [item.id, item]));
    const picked = recommendFromHistory({
      history,
      relatedOf: (articleId) => lists.get(articleId) ?? [],
      titleOf: (articleId) => seeds.get(articleId)?.title,
      exclude,
      limit,
    });
    let items: CardItem[] = picked.flatMap((p) => {
      const card = cards.get(p.id);
      return card ? [{ ...cardOf(card), score: p.score, reasons: p.reasons }] : [];
    });
    if (items.length < limit) {
      // A short history fills up with what is trending, so the widget is never half empty.
      const taken = new Set([...exclude, ...items.map((i) => i.id)]);
      items = [...items, ...(await trendingFor(s, "24h", limit - items.length, taken))];
    }
    return cached(c, { strategy: "history" as const, items }, CACHE.personal);
  });

  app.openapi(trendingRoute, async (c) => {
    const { window, limit } = c.req.valid("query");
    const entries = await s.events.trending(window, limit * 2, s.now());
    const cards = await publicCards(s, entries.map((e) => e.articleId));
    const items = rankTrending(entries, { window, limit, exists: (id) => cards.has(id) });
    return cached(c, { window, items: withCards(items, cards) }, CACHE.trending);
  });

  return app;
}

type CardItem = ArticleCard & Suggestion;

/** The source's profile: the engine's copy or the stored one; one written moments ago, before the stream consumer got to it, is made from the article. */
async function sourceProfile(s: Services, id: string): Promise<StoredProfile | null> {
  // The engine's copy when it has one in process (and this process knows nothing newer).
  if (s.search.relatedProfile && s.relatedProfiles.cache.lookup(id) === undefined) {
    const indexed = await s.search.relatedProfile(id).catch(() => undefined);
    const p = indexed ? profileFromJson(indexed) : null;
    if (p?.id === id) return p;
  }
  const stored = (await s.relatedProfiles.get([id])).get(id);
  if (stored) return stored;
  const article = await s.articles.get(id);
  return article ? profileOf(article) : null;
}

const embargoed = (s: Services, p: Pick<ArticleCard, "publishedAt">) => Date.parse(p.publishedAt) > s.now().getTime();

/**
 * One related list, in a bounded number of calls whatever the archive's size: the engine's "more like
 * this" over the source's key terms, then one BatchGetItem for the profiles of those candidates and
 * of the co-read and semantic neighbours. Embargoed and deleted articles have no public profile here.
 */
async function relatedList(
  s: Services,
  source: StoredProfile,
  opts: { limit: number; exclude: ReadonlySet<string>; coReads?: CoReadCount[]; semantic?: SemanticMatch[]; similar?: SimilarArticle[] },
): Promise<CardItem[]> {
  const similar = opts.similar ?? (await engineCandidates(s, source));
  const coRead = (opts.coReads ?? []).filter((r) => r.count >= DEFAULT_RELATED_WEIGHTS.minCoReads).slice(0, CO_READ_CANDIDATES);
  const ids = [...similar.map((m) => m.id), ...coRead.map((r) => r.articleId), ...(opts.semantic ?? []).map((m) => m.articleId)];
  const profiles = await candidateProfiles(s, ids.filter((x) => x !== source.id && !opts.exclude.has(x)), similar);
  const reader = new ProfileReader();
  const candidates = [...profiles.values()].filter((p) => !embargoed(s, p)).map((p) => reader.read(p));
  const ranked = rankRelated({ source: reader.read(source), candidates, coReads: opts.coReads, semantic: opts.semantic, exclude: opts.exclude, limit: opts.limit + NEAR_DUPLICATE_SLACK });
  // Copies of the source or of a better item would spend a slot on the same text (recommend/stories.ts).
  const kept = withoutNearDuplicates(source.minHash, ranked, (r) => profiles.get(r.id)?.minHash, opts.limit);
  return kept.map((r) => {
    const p = profiles.get(r.id)!;
    return { ...cardOf(p), storyId: p.storyId ?? p.id, score: r.score, reasons: r.reasons };
  });
}

/**
 * Profiles of the candidates that exist, in the order asked: those the engine handed back with its
 * answer, and the others (co-read and semantic neighbours, articles indexed before the engine kept
 * profiles) in one BatchGetItem. What this process knows wins: an article it deleted is gone at
 * once, and a profile it read or wrote lately is used as it is.
 */
async function candidateProfiles(s: Services, ids: string[], fromEngine: SimilarArticle[]): Promise<Map<string, StoredProfile>> {
  const given = new Map<string, StoredProfile>();
  for (const m of fromEngine) {
    if (!m.related || s.relatedProfiles.cache.lookup(m.id) !== undefined) continue;
    const p = profileFromJson(m.related);
    if (p?.id === m.id) given.set(m.id, p);
  }
  const read = await s.relatedProfiles.get(ids.filter((id) => !given.has(id)));
  const out = new Map<string, StoredProfile>();
  for (const id of ids) {
    const p = given.get(id) ?? read.get(id);
    if (p) out.set(id, p);
  }
  return out;
}

/** The engine's "more like this" over the source's key terms; none when the engine fails. */
const engineCandidates = (s: Services, source: StoredProfile) =>
  s.search.moreLikeThis({ id: source.id, terms: keyTerms(source, QUERY_TERMS), limit: ENGINE_CANDIDATES }).catch(() => []);

/**
 * An editorial rule's pinned articles for a related list, in the editors' order: those that exist and
 * are public, never the article itself nor one the visitor has read, scored as the list's best.
 */
async function editorsPicks(s: Services, pin: string[], never: ReadonlySet<string>, score: number): Promise<CardItem[]> {
  const ids = pin.filter((p) => !never.has(p));
  const cards = await publicCards(s, ids);
  return ids.flatMap((p) => {
    const card = cards.get(p);
    return card ? [{ ...cardOf(card), score, reasons: ["chosen by the editors"] }] : [];
  });
}

/** Cards of the articles that exist and are public, by id. */
async function publicCards(s: Services, ids: string[]): Promise<Map<string, ArticleCard>> {
  const profiles = await s.relatedProfiles.get(ids);
  return new Map([...profiles].filter(([, p]) => !embargoed(s, p)).map(([id, p]) => [id, cardOf(p)]));
}

const withCards = <T extends Suggestion>(items: T[], cards: Map<string, ArticleCard>) =>
  items.flatMap((item) => {
    const card = cards.get(item.id);
    return card ? [{ ...cardOf(card), ...item, id: card.id }] : [];
  });

/**
 * Trending of the window for lists that must not stay empty: the wider window, then the newest
 * articles, when nothing was read lately.
 */
async function trendingFor(s: Services, window: TrendingWindow, limit: number, exclude: ReadonlySet<string>): Promise<CardItem[]> {
  if (limit <= 0) return [];
  for (const w of [window, "7d"] as const) {
    // At most the cached depth: a reader with a long history must not turn this into a fresh read of every bucket.
    const entries = await s.events.trending(w, Math.min(TRENDING_CACHE_DEPTH, limit + exclude.size), s.now());
    const cards = await publicCards(s, entries.filter((e) => !exclude.has(e.articleId)).slice(0, limit * 2).map((e) => e.articleId));
    const items = rankTrending(entries, { window: w, limit, exists: (id) => cards.has(id), exclude });
    if (items.length) return withCards(items, cards);
  }
  // Nothing read lately: the newest public articles, as the search engine lists them.
  const newest = await s.search.search({ q: "", filters: { to: s.now().toISOString() }, sort: "newest", page: 1, limit: limit + exclude.size, facets: [] });
  return newest.hits
    .filter((h) => !exclude.has(h.id) && !embargoed(s, h))
    .slice(0, limit)
    .map((h) => ({ ...cardOf(h), score: 0, reasons: ["latest"] }));
}

/** JSON with its cache policy; the app's etag middleware adds the validator and answers 304. */
function cached<T extends object>(c: Context, body: T, cacheControl: string) {
  return c.json(body, 200, { "Cache-Control": cacheControl });
}

/**
 * Neighbours by meaning from the engine's embedder (Meilisearch with MEILISEARCH_EMBEDDER), or none.
 * Optional evidence: when the engine cannot answer, the list is made from the other signals.
 */
async function semanticNeighbours(s: Services, id: string) {
  if (!s.search.similar) return undefined;
  try {
    return (await s.search.similar(id, SEMANTIC_NEIGHBOURS)).map((m) => ({ articleId: m.id, score: m.score }));
  } catch {
    return undefined;
  }
}
