import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { requireScope } from "../http/auth.js";
import { problems } from "../http/schemas.js";
import { reindex } from "../search/reindex.js";

const ReindexRequestSchema = z
  .object({
    clear: z.boolean().default(false).openapi({
      description: "Drop every document first, which also removes orphans; search answers partially until the rebuild ends.",
    }),
  })
  .openapi("ReindexRequest");

const ReindexResultSchema = z
  .object({
    indexed: z.number().int().openapi({ description: "Articles written to the search index" }),
    tookMs: z.number().int(),
  })
  .openapi("ReindexResult");

const reindexRoute = createRoute({
  method: "post",
  path: "/v1/admin/reindex",
  tags: ["Admin"],
  summary: "Rebuild the search index and the related-stories profiles from the articles in DynamoDB",
  description:
    "Applies the index settings and stored synonyms, then writes every article to the search engine. " +
    "For large corpora in the cloud, run the reindex function instead (see docs/deploy.md): it is not bound by the HTTP timeout.",
  security: [{ bearer: [] }],
  request: { body: { content: { "application/json": { schema: ReindexRequestSchema } }, required: false } },
  responses: {
    200: { description: "Rebuilt", content: { "application/json": { schema: ReindexResultSchema } } },
    ...problems(400, 401, 403),
  },
});

export function adminRoutes(s: Services) {
  const app = newRouter();
  app.use("/v1/admin/reindex", requireScope(() => s.keys, "admin"));
  app.openapi(reindexRoute, async (c) => {
    // The body is optional: without one the validator hands over {}, so the default applies here.
    const clear = c.req.valid("json").clear ?? false;
    const result = await reindex(s.articles.all(), s.search, undefined, { clear, synonyms: await s.synonyms.get(), profiles: s.relatedProfiles });
    return c.json({ indexed: result.indexed, tookMs: Math.round(result.tookMs) }, 200);
  });
  return app;
}
