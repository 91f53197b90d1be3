/**
 * Background work: the stream indexer (every article write reaches Meilisearch) and the reindex
 * function that runs reindex jobs (started by POST /v1/admin/reindex, or invoked by an operator).
 */
import { articleKey } from "../functions/store/keys";
import { table } from "./storage";
import { searchSecrets } from "./search";
import { FAILURE_QUEUE_ACTIONS, INDEXER_TABLE_ACTIONS, REINDEX_TABLE_ACTIONS, RESERVED_CONCURRENCY, STREAM_MAX_RECORD_AGE_SECONDS } from "./limits";

/** Stream records that could not be indexed within STREAM_MAX_RECORD_AGE_SECONDS: a reindex fixes them. */
export const indexerFailures = new sst.aws.Queue("IndexerFailures", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

// Article items only: reading events and reviews never wake the indexer.
const article = articleKey("");

export const indexer = table.subscribe(
  "Indexer",
  {
    handler: "functions/lambda/indexer.handler",
    // The records carry the article; the table is written for related-stories profiles only. The subscription grants the stream reads.
    link: [...searchSecrets],
    permissions: [
      { actions: [...FAILURE_QUEUE_ACTIONS], resources: [indexerFailures.arn] },
      { actions: [...INDEXER_TABLE_ACTIONS], resources: [table.arn] },
    ],
    environment: { TABLE_NAME: table.name },
    memory: "512 MB",
    // Each Meilisearch task is awaited (up to 60 s) so a batch is acknowledged only once searchable.
    timeout: "3 minutes",
    concurrency: { reserved: RESERVED_CONCURRENCY.indexer },
  },
  {
    filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: article.pk }] }, sk: { S: [article.sk] } } } }],
    transform: {
      eventSourceMapping: {
        batchSize: 100,
        maximumBatchingWindowInSeconds: 1,
        // From the oldest record kept: a re-created mapping replays (idempotent upserts) instead of skipping.
        startingPosition: "TRIM_HORIZON",
        // Retried until the record is 6 h old (a Meilisearch outage delays indexing and loses
        // nothing); then it goes to the failure queue rather than being trimmed silently at 24 h.
        maximumRetryAttempts: -1,
        maximumRecordAgeInSeconds: STREAM_MAX_RECORD_AGE_SECONDS,
        bisectBatchOnFunctionError: true,
        functionResponseTypes: ["ReportBatchItemFailures"],
        destinationConfig: { onFailure: { destinationArn: indexerFailures.arn } },
      },
    },
  },
);

export const reindex = new sst.aws.Function("Reindex", {
  handler: "functions/lambda/reindex.handler",
  link: [...searchSecrets],
  permissions: [{ actions: [...REINDEX_TABLE_ACTIONS], resources: [table.arn, $interpolate`${table.arn}/index/*`] }],
  environment: { TABLE_NAME: table.name },
  memory: "1024 MB",
  // A longer job continues in Lambda's retries of the asynchronous invocation, from its checkpoint.
  timeout: "15 minutes",
  concurrency: { reserved: RESERVED_CONCURRENCY.reindex },
});
