import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { requireScope } from "../http/auth.js";
import { badRequest, Problem } from "../http/problem.js";
import { dayParam, problems } from "../http/schemas.js";
import { daysBetween, MAX_REMOVED_SUGGESTIONS, MAX_SYNONYMS_BYTES } from "../store/search-config.js";
import { normaliseQuery } from "../search/popular.js";

const RankingSchema = z
  .object({
    recencyHalfLifeDays: z
      .number()
      .min(0)
      .max(3650)
      .openapi({ description: "Default half-life in days of the recency decay in search ranking; 0 turns it off. A search's `halfLife` overrides it.", example: 30 }),
  })
  .openapi("RankingSettings");

const putRanking = createRoute({
  method: "put",
  operationId: "putRanking",
  path: "/v1/admin/ranking",
  tags: ["Admin"],
  summary: "Set the ranking defaults (stored in DynamoDB; searches read them within 30 s)",
  security: [{ bearer: [] }],
  request: { body: { content: { "application/json": { schema: RankingSchema } }, required: true } },
  responses: { 200: { description: "Stored", content: { "application/json": { schema: RankingSchema } } }, ...problems(400, 401, 403) },
});

const getRanking = createRoute({
  method: "get",
  operationId: "getRanking",
  path: "/v1/admin/ranking",
  tags: ["Admin"],
  summary: "The ranking defaults",
  security: [{ bearer: [] }],
  responses: { 200: { description: "Ranking settings", content: { "application/json": { schema: RankingSchema } } }, ...problems(401, 403) },
});

const SynonymsSchema = z
  .object({
    groups: z
      .array(z.array(z.string().trim().min(1).max(100)).min(2).max(20))
      .max(2000)
      .openapi({ description: "Each group lists words or phrases that mean the same.", example: [["eu", "european union"], ["un", "united nations"]] }),
  })
  .openapi("Synonyms");

const putSynonyms = createRoute({
  method: "put",
  operationId: "putSynonyms",
  path: "/v1/admin/synonyms",
  tags: ["Admin"],
  summary: "Replace the synonym groups (stored in DynamoDB, applied by the search engine)",
  security: [{ bearer: [] }],
  request: { body: { content: { "application/json": { schema: SynonymsSchema } }, required: true } },
  responses: { 200: { description: "Stored and applied", content: { "application/json": { schema: SynonymsSchema } } }, ...problems(400, 401, 403, 413) },
});

const getSynonyms = createRoute({
  method: "get",
  operationId: "getSynonyms",
  path: "/v1/admin/synonyms",
  tags: ["Admin"],
  summary: "The current synonym groups",
  security: [{ bearer: [] }],
  responses: { 200: { description: "Synonym groups", content: { "application/json": { schema: SynonymsSchema } } }, ...problems(401, 403) },
});

const QueryStatSchema = z.object({ query: z.string(), searches: z.number().int(), zeroResults: z.number().int() });
const analyticsRoute = createRoute({
  method: "get",
  operationId: "getSearchAnalytics",
  path: "/v1/admin/search-analytics",
  tags: ["Admin"],
  summary: "Top queries and zero-result queries for a period (UTC days, at most 31)",
  security: [{ bearer: [] }],
  request: {
    query: z.object({
      from: dayParam.optional().openapi({ description: "First day, default 6 days before `to`" }),
      to: dayParam.optional().openapi({ description: "Last day, default today" }),
      limit: z.coerce.number().int().min(1).max(200).default(20),
    }),
  },
  responses: {
    200: {
      description: "Query statistics",
      content: {
        "application/json": {
          schema: z.object({ from: z.string(), to: z.string(), topQueries: z.array(QueryStatSchema), zeroResultQueries: z.array(QueryStatSchema) }),
        },
      },
    },
    ...problems(400, 401, 403),
  },
});

