import { createRoute, z } from "@hono/zod-openapi";
import type { Services } from "../services.js";
import { newRouter } from "../http/router.js";
import { requireScope } from "../http/auth.js";
import { notFound, Problem } from "../http/problem.js";
import { problems } from "../http/schemas.js";
import type { ReindexJob } from "../store/jobs.js";

/** A running job whose last progress is older than this is taken for dead and may be resumed. */
export const REINDEX_STALE_MS = 5 * 60_000;

const ReindexRequestSchema = z
  .object({
    clear: z.boolean().default(false).openapi({
      description: "Drop every document first, which also removes orphans; search answers partially until the rebuild ends.",
    }),
  })
  .openapi("ReindexRequest");

const ReindexJobSchema = z
  .object({
    jobId: z.string(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    clear: z.boolean(),
    total: z.number().int().nullable().openapi({ description: "Articles stored when the job counted them; null until counted" }),
    indexed: z.number().int().openapi({ description: "Articles written to the search index so far" }),
    attempt: z.number().int().openapi({ description: "Runs so far: 1, plus one per resume" }),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ description: "Last progress; a running job silent for 5 minutes may be resumed" }),
    finishedAt: z.string().nullable(),
    error: z.string().nullable(),
  })
  .openapi("ReindexJob");

const JobIdParam = z.object({ jobId: z.string().uuid().openapi({ param: { name: "jobId", in: "path" } }) });
const jobBody = (description: string) => ({ description, content: { "application/json": { schema: ReindexJobSchema } } });

const startRoute = createRoute({
  method: "post",
  operationId: "reindex",
  path: "/v1/admin/reindex",
  tags: ["Admin"],
  summary: "Start rebuilding the search index and the related-stories profiles from the articles in DynamoDB (a job)",
  description:
    "Answers at once with the job; it applies the index settings and stored synonyms, then writes every article to the search engine. " +
    "Follow it with GET /v1/admin/reindex/{jobId}. In the cloud the job runs in the reindex function, not in this request.",
  security: [{ bearer: [] }],
  request: { body: { content: { "application/json": { schema: ReindexRequestSchema } }, required: false } },
  responses: { 202: jobBody("Started; Location names the job"), ...problems(400, 401, 403) },
});

const getRoute = createRoute({
  method: "get",
  operationId: "getReindexJob",
  path: "/v1/admin/reindex/{jobId}",
  tags: ["Admin"],
  summary: "Progress of a reindex job",
  security: [{ bearer: [] }],
  request: { params: JobIdParam },
  responses: { 200: jobBody("The job"), ...problems(400, 401, 403, 404) },
});

const resumeRoute = createRoute({
  method: "post",
  operationId: "resumeReindexJob",
  path: "/v1/admin/reindex/{jobId}/resume",
  tags: ["Admin"],
  summary: "Resume a failed reindex job, or one whose run died, from its last saved position",
  security: [{ bearer: [] }],
  request: { params: JobIdParam },
  description: "Refused (409) when the job has succeeded, or is running and reported progress within 5 minutes.",
  responses: { 202: jobBody("Resumed"), ...problems(400, 401, 403, 404, 409) },
});

const view = (job: ReindexJob) => ({
  jobId: job.jobId,
  status: job.status,
  clear: job.clear,
  total: job.total ?? null,
  indexed: job.indexed,
  attempt: job.attempt,
  createdAt: job.createdAt,
  updatedAt: job.updatedAt,
  finishedAt: job.finishedAt ?? null,
  error: job.error ?? null,
});

export function adminRoutes(s: Services) {
  const app = newRouter();
  app.use("/v1/admin/reindex", requireScope(() => s.keys, "admin"));
  app.use("/v1/admin/reindex/*", requireScope(() => s.keys, "admin"));

  app.openapi(startRoute, async (c) => {
    // The body is optional: without one the validator hands over {}, so the default applies here.
    const clear = c.req.valid("json").clear ?? false;
    const job = await s.reindexJobs.create({ clear, now: s.now() });
    await s.startReindex(job.jobId);
    c.header("location", `/v1/admin/reindex/${job.jobId}`);
    return c.json(view(job), 202);
  });

  app.openapi(getRoute, async (c) => {
    const job = await s.reindexJobs.get(c.req.valid("param").jobId);
    if (!job) throw notFound("The reindex job");
    return c.json(view(job), 200);
  });

  app.openapi(resumeRoute, async (c) => {
    const job = await s.reindexJobs.get(c.req.valid("param").jobId);
    if (!job) throw notFound("The reindex job");
    if (job.status === "succeeded") throw new Problem(409, "Conflict", "The job has finished; start a new one.");
    if (job.status === "running" && s.now().getTime() - Date.parse(job.updatedAt) < REINDEX_STALE_MS) {
      throw new Problem(409, "Conflict", "The job is running and reported progress recently.");
    }
    await s.startReindex(job.jobId);
    return c.json(view(job), 202);
  });
  return app;
}
