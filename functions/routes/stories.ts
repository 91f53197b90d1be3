import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { articleLinkFields, limitParam, problems } from "../http/schemas.js";
import { cursorParam, withCursor } from "../http/pagination.js";
import { notFound } from "../http/problem.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";

/** A story's list changes when an article joins it: a CDN may keep it as briefly as a related list. */
const CACHE = "public, max-age=60, stale-while-revalidate=30";

const StoryIdParam = z
  .string()
  .regex(ARTICLE_ID_PATTERN, "must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
  .openapi({ param: { name: "storyId", in: "path" }, example: "demo-peace-treaty-01", description: "A `storyId` from a search hit or a related item" });

const StoryItemSchema = z
  .object(articleLinkFields)
  .openapi("StoryItem");

const StoryResponse = z
  .object({ storyId: z.string(), items: z.array(StoryItemSchema), nextCursor: z.string().nullable() })
  .openapi("Story", {
    example: {
      storyId: "demo-peace-treaty-01",
      items: [
        { id: "demo-peace-treaty-03", title: "Leaders to sign the peace treaty next month", url: "https://news.example/politics/treaty-signing", publishedAt: "2026-03-04T08:00:00.000Z", imageUrl: null },
        { id: "demo-peace-treaty-01", title: "Armenia and Azerbaijan initial the peace treaty text", url: "https://news.example/politics/peace-treaty", publishedAt: "2026-03-02T09:00:00.000Z", imageUrl: null },
      ],
      nextCursor: null,
    },
  });

const storyRoute = createRoute({
  method: "get",
  operationId: "getStory",
  path: "/v1/stories/{storyId}",
  tags: ["Related"],
  summary: "Full coverage: every article of one story, newest first",
  description:
    "A story groups near-duplicate copies and follow-ups of one event (docs/related.md). Articles under embargo are left out; " +
    "a story with no public article is 404.",
  request: { params: z.object({ storyId: StoryIdParam }), query: z.object({ limit: limitParam(50, 20), cursor: cursorParam }) },
  responses: {
    200: {
      description: "A page of the story",
      headers: { "Cache-Control": { schema: { type: "string" as const } } },
      content: { "application/json": { schema: StoryResponse } },
    },
    ...problems(400, 404),
  },
});

export function storyRoutes(s: Services) {
  const app = newRouter();

  app.openapi(storyRoute, async (c) => {
    const { storyId } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const page = await withCursor(() => s.stories.page(storyId, limit, cursor, s.now()));
    if (!page) throw notFound("The story");
    return c.json({ storyId, ...page }, 200, { "Cache-Control": CACHE });
  });

  return app;
}
