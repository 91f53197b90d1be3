import { z } from "@hono/zod-openapi";
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
  .openapi("Problem");

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
  422: "Unprocessable",
  429: "Too many requests",
  503: "Dependency unavailable",
};

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
