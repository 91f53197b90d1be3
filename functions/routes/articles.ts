import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { presentedKey } from "../http/auth.js";
import { isEmbargoed } from "../articles/embargo.js";
import { ArticleIdParam, problems } from "../http/schemas.js";
import { notFound } from "../http/problem.js";

const EntitiesSchema = z.object({ people: z.array(z.string()), places: z.array(z.string()), orgs: z.array(z.string()) });

export const ArticleSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string().openapi({ description: "Clean plain text; paragraphs separated by a blank line." }),
    url: z.string().nullable(),
    summary: z.string(),
    section: z.string(),
    tags: z.array(z.string()),
    authors: z.array(z.string()),
    language: z.string(),
    publishedAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
    imageUrl: z.string().nullable(),
    entities: EntitiesSchema,
    version: z.number().int(),
  })
  .openapi("Article", {
    example: {
      id: "demo-peace-treaty-01",
      title: "Armenia and Azerbaijan initial the peace treaty text",
      body: "Foreign ministers initialled the agreed text in Washington.\n\nThe treaty still needs signatures and ratification.",
      url: "https://news.example/politics/peace-treaty",
      summary: "Foreign ministers initialled the agreed text in Washington.",
      section: "politics",
      tags: ["armenia", "azerbaijan", "peace talks"],
      authors: ["Leyla Mammadova"],
      language: "en",
      publishedAt: "2026-03-02T09:00:00.000Z",
      updatedAt: "2026-03-02T11:30:00.000Z",
      imageUrl: null,
      entities: { people: ["Ararat Mirzoyan", "Jeyhun Bayramov"], places: ["Armenia", "Azerbaijan", "Washington"], orgs: [] },
      version: 2,
    },
  });

const getArticle = createRoute({
  method: "get",
  operationId: "getArticle",
  path: "/v1/articles/{id}",
  tags: ["Articles"],
  summary: "The stored, cleaned article",
  description: "An article under embargo (publishedAt in the future) is 404 unless the request carries a key with `articles:write`.",
  request: { params: z.object({ id: ArticleIdParam }) },
  responses: { 200: { description: "The article", content: { "application/json": { schema: ArticleSchema } } }, ...problems(400, 404) },
});

/** GET /v1/articles/{id}; the writes are in article-writes.ts, loaded on first use. */
export function articleRoutes(s: Services) {
  const app = newRouter();
  app.openapi(getArticle, async (c) => {
    const article = await s.articles.get(c.req.valid("param").id);
    if (!article) throw notFound("The article");
    if (isEmbargoed(article.publishedAt, s.now())) {
      // Under embargo it exists only for the newsroom's keys, and no shared cache may keep it.
      const key = presentedKey(s.keys, c.req.header("authorization"));
      if (!key?.scopes.includes("articles:write")) throw notFound("The article");
      c.header("Cache-Control", "private, no-store");
    }
    return c.json(article, 200);
  });
  return app;
}
