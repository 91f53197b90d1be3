/**
 * Route groups the read path (search, suggest, related, article and review pages, stories) does not use: loaded on
 * their first request (functions/http/lazy-routes.ts), so a cold start does not build their schemas.
 * Their route tables, which start-up does need, are in lazy-table.ts.
 */
import type { RouteGroupApp } from "../http/lazy-routes.js";
import type { Services } from "../services.js";
import type { LazyGroupName } from "./lazy-table.js";
import { articleWriteRoutes } from "./article-writes.js";
import { reviewModerationRoutes, reviewWriteRoutes } from "./review-writes.js";
import { adminSearchRoutes } from "./admin-search.js";
import { adminRoutes } from "./admin.js";
import { adminRuleRoutes } from "./admin-rules.js";
import { adminStatusRoutes } from "./admin-status.js";
import { eventRoutes } from "./events.js";
import { visitorRoutes } from "./visitors.js";

// The OpenAPI document is built from every group: it travels in the same chunk.
export { documentHandler } from "../openapi.js";

export const LAZY_GROUPS: Record<LazyGroupName, (s: Services) => RouteGroupApp> = {
  articleWrites: articleWriteRoutes,
  adminSearch: adminSearchRoutes,
  admin: adminRoutes,
  adminRules: adminRuleRoutes,
  adminStatus: adminStatusRoutes,
  events: eventRoutes,
  reviewWrites: reviewWriteRoutes,
  reviewModeration: reviewModerationRoutes,
  visitors: visitorRoutes,
};
