/**
 * Route groups that load on their first request instead of at start-up. The parent app gets, at
 * start-up, the group's route table (method and path of every handler and middleware, in order):
 * exactly the entries `app.route("/", group)` would add, each a stub that imports the group and
 * calls the real handler in the parent's own context. Matching, 404s, middleware order, the
 * access log's route pattern, error handling and HTTP conventions are therefore those of a mounted
 * group; only the first request to a group pays for building it.
 */
import { Hono, type MiddlewareHandler } from "hono";

/** Any route group, whatever its environment and schema types. */
export type RouteGroupApp = Hono<any, any, any>;

/** One entry of a route table: [method ("ALL" for middleware), path pattern]. */
export type RouteEntry = readonly [method: string, path: string];

/** The entries `app.route("/", group)` adds, with their handlers (error-handler wrapping included). */
export function mountedRoutes(group: RouteGroupApp): Array<{ method: string; path: string; handler: MiddlewareHandler }> {
  const holder = new Hono();
  holder.route("/", group);
  return holder.routes.map((r) => ({ method: r.method, path: r.path, handler: r.handler as MiddlewareHandler }));
}

export const routeTable = (group: RouteGroupApp): RouteEntry[] => mountedRoutes(group).map((r) => [r.method, r.path] as const);

/** Adds `table` to `app`; the first request that reaches one of its entries calls `load` (once). */
export function mountLazy(app: RouteGroupApp, table: readonly RouteEntry[], load: () => Promise<RouteGroupApp>): void {
  let handlers: Promise<MiddlewareHandler[]> | undefined;
  const loaded = () =>
    (handlers ??= load().then((group) => {
      const routes = mountedRoutes(group);
      // The table is generated from the same groups (scripts/lazy-route-table.ts); a stale one must not route to wrong handlers.
      const same = routes.length === table.length && routes.every((r, i) => r.method === table[i][0] && r.path === table[i][1]);
      if (!same) throw new Error("The lazy route table does not match its route group: run `npm run routes:table`.");
      return routes.map((r) => r.handler);
    })).catch((err) => {
      handlers = undefined;
      throw err;
    });
  table.forEach(([method, path], i) => {
    app.on(method, path, async (c, next) => (await loaded())[i](c, next));
  });
}
