/** The HTTP API: API Gateway (HTTP API) sending every request to the Hono app in one function. */
import { table } from "./storage";
import { keySecrets, searchSecrets } from "./search";

export const api = new sst.aws.ApiGatewayV2("Api", {
  // The search box, widgets and apps call the public read endpoints from browsers.
  cors: { allowOrigins: ["*"], allowHeaders: ["authorization", "content-type"], allowMethods: ["GET", "POST", "PUT", "DELETE"], maxAge: "1 day" },
  transform: {
    // The ceiling for the whole API: per-address limits live in each process (README "Limits"), so
    // a flood spread over many Lambda instances still stops here. Answers 429 past it.
    stage: (args) => {
      args.defaultRouteSettings = { throttlingRateLimit: 500, throttlingBurstLimit: 1000 };
    },
  },
});

api.route("$default", {
  handler: "functions/lambda/api.handler",
  link: [table, ...searchSecrets, ...keySecrets],
  memory: "1024 MB",
  // API Gateway gives up after 30 s; a batch of 1000 articles is the slowest request.
  timeout: "29 seconds",
  // The table name and secrets arrive through the links (Resource); other settings of
  // functions/config.ts (HISTORY_TTL_DAYS, REVIEW_BLOCKLIST…) can be added as `environment`.
  // Semantic related stories are off unless the deploy names an embedder configured in Meilisearch.
  environment: { MEILISEARCH_EMBEDDER: process.env.MEILISEARCH_EMBEDDER ?? "" },
});
