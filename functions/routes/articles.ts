import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Services } from "../services.js";
import { newRouter, validationProblem } from "../http/router.js";
import { requireScope } from "../http/auth.js";
import { ArticleIdParam, problems } from "../http/schemas.js";
import { notFound, Problem } from "../http/problem.js";
import { UnstorableArticleError, prepareArticle, type ArticleInput } from "../articles/ingest.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";

const httpUrl = z.string().max(2048).url().refine((u) => /^https?:\/\//i.test(u), "must be an absolute http(s) URL");
const isoDate = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), "must be an ISO 8601 date or date-time");

export const ArticleInputSchema = z
  .object({
    title: z.string().trim().min(1).max(1000),
    body: z.string().min(1).max(500_000),
    url: httpUrl.optional(),
    summary: z.string().max(5000).optional(),
    section: z.string().trim().min(1).max(100).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    authors: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
    language: z.string().regex(/^[a-zA-Z]{2}$/, "must be an ISO 639-1 code").optional(),
    publishedAt: isoDate,
    updatedAt: isoDate.optional(),
    imageUrl: httpUrl.optional(),
  })
  .openapi("ArticleInput", {
    example: {
      title: "Armenia and Azerbaijan initial the peace treaty text",
      body: "<p>Foreign ministers initialled the agreed text in Washington.</p><p>The treaty still needs signatures and ratification.</p>",
      url: "https://news.example/politics/peace-treaty",
      tags: ["armenia", "azerbaijan", "peace talks"],
      authors: ["Leyla Mammadova"],
      language: "en",
      publishedAt: "2026-03-02T09:00:00Z",
    },
  });

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

const WriteStatus = z.enum(["created", "updated", "unchanged", "stale"]).openapi({
  description: "stale: the stored article has a newer updatedAt, so this write was ignored; unchanged: same content, nothing written.",
});
const WriteResultSchema = z
  .object({ id: z.string(), version: z.number().int(), status: WriteStatus })
  .openapi("ArticleWriteResult", { example: { id: "demo-peace-treaty-01", version: 2, status: "updated" } });

const putArticle = createRoute({
  method: "put",
  operationId: "putArticle",
  path: "/v1/articles/{id}",
  tags: ["Articles"],
  summary: "Create or replace an article (CMS)",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ id: ArticleIdParam }),
    body: { content: { "application/json": { schema: ArticleInputSchema } }, required: true },
  },
  responses: {
    200: { description: "Updated, unchanged, or ignored as stale", content: { "application/json": { schema: WriteResultSchema } } },
    201: { description: "Created", content: { "application/json": { schema: WriteResultSchema } } },
    ...problems(400, 401, 403, 422),
  },
});

const BatchItemResult = z.object({ id: z.string(), status: z.union([WriteStatus, z.literal("error")]), version: z.number().int().optional(), error: z.string().optional() });
const batchArticles = createRoute({
  method: "post",
  operationId: "putArticlesBatch",
  path: "/v1/articles/batch",
  tags: ["Articles"],
  summary: "Create or replace up to 1000 articles; each succeeds or fails on its own",
  security: [{ bearer: [] }],
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({ articles: z.array(z.any().openapi({ description: "ArticleInput plus id" })).min(1).max(1000) }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "One result per article, in order", content: { "application/json": { schema: z.object({ results: z.array(BatchItemResult) }) } } },
    ...problems(400, 401, 403),
  },
});

const deleteArticle = createRoute({
  method: "delete",
  operationId: "deleteArticle",
  path: "/v1/articles/{id}",
  tags: ["Articles"],
  summary: "Delete an article; it leaves search and related lists",
  security: [{ bearer: [] }],
  request: { params: z.object({ id: ArticleIdParam }) },
  responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
});

const getArticle = createRoute({
  method: "get",
  operationId: "getArticle",
  path: "/v1/articles/{id}",
  tags: ["Articles"],
  summary: "The stored, cleaned article",
  request: { params: z.object({ id: ArticleIdParam }) },
  responses: { 200: { description: "The article", content: { "application/json": { schema: ArticleSchema } } }, ...problems(400, 404) },
});

export function articleRoutes(s: Services) {
  const app = newRouter();
  const writer = requireScope(() => s.keys, "articles:write");

  async function write(id: string, input: ArticleInput) {
    let prepared;
    try {
      prepared = prepareArticle(id, input, s.now());
    } catch (err) {
      if (err instanceof UnstorableArticleError) throw new Problem(422, "Unprocessable article", err.message);
      throw err;
    }
    const outcome = await s.articles.save(prepared);
    return { id, version: outcome.article.version, status: outcome.status };
  }

  // Keys are checked before bodies are read or validated.
  app.use("/v1/articles/batch", writer, bodyLimit({ maxSize: 20 * 1024 * 1024 }));
  app.on(["PUT", "DELETE"], "/v1/articles/:id", writer, bodyLimit({ maxSize: 2 * 1024 * 1024 }));

  app.openapi(batchArticles, async (c) => {
    const { articles } = c.req.valid("json");
    const results = await mapConcurrent(articles, 8, async (raw, i) => {
      const id = typeof raw?.id === "string" ? raw.id : "";
      if (!ARTICLE_ID_PATTERN.test(id)) {
        return { id: id || `#${i}`, status: "error" as const, error: "id: must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}" };
      }
      const parsed = ArticleInputSchema.safeParse(raw);
      if (!parsed.success) {
        const first = validationProblem(parsed.error).errors?.[0];
        return { id, status: "error" as const, error: first ? `${first.field}: ${first.message}` : "invalid article" };
      }
      try {
        return await write(id, parsed.data);
      } catch (err) {
        if (!(err instanceof Problem)) throw err;
        return { id, status: "error" as const, error: err.detail ?? err.title };
      }
    });
    return c.json({ results }, 200);
  });

  app.openapi(putArticle, async (c) => {
    const result = await write(c.req.valid("param").id, c.req.valid("json"));
    return c.json(result, result.status === "created" ? 201 : 200);
  });

  app.openapi(deleteArticle, async (c) => {
    if (!(await s.articles.delete(c.req.valid("param").id))) throw notFound("The article");
    return c.body(null, 204);
  });

  app.openapi(getArticle, async (c) => {
    const article = await s.articles.get(c.req.valid("param").id);
    if (!article) throw notFound("The article");
    return c.json(article, 200);
  });
  return app;
}

/** Runs `fn` over items with at most `limit` in flight; results keep the input order. */
async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}
