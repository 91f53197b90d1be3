import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { commaList, dayOrDateTimeParam, limitParam, problems } from "../http/schemas.js";
import { badRequest } from "../http/problem.js";
import { FACET_NAMES, MAX_TOTAL_HITS, type FacetName, type SearchFilters, type SearchRequest, type SearchResult } from "../search/engine.js";
import { curatedSearch } from "../search/editorial.js";
import { curationAt, type EditorialRule } from "../store/rules.js";
import { normaliseQuery } from "../search/popular.js";
import { escapeHtml } from "../search/highlight.js";
import { noteMetric } from "../http/access-log.js";
import { clientAddress } from "../http/client-address.js";
import { enforce } from "../http/rate-limit.js";
import { publicUpperBound } from "../articles/embargo.js";

export const SearchQuerySchema = z.object({
  // A pasted paragraph is a query too (the embedded engine reads 32 words, Meilisearch 10); the bound only stops abuse.
  q: z.string().max(1000).optional().default("").openapi({ description: "Words to find (at most 1,000 characters; stop words aside, the first 32 words count, 10 with Meilisearch); empty lists newest first.", example: "peace treaty" }),
  tags: commaList("armenia,azerbaijan"),
  authors: commaList("Leyla Mammadova"),
  language: commaList("en,ru"),
  section: commaList("politics"),
  month: commaList("2026-02,2026-03").refine((months) => !months || months.every((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m)), "must be months as YYYY-MM").openapi({
    description: "Months of publishedAt (UTC), YYYY-MM, comma-separated; a match on any of them counts.",
    example: "2026-02,2026-03",
  }),
  from: dayOrDateTimeParam.optional().openapi({ description: "publishedAt on or after (inclusive)", example: "2025-01-01" }),
  to: dayOrDateTimeParam.optional().openapi({ description: "publishedAt on or before (inclusive; a date covers the whole day)", example: "2025-12-31" }),
  sort: z.enum(["relevance", "newest"]).default("relevance"),
  page: z.coerce.number().int().min(1).max(100).default(1).openapi({ description: "1-based; page × limit is capped at 1000" }),
  limit: limitParam(50, 10),
  halfLife: z.coerce
    .number()
    .min(0)
    .max(3650)
    .optional()
    .openapi({ description: "Half-life in days of the recency decay: a story this old counts 1.5×, a new one 2× as relevant as a very old one; 0 = off. Default: the editors' setting (PUT /v1/admin/ranking).", example: 30 }),
  facets: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: `Comma list of ${FACET_NAMES.join(", ")}`, example: "tags,language" }),
  collapse: z.enum(["story"]).optional().openapi({
    description: "story: one hit per story (its best match); `total` then counts stories among the best 1000 matches, facets still count articles.",
  }),
  facetCounts: z.enum(["filtered", "disjunctive"]).default("filtered").openapi({
    description:
      "filtered: every count is within all the filters. disjunctive: a facet's counts ignore that facet's own filter " +
      "(values of one facet are OR-ed), so a reader sees what ticking another value would add.",
  }),
});

const HitSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    url: z.string().nullable(),
    summary: z.string(),
    publishedAt: z.string().openapi({ format: "date-time" }),
    tags: z.array(z.string()),
    authors: z.array(z.string()),
    imageUrl: z.string().nullable(),
    language: z.string(),
    section: z.string(),
    storyId: z.string().openapi({ description: "The story the article belongs to (near-duplicates and follow-ups share it): GET /v1/stories/{storyId}" }),
    highlight: z.object({
      title: z.string().openapi({ description: "HTML: matches in <mark>, the rest escaped" }),
      snippet: z.string().openapi({ description: "HTML: a crop around the best match" }),
    }),
  })
  .openapi("SearchHit");

