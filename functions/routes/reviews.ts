import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { ArticleIdParam, limitParam, problems } from "../http/schemas.js";
import { notFound } from "../http/problem.js";
import { cursorParam, withCursor } from "../http/pagination.js";
import type { Review } from "../store/reviews.js";

export const PublicReviewSchema = z
  .object({
    reviewId: z.string(),
    displayName: z.string(),
    rating: z.number().int(),
    text: z.string().openapi({ description: "Raw text as written: escape it when putting it into HTML." }),
    createdAt: z.string().openapi({ format: "date-time" }),
    updatedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Review");

const SummarySchema = z
  .object({
    count: z.number().int(),
    average: z.number().nullable().openapi({ description: "Mean rating, two decimals; null without reviews" }),
    histogram: z.object({ "1": z.number().int(), "2": z.number().int(), "3": z.number().int(), "4": z.number().int(), "5": z.number().int() }),
  })
  .openapi("ReviewSummary");

const listReviews = createRoute({
  method: "get",
  operationId: "listReviews",
  path: "/v1/articles/{id}/reviews",
  tags: ["Reviews"],
  summary: "Published reviews of an article, newest first, with the rating summary",
  request: { params: z.object({ id: ArticleIdParam }), query: z.object({ limit: limitParam(50, 10), cursor: cursorParam }) },
  responses: {
    200: {
      description: "A page of reviews",
      content: {
        "application/json": {
          schema: z.object({ summary: SummarySchema, items: z.array(PublicReviewSchema), nextCursor: z.string().nullable() }).openapi("ReviewList"),
        },
      },
    },
    ...problems(400, 404),
  },
});

export const publicReview = (r: Review) => ({
  reviewId: r.reviewId,
  displayName: r.displayName,
  rating: r.rating,
  text: r.text,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** GET /v1/articles/{id}/reviews; writes and moderation are in review-writes.ts, loaded on first use. */
export function reviewRoutes(s: Services) {
  const app = newRouter();
  app.openapi(listReviews, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const [exists, page, summary] = await Promise.all([
      s.reviews.articleExists(id),
      withCursor(() => s.reviews.listPublished(id, limit, cursor)),
      s.reviews.summary(id),
    ]);
    if (!exists) throw notFound("The article");
    return c.json({ summary, items: page.items.map(publicReview), nextCursor: page.nextCursor }, 200);
  });
  return app;
}
