import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { requireScope } from "../http/auth.js";
import { problems } from "../http/schemas.js";

const StatusSchema = z
  .object({
    articles: z.object({
      stored: z.number().int().nullable().openapi({ description: "Articles in the table (a counter kept with every create and delete)" }),
      indexed: z.number().int().nullable().openapi({ description: "Documents in the search index" }),
    }),
    indexing: z.object({
      pending: z.number().int().nullable().openapi({
        description: "Stream records read and not yet applied (locally); null in the cloud, where Lambda's event source holds them: watch IteratorAge",
      }),
      lagSeconds: z.number().nullable().openapi({ description: "Age of the oldest change not yet applied, or of the last batch's newest change when it was applied; null before any batch" }),
      lastIndexedAt: z.string().nullable(),
    }),
    search: z.object({
      engine: z.string(),
      ok: z.boolean().openapi({ description: "The engine answered the count" }),
      tasks: z
        .object({ pending: z.number().int(), oldestEnqueuedAt: z.string().nullable() })
        .nullable()
        .openapi({ description: "Meilisearch's enqueued and processing tasks on the index; null for the embedded engine or when not answered" }),
    }),
  })
  .openapi("IndexStatus");

const statusRoute = createRoute({
  method: "get",
  operationId: "getIndexStatus",
  path: "/v1/admin/status",
  tags: ["Admin"],
  summary: "How far the search index is behind the articles of record",
  description: "Each figure is read within a few seconds or given as null; no read grows with the archive.",
  security: [{ bearer: [] }],
  responses: {
    200: { description: "Counts and indexing progress", content: { "application/json": { schema: StatusSchema } } },
    ...problems(401, 403),
  },
});

const recountRoute = createRoute({
  method: "post",
  operationId: "recountStoredArticles",
  path: "/v1/admin/status/recount",
  tags: ["Admin"],
  summary: "Set the stored-article count from the articles themselves",
  description:
    "Once, for a table filled before the count was kept. Reads every article id (by publication month, no Scan); " +
    "creates or deletes made meanwhile may be missed, so run it while the CMS is quiet.",
  security: [{ bearer: [] }],
  responses: {
    200: { description: "Counted", content: { "application/json": { schema: z.object({ stored: z.number().int() }) } } },
    ...problems(401, 403),
  },
});

const READ_TIMEOUT_MS = 3000;

/** The value, or null when the read fails or takes longer than the timeout. */
function within<T>(read: () => Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    read().catch(() => null),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), READ_TIMEOUT_MS))),
  ]).finally(() => clearTimeout(timer));
}

export function adminStatusRoutes(s: Services) {
  const app = newRouter();
  app.use("/v1/admin/status", requireScope(() => s.keys, "admin"));
  app.use("/v1/admin/status/*", requireScope(() => s.keys, "admin"));
  app.openapi(recountRoute, async (c) => c.json({ stored: await s.articles.recount() }, 200));
  app.openapi(statusRoute, async (c) => {
    const [stored, indexed, indexing, tasks] = await Promise.all([
      within(() => s.articles.storedCount()),
      within(() => s.search.count()),
      within(() => s.indexing()),
      s.search.taskQueue ? within(() => s.search.taskQueue!()) : Promise.resolve(null),
    ]);
    return c.json(
      {
        articles: { stored, indexed },
        indexing: indexing ?? { pending: null, lagSeconds: null, lastIndexedAt: null },
        search: { engine: s.search.name, ok: indexed !== null, tasks },
      },
      200,
    );
  });
  return app;
}
