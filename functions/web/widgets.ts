/** GET /widgets/v1/newsline.js: the embeddable widgets, served by the API locally and on Lambda. */
import { Hono } from "hono";

export const WIDGET_PATH = "/widgets/v1/newsline.js";

/**
 * The path names the contract's major version, so the script may be kept a day and served stale for
 * a week while revalidating (ETag): compatible fixes reach pages within a day, a breaking change
 * gets /widgets/v2/.
 */
export const WIDGET_CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800";

export function widgetRoutes() {
  const app = new Hono();
  // The script (23 KB) is loaded at its first request, not at every cold start.
  app.get(WIDGET_PATH, async (c) =>
    c.body((await import("./widget-script.js")).WIDGET_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": WIDGET_CACHE_CONTROL }),
  );
  return app;
}
