/**
 * The API function: every route of the Hono app behind API Gateway (HTTP API, payload v2).
 * Everything is built at module load, in Lambda's init phase; no network call happens there, so a
 * cold start costs the import only. The Meilisearch index settings are not applied here: the
 * reindex function (run after each deploy that changes settings) and the indexer do that.
 */
import { handle } from "hono/aws-lambda";
import { createApp } from "../app.js";
import { cloudServices, logJson } from "./cloud.js";
import { DeferredWork, settlingDeferred } from "./deferred.js";

const deferred = new DeferredWork((err) =>
  logJson({ level: "error", msg: "background work failed", error: err instanceof Error ? err.message : String(err) }),
);
// One JSON line per request (access log and metrics, functions/http/access-log.ts).
const app = createApp(cloudServices(deferred.add), { accessLog: (line) => console.log(line) });

export const handler = settlingDeferred(deferred, handle(app));
