/**
 * Article writes (CMS): create, replace, batch and delete. Loaded on their first request
 * (routes/lazy-groups.ts); a reader's cold start does not build these schemas.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter, validationProblem } from "../http/router.js";
import { requireScope } from "../http/auth.js";
import { ArticleIdParam, isCalendarDateTime, isCalendarDay, problems } from "../http/schemas.js";
import { notFound, Problem } from "../http/problem.js";
import type { ArticleInput } from "../articles/ingest.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";
import { ContendedError, UnavailableError } from "../store/errors.js";
import type { CountTally, SaveOutcome } from "../store/articles.js";
import type { Article } from "../articles/model.js";
import { mapLimit } from "../store/transact.js";
import { toUnavailable } from "../store/guard.js";

type BatchResult = { id: string; status: "created" | "updated" | "unchanged" | "stale" | "error"; version?: number; error?: string };

const httpUrl = z.string().max(2048).url().refine((u) => /^https?:\/\//i.test(u), "must be an absolute http(s) URL");
const isoDate = z
  .string()
  .max(40)
  .refine((s) => (s.length === 10 ? isCalendarDay(s) : isCalendarDateTime(s)), "must be a real date: YYYY-MM-DD or an ISO 8601 date-time with a time zone");

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
    ...problems(400, 401, 403, 409, 413, 422, 503),
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
    ...problems(400, 401, 403, 413, 503),
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

/** Mounted before articleRoutes (GET), in the order the API has always registered them. */
export function articleWriteRoutes(s: Services) {
  const app = newRouter();
  const writer = requireScope(() => s.keys, "articles:write");

  async function prepare(id: string, input: ArticleInput): Promise<Omit<Article, "version">> {
    // Loaded at the first write: cleaning and entity extraction (HTML parser, gazetteers) are a sixth
    // of the bundle, and a reader's request never needs them (a chunk of its own in the Lambda bundle).
    const { UnstorableArticleError, prepareArticle } = await import("../articles/ingest.js");
    try {
      return prepareArticle(id, input, s.now());
    } catch (err) {
      if (err instanceof UnstorableArticleError) throw new Problem(422, "Unprocessable article", err.message);
      throw err;
    }
  }

  function answer(outcome: SaveOutcome) {
    const { id, version } = outcome.article;
    // Its related profile changes with it: read it again rather than serve the cached one.
    if (outcome.status === "created" || outcome.status === "updated") s.relatedProfiles.cache.forget(id);
    return { id, version, status: outcome.status };
  }

  async function write(id: string, input: ArticleInput, tally?: CountTally) {
    return answer(await s.articles.save(await prepare(id, input), tally));
  }

  // Keys are checked before bodies are read or validated.
  app.use("/v1/articles/batch", writer);
  app.on(["PUT", "DELETE"], "/v1/articles/:id", writer);

  app.openapi(batchArticles, async (c) => {
    const { articles } = c.req.valid("json");
    const results = new Array<BatchResult>(articles.length);
    // Items with the same id are written one after another in the order sent (the last wins), never
    // racing each other; different ids run in parallel. Every item answers for itself.
    const byId = new Map<string, number[]>();
    articles.forEach((raw, i) => {
      const id = typeof raw?.id === "string" ? raw.id : "";
      if (!ARTICLE_ID_PATTERN.test(id)) {
        results[i] = { id: id.slice(0, 128) || `#${i}`, status: "error", error: "id: must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}" };
      } else byId.set(id, [...(byId.get(id) ?? []), i]);
    });
    const groups = [...byId];
    // The stored count moves once for the batch, not once per new article.
    const tally = s.articles.tally();
    try {
      await Promise.all([
        // Ids sent once are saved together (locally, new ones in transactions: ArticleRepository.saveAll).
        writeTogether(groups.flatMap(([id, indexes]) => (indexes.length === 1 ? [{ id, i: indexes[0] }] : [])), tally),
        mapLimit(
          groups.filter(([, indexes]) => indexes.length > 1),
          8,
          async ([id, indexes]) => {
            for (const i of indexes) results[i] = await writeItem(id, articles[i], tally);
          },
        ),
      ]);
    } finally {
      // The articles are stored whatever happens here; a count left short is status only (recount mends it).
      await tally.flush().catch((err) => console.error(JSON.stringify({ level: "warn", msg: `stored count not moved: ${(err as Error).message}` })));
    }
    return c.json({ results }, 200);

    /** Validates and prepares each item (errors answer for their item), then saves the rest at once. */
    async function writeTogether(items: { id: string; i: number }[], tally: CountTally) {
      const ready: { i: number; article: Omit<Article, "version"> }[] = [];
      for (const { id, i } of items) {
        const parsed = ArticleInputSchema.safeParse(articles[i]);
        if (!parsed.success) results[i] = invalid(id, parsed.error);
        else {
          try {
            ready.push({ i, article: await prepare(id, parsed.data) });
          } catch (err) {
            results[i] = failed(id, err);
          }
        }
      }
      const saved = await s.articles.saveAll(ready.map((r) => r.article), tally);
      saved.forEach((outcome, k) => {
        const { i, article } = ready[k];
        results[i] = outcome.status === "fulfilled" ? answer(outcome.value) : failed(article.id, outcome.reason);
      });
    }
  });

  async function writeItem(id: string, raw: unknown, tally: CountTally): Promise<BatchResult> {
    const parsed = ArticleInputSchema.safeParse(raw);
    if (!parsed.success) return invalid(id, parsed.error);
    try {
      return await write(id, parsed.data, tally);
    } catch (err) {
      return failed(id, err);
    }
  }

  function invalid(id: string, error: z.ZodError): BatchResult {
    const first = validationProblem(error).errors?.[0];
    return { id, status: "error", error: first ? `${first.field}: ${first.message}` : "invalid article" };
  }

  /** An item's failure as its result; anything else is the server's fault and fails the request. */
  function failed(id: string, err: unknown): BatchResult {
    if (err instanceof Problem) return { id, status: "error", error: err.detail ?? err.title };
    if (err instanceof ContendedError) return { id, status: "error", error: "written concurrently by another request; retry this item" };
    if (toUnavailable("DynamoDB", err) instanceof UnavailableError) return { id, status: "error", error: "the store did not answer in time; retry this item" };
    throw err;
  }

  app.openapi(putArticle, async (c) => {
    const result = await write(c.req.valid("param").id, c.req.valid("json"));
    return c.json(result, result.status === "created" ? 201 : 200);
  });

  app.openapi(deleteArticle, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await s.articles.delete(id))) throw notFound("The article");
    // Gone from this process's related lists at once, before the stream removes its profile.
    s.relatedProfiles.cache.wrote(id, null);
    return c.body(null, 204);
  });

  return app;
}
