/**
 * GET /docs: the API reference, rendered in the browser by Scalar's standalone bundle served from
 * this origin, so it works without internet. The bundle (4.8 MB) is not part of the Lambda code:
 * it is a file copied beside it (infra/api.ts, scripts/build-lambda.ts) and read at the first
 * request for it, so neither the bundle size nor the cold start pays for it.
 */
import { Hono } from "hono";
import { Scalar } from "@scalar/hono-api-reference";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where Scalar's standalone bundle sits in its npm package, and its name beside a deployed bundle. */
export const SCALAR_PACKAGE_FILE = "@scalar/api-reference/dist/browser/standalone.js";
export const SCALAR_ASSET_NAME = "scalar-standalone.js";
export const SCALAR_ASSET_PATH = "/docs/assets/scalar.js";

/** The file beside the running bundle (Lambda), else the one in node_modules (local runs). */
export function scalarBundlePath(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, SCALAR_ASSET_NAME)];
  if (process.env.LAMBDA_TASK_ROOT) candidates.push(path.join(process.env.LAMBDA_TASK_ROOT, SCALAR_ASSET_NAME));
  for (const file of candidates) if (existsSync(file)) return file;
  try {
    // The package's exports map hides dist/, so find the package from its entry point.
    const entry = createRequire(import.meta.url).resolve("@scalar/api-reference");
    const file = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), "dist", "browser", "standalone.js");
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

let scalarBundle: string | null | undefined;

export function docsRoutes() {
  const app = new Hono();
  app.get(
    "/docs",
    Scalar({
      url: "/openapi.json",
      pageTitle: "Newsline API",
      cdn: SCALAR_ASSET_PATH,
      // Scalar's default fonts come from its own host; the page keeps to this origin.
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    } as Parameters<typeof Scalar>[0]),
  );
  app.get(SCALAR_ASSET_PATH, (c) => {
    if (scalarBundle === undefined) {
      const file = scalarBundlePath();
      scalarBundle = file ? readFileSync(file, "utf8") : null;
    }
    if (scalarBundle === null) return c.text("The API reference viewer is not installed here; /openapi.json has the document.", 404);
    return c.body(scalarBundle, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" });
  });
  return app;
}
