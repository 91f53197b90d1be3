import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem", {
    example: {
      type: "https://newsline.example/problems/invalid-request",
      title: "Invalid request",
      status: 400,
      detail: "Some fields are missing or invalid; see errors.",
      instance: "/v1/search",
      errors: [{ field: "query.limit", message: "Too big: expected number to be <=50" }],
    },
  });

/** Standard error answers for a route's `responses`. */
export function problems(...statuses: number[]) {
  const out: Record<number, { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } }> = {};
  for (const s of statuses) out[s] = { description: PROBLEM_DESCRIPTIONS[s] ?? "Error", content: { "application/problem+json": { schema: ProblemSchema } } };
  return out;
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request",
  401: "Missing or unknown key",
  403: "Key lacks the scope",
  404: "Not found",
  409: "Conflict with the resource's state",
  413: "Body too large",
  422: "Unprocessable",
  429: "Too many requests",
  500: "Unexpected error (no detail is given)",
  503: "Dependency unavailable",
};

/**
 * Adds the errors any route can answer to every documented route: 500 (the app's error handler),
 * 503 (a store or the search engine not answering) and, for routes with a body, 413.
 */
export function documentEveryError(registry: OpenAPIHono["openAPIRegistry"]) {
  for (const def of registry.definitions) {
    if (def.type !== "route") continue;
    const statuses = [500, 503, ...(def.route.request?.body ? [413] : [])];
    for (const [status, answer] of Object.entries(problems(...statuses))) def.route.responses[status] ??= answer;
  }
}

export const ArticleIdParam = z
  .string()
  .regex(ARTICLE_ID_PATTERN, "must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
  .openapi({ param: { name: "id", in: "path" }, example: "demo-peace-treaty-01" });

export const VisitorIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, "must be 16–64 characters of [A-Za-z0-9_-]");

/** A comma-separated query parameter as a list of trimmed, non-empty values. */
export const commaList = (example: string) =>
  z
    .string()
    .max(2000)
    .optional()
    .transform((s) => (s ? s.split(",").map((v) => v.trim()).filter(Boolean) : undefined))
    .openapi({ example, description: "Comma-separated values; a match on any of them counts." });

export const limitParam = (max: number, def: number) =>
  z.coerce.number().int().min(1).max(max).default(def).openapi({ description: `1–${max}, default ${def}` });

/** True for a real calendar day: 2026-02-30 and 2026-13-01 are not. */
export function isCalendarDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
}

/** A day, YYYY-MM-DD, that exists in the calendar. */
export const dayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD")
  .refine(isCalendarDay, "is not a date in the calendar");

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;

/** An ISO 8601 date-time with its time zone, on a real calendar day, with hours and minutes in range. */
export function isCalendarDateTime(v: string): boolean {
  return DATE_TIME.test(v) && isCalendarDay(v.slice(0, 10));
}

/**
 * A day or an ISO 8601 date-time with its time zone (without one, "10:00" would mean the server's
 * local time). Either must exist in the calendar.
 */
export const dayOrDateTimeParam = z
  .string()
  .refine((v) => isCalendarDay(v.slice(0, 10)) && (v.length === 10 || DATE_TIME.test(v)), {
    message: "must be YYYY-MM-DD or an ISO 8601 date-time with a time zone (2026-03-01T10:00Z), on a real date",
  });

/** The fields every list of article links answers with (related, trending, a story's page). */
export const articleLinkFields = {
  id: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  publishedAt: z.string().openapi({ format: "date-time" }),
  imageUrl: z.string().nullable(),
};
