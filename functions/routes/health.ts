import { createRoute, z } from "@hono/zod-openapi";
import { DescribeTableCommand } from "../store/dynamo.js";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    search: z.object({
      engine: z.string(),
      ok: z.boolean(),
      rebuilding: z.boolean().optional().openapi({ description: "true while a missing or unreadable index is rebuilt from the table (answers may be partial)" }),
    }),
    dynamodb: z.object({ ok: z.boolean() }),
  })
  .openapi("Health");

const healthRoute = createRoute({
  method: "get",
  operationId: "getHealth",
  path: "/v1/health",
  tags: ["Operations"],
  summary: "Liveness of the API and its dependencies",
  responses: {
    200: { description: "All dependencies answer", content: { "application/json": { schema: HealthSchema } } },
    503: { description: "A dependency does not answer", content: { "application/json": { schema: HealthSchema } } },
  },
});

const within = <T>(p: Promise<T>, ms: number, fallback: T) =>
  Promise.race([p.catch(() => fallback), new Promise<T>((r) => setTimeout(() => r(fallback), ms))]);

export function healthRoutes(s: Services) {
  const app = newRouter();
  app.openapi(healthRoute, async (c) => {
    const [searchOk, dbOk] = await Promise.all([
      within(s.search.ping(), 2000, false),
      within(s.db.raw.send(new DescribeTableCommand({ TableName: s.db.table })).then(() => true), 2000, false),
    ]);
    const ok = searchOk && dbOk;
    const { rebuilding } = s.indexState;
    return c.json(
      {
        status: ok && !rebuilding ? ("ok" as const) : ("degraded" as const),
        search: { engine: s.search.name, ok: searchOk, ...(rebuilding ? { rebuilding } : {}) },
        dynamodb: { ok: dbOk },
      },
      ok ? 200 : 503,
    );
  });
  return app;
}
