import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import type { Services } from "./services.js";
import { Problem, problemResponse, publicPath } from "./http/problem.js";
import { ContendedError, UnavailableError } from "./store/errors.js";
import { toUnavailable } from "./store/guard.js";
import { articleRoutes } from "./routes/articles.js";
import { searchRoutes } from "./routes/search.js";
import { healthRoutes } from "./routes/health.js";
import { reviewRoutes } from "./routes/reviews.js";
import { relatedRoutes } from "./routes/related.js";
import { storyRoutes } from "./routes/stories.js";
import { webRoutes } from "./web/pages.js";
import { accessLog, type LineWriter } from "./http/access-log.js";
import { routeBodyLimits } from "./http/body-limits.js";
import { docsRoutes } from "./web/docs.js";
import { widgetRoutes } from "./web/widgets.js";
import { httpConventions } from "./http/conventions.js";
import { mountLazy, type RouteGroupApp } from "./http/lazy-routes.js";
import { LAZY_ROUTE_TABLE, type LazyGroupName } from "./routes/lazy-table.js";
import type { Handler } from "hono";

type RouteGroup = (s: Services) => RouteGroupApp;

/**
 * Route groups, mounted in order. Each is a function of the injected services; a name is a group
 * loaded on its first request (routes/lazy-groups.ts), which keeps its schemas out of a cold start.
 */
const ROUTES: ReadonlyArray<RouteGroup | LazyGroupName> = [
  healthRoutes,
  "articleWrites",
  articleRoutes,
  searchRoutes,
  "adminSearch",
  "admin",
  "adminRules",
  "adminStatus",
  "events",
  "reviewWrites",
  reviewRoutes,
  "reviewModeration",
  "visitors",
  relatedRoutes,
  storyRoutes,
];

const lazyModule = () => import("./routes/lazy-groups.js");
const lazyGroups = () => lazyModule().then((m) => m.LAZY_GROUPS);

/**
 * `accessLog`: where the one line per request goes (Lambda: stdout, read by CloudWatch); none by default.
 * `mountNow`: groups mounted at start-up rather than on first use (the same app as before they were lazy).
 */
export function createApp(services: Services, opts: { web?: boolean; accessLog?: LineWriter; mountNow?: Partial<Record<LazyGroupName, RouteGroup>> } = {}) {
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
  for (const group of ROUTES) {
    const now = typeof group === "string" ? opts.mountNow?.[group] : group;
    if (now) app.route("/", now(services));
    else mountLazy(app, LAZY_ROUTE_TABLE[group as LazyGroupName], async () => (await lazyGroups())[group as LazyGroupName](services));
  }
  app.route("/", widgetRoutes());
  if (opts.web) app.route("/", webRoutes(services));

  // The document describes every group, so it is built from all of them, at its first request (openapi.ts).
  let document: Promise<Handler> | undefined;
  const describe = async () => {
    const { documentHandler, LAZY_GROUPS: lazy } = await lazyModule();
    return documentHandler((doc) => {
      for (const group of ROUTES) doc.route("/", (typeof group === "string" ? lazy[group] : group)(services));
      doc.route("/", widgetRoutes());
      if (opts.web) doc.route("/", webRoutes(services));
    });
  };
  app.get("/openapi.json", async (c, next) =>
    (await (document ??= describe().catch((err) => {
      document = undefined;
      throw err;
    })))(c, next),
  );
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
