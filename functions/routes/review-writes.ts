/**
 * Review writes and moderation, loaded on their first request (routes/lazy-groups.ts). Mounted
 * around reviewRoutes (the public list) in the order the API has always registered them.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { requireScope } from "../http/auth.js";
import { ArticleIdParam, limitParam, problems, VisitorIdSchema } from "../http/schemas.js";
import { notFound, Problem } from "../http/problem.js";
import { cursorParam, withCursor } from "../http/pagination.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";
import { RateLimitedError, type Review } from "../store/reviews.js";
import { clientAddress } from "../http/client-address.js";
import { enforce } from "../http/rate-limit.js";
import { PublicReviewSchema, publicReview } from "./reviews.js";

const VisitorIdParam = VisitorIdSchema.openapi({ param: { name: "visitorId", in: "path" }, example: "v_3kT9qLmZ2xWc8RbN" });
const ArticleIdPathParam = z
  .string()
  .regex(ARTICLE_ID_PATTERN, "must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
  .openapi({ param: { name: "articleId", in: "path" }, example: "demo-peace-treaty-01" });
const ReviewIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, "must be a review id")
  .openapi({ param: { name: "reviewId", in: "path" } });

export const ReviewInputSchema = z
  .object({
    rating: z.number().int().min(1).max(5),
    text: z.string().trim().min(1).max(5000).openapi({
      description: "Stored and returned as written (trimmed), never HTML-escaped: pages must escape it on output.",
    }),
    displayName: z.string().trim().min(1).max(80).openapi({ description: "Shown with the review; escape on output." }),
  })
  .openapi("ReviewInput");

const ModeratedReviewSchema = PublicReviewSchema.extend({
  articleId: z.string(),
  status: z.enum(["published", "pending", "rejected"]).openapi({
    description: "pending: held for a moderator (not listed, not in the summary) until a decision.",
  }),
  flags: z.array(z.string()).openapi({ description: "Moderation rules that held the review back" }),
}).openapi("ModeratedReview");

const reviewPath = { params: z.object({ id: ArticleIdParam, visitorId: VisitorIdParam }) };

const putReview = createRoute({
  method: "put",
  operationId: "putReview",
  path: "/v1/articles/{id}/reviews/{visitorId}",
  tags: ["Reviews"],
  summary: "Create or replace the visitor's review of an article",
  description: `One review per visitor per article. Published at once unless moderation flags it (links, shouting, repeated characters, blocked words, under 3 characters); then it waits as pending. At most REVIEW_RATE_LIMIT_PER_HOUR writes per visitor per hour.`,
  request: { ...reviewPath, body: { content: { "application/json": { schema: ReviewInputSchema } }, required: true } },
  responses: {
    200: { description: "Replaced", content: { "application/json": { schema: z.object({ review: ModeratedReviewSchema }) } } },
    201: { description: "Created", content: { "application/json": { schema: z.object({ review: ModeratedReviewSchema }) } } },
    ...problems(400, 404, 413, 429, 503),
  },
});

const deleteReview = createRoute({
  method: "delete",
  operationId: "deleteReview",
  path: "/v1/articles/{id}/reviews/{visitorId}",
  tags: ["Reviews"],
  summary: "Delete the visitor's review (idempotent)",
  request: reviewPath,
  responses: { 204: { description: "Deleted, or there was none" }, ...problems(400, 404, 429, 503) },
});

const listModeration = createRoute({
  method: "get",
  operationId: "listReviewsForModeration",
  path: "/v1/admin/reviews",
  tags: ["Admin"],
  summary: "Reviews waiting for a moderator, oldest first",
  security: [{ bearer: [] }],
  request: { query: z.object({ status: z.enum(["pending"]).default("pending"), limit: limitParam(100, 20), cursor: cursorParam }) },
  responses: {
    200: {
      description: "A page of pending reviews",
      content: { "application/json": { schema: z.object({ items: z.array(ModeratedReviewSchema), nextCursor: z.string().nullable() }) } },
    },
    ...problems(400, 401, 403),
  },
});

const decide = createRoute({
  method: "post",
  operationId: "decideReview",
  path: "/v1/admin/reviews/{articleId}/{reviewId}/decision",
  tags: ["Admin"],
  summary: "Publish or reject a review; the article's summary follows in the same transaction",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ articleId: ArticleIdPathParam, reviewId: ReviewIdParam }),
    body: { content: { "application/json": { schema: z.object({ status: z.enum(["published", "rejected"]) }) } }, required: true },
  },
  responses: {
    200: { description: "The review after the decision", content: { "application/json": { schema: z.object({ review: ModeratedReviewSchema }) } } },
    ...problems(400, 401, 403, 404),
  },
});

const moderatedReview = (r: Review) => ({ ...publicReview(r), articleId: r.articleId, status: r.status, flags: r.flags });

/** The admin guard of /v1/admin/reviews, then PUT and DELETE of a visitor's review. */
export function reviewWriteRoutes(s: Services) {
  const app = newRouter();
  const admin = requireScope(() => s.keys, "admin");

  app.use("/v1/admin/reviews", admin);
  app.use("/v1/admin/reviews/*", admin, bodyLimit({ maxSize: 4 * 1024 }));

  app.openapi(putReview, async (c) => {
    const { id, visitorId } = c.req.valid("param");
    const input = c.req.valid("json");
    enforce(s.limits.reviews, clientAddress(c, s.env.TRUST_PROXY), 1, "review writes");
    if (!(await s.reviews.articleExists(id))) throw notFound("The article");
    try {
      const { created, review } = await s.reviews.put(id, visitorId, input, s.now());
      return c.json({ review: moderatedReview(review) }, created ? 201 : 200);
    } catch (err) {
      if (err instanceof RateLimitedError) {
        throw new Problem(429, "Too many requests", `Up to ${s.env.REVIEW_RATE_LIMIT_PER_HOUR} review writes per hour; try again later.`, undefined, {
          "retry-after": String(err.retryAfterSeconds),
        });
      }
      throw err;
    }
  });

  app.openapi(deleteReview, async (c) => {
    const { id, visitorId } = c.req.valid("param");
    enforce(s.limits.reviews, clientAddress(c, s.env.TRUST_PROXY), 1, "review writes");
    if (!(await s.reviews.remove(id, visitorId)) && !(await s.reviews.articleExists(id))) throw notFound("The article");
    return c.body(null, 204);
  });
  return app;
}

/** The moderation queue and decisions (behind the guard of reviewWriteRoutes). */
export function reviewModerationRoutes(s: Services) {
  const app = newRouter();
  app.openapi(listModeration, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const page = await withCursor(() => s.reviews.listPending(limit, cursor));
    return c.json({ items: page.items.map(moderatedReview), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(decide, async (c) => {
    const { articleId, reviewId } = c.req.valid("param");
    const review = await s.reviews.decide(articleId, reviewId, c.req.valid("json").status, s.now());
    if (!review) throw notFound("The review");
    return c.json({ review: moderatedReview(review) }, 200);
  });
  return app;
}
