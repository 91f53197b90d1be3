import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { isCalendarDateTime, problems, VisitorIdSchema } from "../http/schemas.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";
import { clientAddress } from "../http/client-address.js";
import { enforce } from "../http/rate-limit.js";

export const MAX_EVENTS_PER_REQUEST = 100;

const isoDateTime = z
  .string()
  .max(40)
  .refine(isCalendarDateTime, "must be an ISO 8601 date-time with a time zone, on a real date");

export const ReadingEventSchema = z
  .object({
    eventId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "must be 1–128 characters of [A-Za-z0-9._:-]")
      .openapi({ description: "Client-generated; the same eventId from the same visitor is counted once.", example: "9b2f6c1e-52a4-4d8e-9c7b-3f0a1d2e4b5c" }),
    visitorId: VisitorIdSchema.openapi({ example: "v_3kT9qLmZ2xWc8RbN" }),
    articleId: z.string().regex(ARTICLE_ID_PATTERN, "must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}"),
    type: z.enum(["view", "read"]).openapi({
      description: "view: the article was opened (feeds trending at a quarter weight); read: it was read (history, co-reading, trending).",
    }),
    at: isoDateTime.optional().openapi({ description: "When it happened; default now. Rejected when over 5 minutes ahead or older than the history TTL." }),
    dwellMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .openapi("ReadingEvent");

const EventErrorSchema = z.object({
  index: z.number().int().openapi({ description: "Position of the event in `events`" }),
  eventId: z.string(),
  field: z.string(),
  message: z.string(),
});

const RecordResultSchema = z
  .object({
    accepted: z.number().int(),
    duplicates: z.number().int().openapi({ description: "Events already recorded earlier (same visitor and eventId)" }),
    rejected: z.number().int(),
    errors: z.array(EventErrorSchema).openapi({ description: "One entry per rejected event; the others were still recorded." }),
  })
  .openapi("EventsResult");

const postEvents = createRoute({
  method: "post",
  operationId: "postEvents",
  path: "/v1/events",
  tags: ["Reading"],
  summary: "Record reading events (idempotent by eventId)",
  description:
    "Each event is accepted at most once. An event for an unknown article, or with `at` out of range, is rejected on its own; the others are recorded. A malformed body is a 400 and nothing is recorded.",
  request: {
    body: {
      content: { "application/json": { schema: z.object({ events: z.array(ReadingEventSchema).min(1).max(MAX_EVENTS_PER_REQUEST) }) } },
      required: true,
    },
  },
  responses: {
    202: { description: "Recorded (see errors for events that were not)", content: { "application/json": { schema: RecordResultSchema } } },
    ...problems(400, 413, 429, 503),
  },
});

export function eventRoutes(s: Services) {
  const app = newRouter();
  app.openapi(postEvents, async (c) => {
    const { events } = c.req.valid("json");
    const address = clientAddress(c, s.env.TRUST_PROXY);
    enforce(s.limits.events, address, events.length, "reading events");
    const result = await s.events.record(events, s.now(), address);
    return c.json({ accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected.length, errors: result.rejected }, 202);
  });
  return app;
}
