import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { Services } from "./services.js";
import { Problem, problemResponse, publicPath } from "./http/problem.js";
import { ContendedError, UnavailableError } from "./store/errors.js";
import { toUnavailable } from "./store/guard.js";
import { articleRoutes } from "./routes/articles.js";
import { searchRoutes } from "./routes/search.js";
import { healthRoutes } from "./routes/health.js";
import { adminSearchRoutes } from "./routes/admin-search.js";
import { adminRoutes } from "./routes/admin.js";
import { adminRuleRoutes } from "./routes/admin-rules.js";
import { adminStatusRoutes } from "./routes/admin-status.js";
import { eventRoutes } from "./routes/events.js";
import { reviewRoutes } from "./routes/reviews.js";
import { visitorRoutes } from "./routes/visitors.js";
import { relatedRoutes } from "./routes/related.js";
import { storyRoutes } from "./routes/stories.js";
import { webRoutes } from "./web/pages.js";
import { accessLog, type LineWriter } from "./http/access-log.js";
import { routeBodyLimits } from "./http/body-limits.js";
import { docsRoutes } from "./web/docs.js";
import { widgetRoutes } from "./web/widgets.js";
import { httpConventions } from "./http/conventions.js";
import { documentEveryError } from "./http/schemas.js";

/** Route groups, mounted in order. Each is a function of the injected services. */
const ROUTES = [healthRoutes, articleRoutes, searchRoutes, adminSearchRoutes, adminRoutes, adminRuleRoutes, adminStatusRoutes, eventRoutes, reviewRoutes, visitorRoutes, relatedRoutes, storyRoutes];

/** `accessLog`: where the one line per request goes (Lambda: stdout, read by CloudWatch); none by default. */
export function createApp(services: Services, opts: { web?: boolean; accessLog?: LineWriter } = {}) {
  const app = new OpenAPIHono();
  if (opts.accessLog) app.use("*", accessLog(opts.accessLog));
  for (const middleware of httpConventions()) app.use(middleware);

  app.onError((err, c) => {
    if (err instanceof Problem) return problemResponse(c, err);
    if (err instanceof HTTPException && err.status < 500) {
      return problemResponse(c, new Problem(err.status as 400, err.status === 413 ? "Payload too large" : "Invalid request", err.message || undefined));
    }
    if (err instanceof SyntaxError) return problemResponse(c, new Problem(400, "Invalid request", "The body is not valid JSON."));
    const retryable = retryableProblem(toUnavailable("dependency", err));
    if (retryable) return problemResponse(c, retryable);
    // Log the cause for operators; clients get a neutral problem without engine or stack details.
    // The route pattern, not the path: paths carry visitor ids.
    console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), route: `${c.req.method} ${c.req.routePath}`, error: err.message, cause: String((err as Error).cause ?? "") }));
    return problemResponse(c, new Problem(500, "Internal error", "Something went wrong on our side; try again."));
  });
  app.notFound((c) => problemResponse(c, new Problem(404, "Not found", `No route for ${c.req.method} ${publicPath(c)}.`)));

  app.use("*", routeBodyLimits);
  for (const mount of ROUTES) app.route("/", mount(services));
  app.route("/", widgetRoutes());
  if (opts.web) app.route("/", webRoutes(services));

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  documentEveryError(app.openAPIRegistry);
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Newsline API",
      version: "1.0.0",
      description: "Search, related stories, recommendations, reading history and reviews for the politics section.",
    },
    // The origin that served the document, so "try it" and generated clients call this deployment.
    servers: [{ url: new URL(c.req.url).origin, description: "This deployment" }],
  }));
  app.route("/", docsRoutes());
  return app;
}

/** Failures worth retrying: 409 for a write others keep changing, 503 for a dependency that did not answer. */
function retryableProblem(err: unknown): Problem | undefined {
  if (err instanceof ContendedError) {
    return new Problem(409, "Conflict", "Others are writing the same item right now; try again.", undefined, { "retry-after": String(err.retryAfterSeconds) });
  }
  if (err instanceof UnavailableError) {
    console.error(JSON.stringify({ level: "warn", msg: err.message }));
    return new Problem(503, "Service unavailable", "A service we depend on did not answer in time; try again shortly.", undefined, { "retry-after": String(err.retryAfterSeconds) });
  }
  return undefined;
}

export type App = ReturnType<typeof createApp>;