const SearchResponseSchema = z
  .object({
    query: z.string(),
    total: z.number().int().openapi({ description: "Exact up to 1000, then 1000 (see totalRelation)" }),
    totalRelation: z.enum(["eq", "gte"]).openapi({ description: "eq: total is exact; gte: the count reached its cap of 1000 and there may be more" }),
    page: z.number().int(),
    limit: z.number().int(),
    tookMs: z.number(),
    hits: z.array(HitSchema),
    facets: z.record(z.string(), z.record(z.string(), z.number().int())),
    suggestion: z
      .string()
      .optional()
      .openapi({ description: "Did you mean: the query spelt as the index knows it, when nothing or only typo matches were found, or the query was read with that spelling because its words meet only so", example: "wheat exports" }),
  })
  .openapi("SearchResponse", {
    example: {
      query: "peace trea",
      total: 42,
      totalRelation: "eq",
      page: 1,
      limit: 10,
      tookMs: 3.2,
      hits: [
        {
          id: "demo-peace-treaty-01",
          title: "Armenia and Azerbaijan initial the peace treaty text",
          url: "https://news.example/politics/peace-treaty",
          summary: "Foreign ministers initialled the agreed text in Washington.",
          publishedAt: "2026-03-02T09:00:00.000Z",
          tags: ["armenia", "azerbaijan", "peace talks"],
          authors: ["Leyla Mammadova"],
          imageUrl: null,
          language: "en",
          section: "politics",
          storyId: "demo-peace-treaty-01",
          highlight: {
            title: "Armenia and Azerbaijan initial the <mark>peace</mark> <mark>treaty</mark> text",
            snippet: "…ministers initialled the <mark>peace</mark> <mark>treaty</mark> in Washington…",
          },
        },
      ],
      facets: { tags: { armenia: 30, azerbaijan: 28 }, month: { "2026-03": 12, "2026-02": 30 } },
    },
  });

const searchRoute = createRoute({
  method: "get",
  operationId: "search",
  path: "/v1/search",
  tags: ["Search"],
  summary: "Search articles (typo-tolerant, prefix on the last word, filters, facets, highlights)",
  request: { query: SearchQuerySchema },
  responses: {
    200: { description: "Results", content: { "application/json": { schema: SearchResponseSchema } } },
    ...problems(400, 429, 503),
  },
});

const suggestRoute = createRoute({
  method: "get",
  operationId: "suggest",
  path: "/v1/suggest",
  tags: ["Search"],
  summary: "Autocomplete for the search box",
  request: { query: z.object({ q: z.string().max(200).default(""), limit: limitParam(20, 8) }) },
  responses: {
    200: {
      description: "Suggestions",
      content: {
        "application/json": {
          schema: z.object({
            suggestions: z.array(z.object({ id: z.string(), title: z.string(), url: z.string().nullable(), highlight: z.string() })),
            queries: z
              .array(z.object({ query: z.string(), highlight: z.string() }))
              .openapi({ description: "Frequent successful searches of the last week that start with q" }),
          }),
        },
      },
    },
    ...problems(400, 429, 503),
  },
});

export function parseFacets(value: string | undefined): FacetName[] {
  if (!value) return [];
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(FACET_NAMES as readonly string[]).includes(n));
  if (unknown.length) {
    throw badRequest(`Unknown facet: ${unknown.join(", ")}.`, [{ field: "query.facets", message: `allowed: ${FACET_NAMES.join(", ")}` }]);
  }
  return [...new Set(names)] as FacetName[];
}

/** A bare date as `to` means the whole day. */
function endOfDay(to: string | undefined) {
  return to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to;
}

/**
 * The engine's answer with the editorial rules of the query applied. The rules are read alongside
 * the search (cached per process), so a query without a rule costs no extra wait; one with a rule
 * searches again for the list it needs. Rules that cannot be read leave the plain answer.
 */
async function editorialSearch(s: Services, req: SearchRequest, normalised: string): Promise<SearchResult> {
  const noRules = () => [] as EditorialRule[];
  const [rules, plain] = await Promise.all([
    normalised ? s.rules.forTarget({ query: normalised }).catch(noRules) : noRules(),
    s.search.search(req),
  ]);
  const curation = rules.length ? curationAt(rules, s.now()) : null;
  return curation ? curatedSearch(s.search, req, curation, (ids) => s.articles.getMany(ids)) : plain;
}

