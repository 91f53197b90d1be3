/**
 * Background work: the stream indexer (every article write reaches Meilisearch) and the reindex
 * function an operator invokes to rebuild the index from DynamoDB.
 */
import { articleKey } from "../functions/store/keys";
import { table } from "./storage";
import { searchSecrets } from "./search";

/** Stream records that could not be indexed before they left the stream (24 h): a reindex fixes them. */
export const indexerFailures = new sst.aws.Queue("IndexerFailures", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

// Article items only: reading events and reviews never wake the indexer.
const article = articleKey("");

table.subscribe(
  "Indexer",
  {
    handler: "functions/lambda/indexer.handler",
    link: [table, ...searchSecrets, indexerFailures],
    memory: "512 MB",
    // Each Meilisearch task is awaited (up to 60 s) so a batch is acknowledged only once searchable.
    timeout: "3 minutes",
  },
  {
    filters: [{ dynamodb: { Keys: { pk: { S: [{ prefix: article.pk }] }, sk: { S: [article.sk] } } } }],
    transform: {
      eventSourceMapping: {
        batchSize: 100,
        maximumBatchingWindowInSeconds: 1,
        // From the oldest record kept: a re-created mapping replays (idempotent upserts) instead of skipping.
        startingPosition: "TRIM_HORIZON",
        // Retry until the record leaves the stream: a Meilisearch outage delays indexing, loses nothing.
        maximumRetryAttempts: -1,
        maximumRecordAgeInSeconds: -1,
        bisectBatchOnFunctionError: true,
        functionResponseTypes: ["ReportBatchItemFailures"],
        destinationConfig: { onFailure: { destinationArn: indexerFailures.arn } },
      },
    },
  },
);

export const reindex = new sst.aws.Function("Reindex", {
  handler: "functions/lambda/reindex.handler",
  link: [table, ...searchSecrets],
  memory: "1024 MB",
  timeout: "15 minutes",
});
