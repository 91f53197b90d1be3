import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { presentedKey, requireScope } from "../http/auth.js";
import { dayOrDateTimeParam, problems } from "../http/schemas.js";
import { badRequest, notFound } from "../http/problem.js";
import { cursorParam, withCursor } from "../http/pagination.js";
import { ARTICLE_ID_PATTERN } from "../articles/model.js";
import { normaliseQuery } from "../search/popular.js";
import type { RuleInput } from "../store/rules.js";

const articleId = z.string().regex(ARTICLE_ID_PATTERN, "must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
const idList = (max: number, description: string) =>
  z
    .array(articleId)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, "lists an article twice")
    .default([])
    .openapi({ description });
const instant = dayOrDateTimeParam.openapi({ description: "ISO 8601 date-time with a time zone, or a day (its start, UTC)", example: "2026-03-01T10:00:00Z" });

const RuleInputSchema = z
  .object({
    query: z.string().max(200).optional().openapi({ description: "Applies to searches whose normalised query (folded, single-spaced) equals this one", example: "budget" }),
    relatedTo: articleId.optional().openapi({ description: "Applies to this article's related list" }),
    pin: idList(20, "Shown first, in this order (each only where it is public and passes the search's filters)"),
    hide: idList(100, "Never shown"),
    from: instant.optional(),
    until: instant.optional().openapi({ description: "The rule stops applying at this moment" }),
  })
  .openapi("EditorialRuleInput");

const RuleSchema = z
  .object({
    ruleId: z.string(),
    query: z.string().optional(),
    relatedTo: z.string().optional(),
    pin: z.array(z.string()),
    hide: z.array(z.string()),
    from: z.string().optional(),
    until: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string().openapi({ description: "Name of the API key" }),
    updatedAt: z.string(),
    updatedBy: z.string(),
    version: z.number().int(),
  })
  .openapi("EditorialRule");

const AuditEntrySchema = z
  .object({
    ruleId: z.string(),
    action: z.enum(["put", "delete"]),
    by: z.string().openapi({ description: "Name of the API key that made the change" }),
    at: z.string(),
    before: RuleSchema.optional(),
    after: RuleSchema.optional(),
  })
  .openapi("EditorialRuleChange");

const RuleIdParam = z
  .string()
  .regex(ARTICLE_ID_PATTERN, "must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
  .openapi({ param: { name: "ruleId", in: "path" }, example: "budget-explainer" });

const putRule = createRoute({
  method: "put",
  operationId: "putRule",
  path: "/v1/admin/rules/{ruleId}",
  tags: ["Admin"],
  summary: "Create or replace an editorial rule: pin or hide articles for one search query or one related list",
  description: "Exactly one of `query` and `relatedTo`; at least one pinned or hidden article. The change is recorded with the key's name.",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ ruleId: RuleIdParam }),
    body: { content: { "application/json": { schema: RuleInputSchema } }, required: true },
  },
  responses: {
    200: { description: "Replaced", content: { "application/json": { schema: RuleSchema } } },
    201: { description: "Created", content: { "application/json": { schema: RuleSchema } } },
    ...problems(400, 401, 403),
  },
});

const listRules = createRoute({
  method: "get",
  operationId: "listRules",
  path: "/v1/admin/rules",
  tags: ["Admin"],
  summary: "Every editorial rule, in or out of its period",
  security: [{ bearer: [] }],
  responses: {
    200: { description: "Rules by id", content: { "application/json": { schema: z.object({ rules: z.array(RuleSchema) }) } } },
    ...problems(401, 403),
  },
});

const deleteRule = createRoute({
  method: "delete",
  operationId: "deleteRule",
  path: "/v1/admin/rules/{ruleId}",
  tags: ["Admin"],
  summary: "Delete an editorial rule (recorded in the audit trail)",
  security: [{ bearer: [] }],
  request: { params: z.object({ ruleId: RuleIdParam }) },
  responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 404) },
});

const ruleAudit = createRoute({
  method: "get",
  operationId: "listRuleAudit",
  path: "/v1/admin/rules-audit",
  tags: ["Admin"],
  summary: "Who changed which editorial rule, and when: newest first",
  security: [{ bearer: [] }],
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: cursorParam }) },
  responses: {
    200: {
      description: "Changes",
      content: { "application/json": { schema: z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }) } },
    },
    ...problems(400, 401, 403),
  },
});

/** Checks across fields, each reported on the field an editor must change. */
function checkRule(body: z.infer<typeof RuleInputSchema>): RuleInput {
  const query = body.query === undefined ? undefined : normaliseQuery(body.query);
  if ((query === undefined) === (body.relatedTo === undefined)) {
    throw badRequest("A rule needs exactly one of query and relatedTo.", [{ field: "body.query", message: "give query or relatedTo, not both or neither" }]);
  }
  if (query === "") throw badRequest("The query is empty once normalised.", [{ field: "body.query", message: "must contain a word" }]);
  if (body.pin.length + body.hide.length === 0) {
    throw badRequest("A rule must pin or hide at least one article.", [{ field: "body.pin", message: "pin or hide an article" }]);
  }
  const from = body.from === undefined ? undefined : new Date(Date.parse(body.from)).toISOString();
  const until = body.until === undefined ? undefined : new Date(Date.parse(body.until)).toISOString();
  if (from && until && until <= from) throw badRequest("until must come after from.", [{ field: "body.until", message: "must be after from" }]);
  return {
    ...(query !== undefined ? { query } : { relatedTo: body.relatedTo }),
    pin: body.pin,
    hide: body.hide,
    ...(from ? { from } : {}),
    ...(until ? { until } : {}),
  };
}

export function adminRuleRoutes(s: Services) {
  const app = newRouter();
  const admin = requireScope(() => s.keys, "admin");
  app.use("/v1/admin/rules", admin);
  app.use("/v1/admin/rules/*", admin);
  app.use("/v1/admin/rules-audit", admin);
  // requireScope has already found the key.
  const keyName = (authorization: string | undefined) => presentedKey(s.keys, authorization)!.name;

  app.openapi(putRule, async (c) => {
    const { ruleId } = c.req.valid("param");
    const input = checkRule(c.req.valid("json"));
    const { rule, created } = await s.rules.put(ruleId, input, keyName(c.req.header("authorization")), s.now());
    return c.json(rule, created ? 201 : 200);
  });

  app.openapi(listRules, async (c) => c.json({ rules: await s.rules.list() }, 200));

  app.openapi(deleteRule, async (c) => {
    const { ruleId } = c.req.valid("param");
    if (!(await s.rules.delete(ruleId, keyName(c.req.header("authorization")), s.now()))) throw notFound("The rule");
    return c.body(null, 204);
  });

  app.openapi(ruleAudit, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    return c.json(await withCursor(() => s.rules.audit(limit, cursor)), 200);
  });
  return app;
}
