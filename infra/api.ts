/** The HTTP API: API Gateway (HTTP API) sending every request to the Hono app in one function. */
import { table } from "./storage";
import { keySecrets, searchSecrets } from "./search";
import { reindex } from "./jobs";
import { API_TABLE_ACTIONS, RESERVED_CONCURRENCY } from "./limits";
import { API_ASSETS } from "./bundle";

// No CORS setting here: with one, API Gateway answers preflights itself and replaces the app's CORS
// headers (which expose ETag and X-Request-Id); the app's policy (functions/http/conventions.ts) is the one.
export const api = new sst.aws.ApiGatewayV2("Api", {
  transform: {
    // The ceiling for the whole API: per-address limits live in each process (README "Limits"), so
    // a flood spread over many Lambda instances still stops here. Answers 429 past it.
    stage: (args) => {
      args.defaultRouteSettings = { throttlingRateLimit: 500, throttlingBurstLimit: 1000 };
    },
  },
});

export const apiRoute = api.route("$default", {
  handler: "functions/lambda/api.handler",
  // Secrets only: the table is not linked (a link grants dynamodb:*); its name comes as TABLE_NAME.
  link: [...searchSecrets, ...keySecrets],
  permissions: [
    { actions: [...API_TABLE_ACTIONS], resources: [table.arn, $interpolate`${table.arn}/index/*`] },
    // POST /v1/admin/reindex starts the reindex function asynchronously.
    { actions: ["lambda:InvokeFunction"], resources: [reindex.arn] },
  ],
  copyFiles: API_ASSETS.map((a) => ({ from: a.from, to: a.to })),
  memory: "1024 MB",
  // API Gateway gives up after 30 s; a batch of 1000 articles is the slowest request.
  timeout: "29 seconds",
  concurrency: { reserved: RESERVED_CONCURRENCY.api },
  // Other settings of functions/config.ts (HISTORY_TTL_DAYS, REVIEW_BLOCKLIST…) can be added here.
  // Semantic related stories are off unless the deploy names an embedder configured in Meilisearch.
  environment: {
    TABLE_NAME: table.name,
    REINDEX_FUNCTION: reindex.name,
    MEILISEARCH_EMBEDDER: process.env.MEILISEARCH_EMBEDDER ?? "",
  },
});
