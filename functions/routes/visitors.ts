import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { limitParam, problems, VisitorIdSchema } from "../http/schemas.js";
import { cursorParam, withCursor } from "../http/pagination.js";

const VisitorIdParam = VisitorIdSchema.openapi({ param: { name: "visitorId", in: "path" }, example: "v_3kT9qLmZ2xWc8RbN" });

const HistoryItemSchema = z
  .object({
    articleId: z.string(),
    title: z.string().nullable(),
    url: z.string().nullable(),
    readAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("HistoryItem");

const getHistory = createRoute({
  method: "get",
  operationId: "getHistory",
  path: "/v1/visitors/{visitorId}/history",
  tags: ["Reading"],
  summary: "The visitor's reads, newest first",
  description: "Only `read` events appear here (a `view` feeds trending only). Reads expire after HISTORY_TTL_DAYS.",
  request: { params: z.object({ visitorId: VisitorIdParam }), query: z.object({ limit: limitParam(100, 20), cursor: cursorParam }) },
  responses: {
    200: {
      description: "A page of history",
      content: { "application/json": { schema: z.object({ items: z.array(HistoryItemSchema), nextCursor: z.string().nullable() }).openapi("History") } },
    },
    ...problems(400),
  },
});

const eraseVisitor = createRoute({
  method: "delete",
  operationId: "deleteVisitor",
  path: "/v1/visitors/{visitorId}",
  tags: ["Reading"],
  summary: "Erase the visitor: history deleted, reviews kept but unlinked and signed \"Former reader\"",
  description: "Idempotent. Rating summaries do not change.",
  request: { params: z.object({ visitorId: VisitorIdParam }) },
  responses: { 204: { description: "Erased" }, ...problems(400) },
});

export function visitorRoutes(s: Services) {
  const app = newRouter();

  app.openapi(getHistory, async (c) => {
    const { visitorId } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    return c.json(await withCursor(() => s.events.history(visitorId, limit, cursor, s.now())), 200);
  });

  app.openapi(eraseVisitor, async (c) => {
    const { visitorId } = c.req.valid("param");
    await s.events.eraseVisitor(visitorId);
    await s.reviews.forgetVisitor(visitorId, s.now());
    return c.body(null, 204);
  });

  return app;
}
