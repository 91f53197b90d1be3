/** GET /widgets/v1/newsline.js: the embeddable widgets, served by the API locally and on Lambda. */
import { Hono } from "hono";
import { WIDGET_SCRIPT } from "./widget-script.js";

export const WIDGET_PATH = "/widgets/v1/newsline.js";

/**
 * The path names the contract's major version, so the script may be kept a day and served stale for
 * a week while revalidating (ETag): compatible fixes reach pages within a day, a breaking change
 * gets /widgets/v2/.
 */
export const WIDGET_CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800";

export function widgetRoutes() {
  const app = new Hono();
  app.get(WIDGET_PATH, (c) =>
    c.body(WIDGET_SCRIPT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": WIDGET_CACHE_CONTROL }),
  );
  return app;
}