/**
 * For each requested facet that is also a filter, its counts with that one filter lifted: one more
 * engine search per such facet (at most four), asked for its facet counts only.
 */
async function disjunctiveCounts(s: Services, req: SearchRequest): Promise<Partial<Record<FacetName, Record<string, number>>>> {
  const lifted = req.facets.filter((f) => (req.filters[f as keyof SearchFilters] as string[] | undefined)?.length);
  const answers = await Promise.all(
    lifted.map((facet) => s.search.search({ ...req, filters: { ...req.filters, [facet]: undefined }, facets: [facet], page: 1, limit: 1 })),
  );
  return Object.fromEntries(lifted.map((facet, i) => [facet, answers[i].facets[facet] ?? {}]));
}

export function searchRoutes(s: Services) {
  const app = newRouter();

  app.openapi(searchRoute, async (c) => {
    const started = performance.now();
    const p = c.req.valid("query");
    const address = clientAddress(c, s.env.TRUST_PROXY);
    enforce(s.limits.search, address, 1, "searches");
    if (p.page * p.limit > 1000) throw badRequest("page × limit may not exceed 1000.", [{ field: "query.page", message: "too deep" }]);
    const req: SearchRequest = {
      // A trailing blank says the last word is complete (no prefix match); only leading ones go.
      q: p.q.trimStart(),
      // Never past now: embargoed articles stay out of hits, totals and facets, in either engine.
      filters: { tags: p.tags, authors: p.authors, language: p.language, section: p.section, month: p.month, from: p.from, to: publicUpperBound(endOfDay(p.to), s.now()) },
      sort: p.sort,
      page: p.page,
      limit: p.limit,
      facets: parseFacets(p.facets),
      halfLifeDays: p.halfLife ?? (await s.ranking.current()).recencyHalfLifeDays,
      now: s.now().getTime(),
      ...(p.collapse ? { collapse: p.collapse } : {}),
    };
    // Only the first page counts, so paging through results is one search.
    const normalised = normaliseQuery(req.q);
    const counted = p.page === 1 ? s.queryCounter.begin(normalised, s.now(), address) : () => {};
    const [result, ownCounts] = await Promise.all([
      editorialSearch(s, req, normalised),
      p.facetCounts === "disjunctive" ? disjunctiveCounts(s, req) : Promise.resolve({}),
    ]);
    counted(result.total);
    if (p.page === 1) {
      // Zero-result rate = SearchZeroResults / Searches (first pages only, as the analytics count).
      noteMetric(c, "Searches", 1);
      noteMetric(c, "SearchZeroResults", result.total === 0 ? 1 : 0);
    }
    return c.json(
      {
        query: req.q,
        total: result.total,
        totalRelation: result.total >= MAX_TOTAL_HITS ? ("gte" as const) : ("eq" as const),
        page: p.page,
        limit: p.limit,
        tookMs: Math.round((performance.now() - started) * 100) / 100,
        hits: result.hits,
        facets: { ...result.facets, ...ownCounts } as Record<string, Record<string, number>>,
        ...(result.suggestion !== undefined ? { suggestion: result.suggestion } : {}),
      },
      200,
    );
  });

  app.openapi(suggestRoute, async (c) => {
    const { q, limit } = c.req.valid("query");
    enforce(s.limits.search, clientAddress(c, s.env.TRUST_PROXY), 1, "searches");
    const text = q.trim();
    if (!text) return c.json({ suggestions: [], queries: [] }, 200);
    const [suggestions, popular] = await Promise.all([
      s.search.suggest(text, limit, { to: publicUpperBound(undefined, s.now()) }),
      s.popularQueries.matching(text, 3).catch(() => [] as string[]),
    ]);
    const typed = normaliseQuery(text);
    const queries = popular.map((query) => ({
      query,
      highlight: `<mark>${escapeHtml(query.slice(0, typed.length))}</mark>${escapeHtml(query.slice(typed.length))}`,
    }));
    return c.json({ suggestions, queries }, 200);
  });
  return app;
}
