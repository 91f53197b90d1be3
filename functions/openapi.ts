/**
 * GET /openapi.json: the OpenAPI 3.1 document of every route. Loaded at the first request for it
 * (functions/app.ts): registering every route's schemas for documentation is work a cold start
 * need not do, and building the document from the route groups themselves keeps it current.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Handler } from "hono";
import { documentEveryError } from "./http/schemas.js";
import { mountedRoutes } from "./http/lazy-routes.js";

export const OPENAPI_PATH = "/openapi.json";

/** The document's handler; `mount` adds every route group, in the app's order. */
export function documentHandler(mount: (doc: OpenAPIHono) => void): Handler {
  const doc = new OpenAPIHono();
  mount(doc);
  doc.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  documentEveryError(doc.openAPIRegistry);
  doc.doc31(OPENAPI_PATH, (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Newsline API",
      version: "1.0.0",
      description: "Search, related stories, recommendations, reading history and reviews for the politics section.",
    },
    // The origin that served the document, so "try it" and generated clients call this deployment.
    servers: [{ url: new URL(c.req.url).origin, description: "This deployment" }],
  }));
  return mountedRoutes(doc).at(-1)!.handler as Handler;
}