const RemovedSchema = z.object({ queries: z.array(z.string()) }).openapi("RemovedSuggestions");
const removeSuggestion = createRoute({
  method: "post",
  operationId: "removeSuggestion",
  path: "/v1/admin/suggestions/removed",
  tags: ["Admin"],
  summary: "Remove a query from autocomplete for good",
  description: `The normalised query is never suggested again, however often it is searched. At most ${MAX_REMOVED_SUGGESTIONS} removals; other processes follow within five minutes.`,
  security: [{ bearer: [] }],
  request: { body: { content: { "application/json": { schema: z.object({ query: z.string().min(1).max(200) }) } }, required: true } },
  responses: {
    200: { description: "Removed", content: { "application/json": { schema: z.object({ query: z.string() }) } } },
    ...problems(400, 401, 403, 409),
  },
});
const listRemoved = createRoute({
  method: "get",
  operationId: "listRemovedSuggestions",
  path: "/v1/admin/suggestions/removed",
  tags: ["Admin"],
  summary: "Queries removed from autocomplete",
  security: [{ bearer: [] }],
  responses: { 200: { description: "Removed queries", content: { "application/json": { schema: RemovedSchema } } }, ...problems(401, 403) },
});

/** Normalised, deduplicated groups, so engines get a clean set. */
function cleanGroups(groups: string[][]): string[][] {
  return groups
    .map((g) => [...new Set(g.map((w) => w.toLowerCase().replace(/\s+/g, " ").trim()))])
    .filter((g) => g.length >= 2);
}

export function adminSearchRoutes(s: Services) {
  const app = newRouter();
  app.use("/v1/admin/synonyms", requireScope(() => s.keys, "admin"));
  app.use("/v1/admin/search-analytics", requireScope(() => s.keys, "admin"));
  app.use("/v1/admin/ranking", requireScope(() => s.keys, "admin"));

  app.openapi(putRanking, async (c) => {
    const settings = c.req.valid("json");
    await s.ranking.put(settings, s.now());
    return c.json(settings, 200);
  });

  app.openapi(getRanking, async (c) => c.json(await s.ranking.get(), 200));
  app.use("/v1/admin/suggestions/*", requireScope(() => s.keys, "admin"));

  app.openapi(putSynonyms, async (c) => {
    const groups = cleanGroups(c.req.valid("json").groups);
    if (Buffer.byteLength(JSON.stringify(groups)) > MAX_SYNONYMS_BYTES) {
      throw new Problem(413, "Payload too large", `The synonym groups take over ${MAX_SYNONYMS_BYTES / 1000} kB; one stored item holds no more.`);
    }
    // The record first: if the engine call fails, a retry or reindex re-applies what is stored.
    await s.synonyms.put(groups, s.now());
    await s.search.setSynonyms(groups);
    return c.json({ groups }, 200);
  });

  app.openapi(removeSuggestion, async (c) => {
    const query = normaliseQuery(c.req.valid("json").query);
    if (!query) throw badRequest("The query has no words.", [{ field: "body.query", message: "empty after normalising" }]);
    if (!(await s.popularQueries.remove(query))) throw new Problem(409, "Conflict", `The list of removed suggestions is full (${MAX_REMOVED_SUGGESTIONS}).`);
    return c.json({ query }, 200);
  });

  app.openapi(listRemoved, async (c) => c.json({ queries: await s.popularQueries.removed() }, 200));

  app.openapi(getSynonyms, async (c) => c.json({ groups: await s.synonyms.get() }, 200));

  app.openapi(analyticsRoute, async (c) => {
    const { limit, ...q } = c.req.valid("query");
    const to = q.to ?? s.now().toISOString().slice(0, 10);
    const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86400_000).toISOString().slice(0, 10);
    const days = daysBetween(from, to).length;
    if (days < 1 || days > 31) throw badRequest("The period must run forward and span at most 31 days.", [{ field: "query.from", message: "1–31 days" }]);
    const stats = await s.analytics.summary(from, to);
    const byCount = (key: "searches" | "zeroResults") =>
      [...stats]
        .filter((x) => x[key] > 0)
        .sort((a, b) => b[key] - a[key] || a.query.localeCompare(b.query))
        .slice(0, limit)
        .map(({ query, searches, zeroResults }) => ({ query, searches, zeroResults }));
    return c.json({ from, to, topQueries: byCount("searches"), zeroResultQueries: byCount("zeroResults") }, 200);
  });
  return app;
}
