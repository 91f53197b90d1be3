/**
 * Permissions and limits of the deployed functions: what each may do to the table, action by
 * action, reserved concurrency, stream retry age, region per stage. Plain data, no SST globals,
 * checked against the code by test/lambda/infra.test.ts. Linking the table instead would grant
 * `dynamodb:*` (DeleteTable and UpdateTable included) to every function.
 */

/** The API: reads and conditional writes of every item kind, the byTime/byVisitor/byCount queries, health's DescribeTable. */
export const API_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  // TransactWriteItems is authorised per contained action; ConditionCheck is one of them.
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
] as const;

/** The reindex function: reads articles (byTime), synonyms and the months list; writes its job item and related-stories profiles. */
export const REINDEX_TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"] as const;

/**
 * The indexer reads the stream (granted by the subscription itself) and never reads the table: the
 * records carry the article. It writes and deletes related-stories profiles, in batches only, and
 * updates one item after each batch: its progress note for GET /v1/admin/status (META / INDEXER_STATE).
 */
export const INDEXER_TABLE_ACTIONS = ["dynamodb:BatchWriteItem", "dynamodb:UpdateItem"] as const;

/** The indexer's failure destination: the event source mapping sends with the function's role. */
export const FAILURE_QUEUE_ACTIONS = ["sqs:SendMessage"] as const;

/**
 * Reserved concurrency: the API may not take the whole account's pool (1000 by default), so a
 * spike of readers cannot starve the indexer, whose stream shards need one execution each.
 */
export const RESERVED_CONCURRENCY = { api: 200, indexer: 10, reindex: 2 } as const;

/** Records older than this leave the retry loop for the failure queue, well before the stream trims them at 24 h. */
export const STREAM_MAX_RECORD_AGE_SECONDS = 6 * 3600;

/**
 * The AWS region of each stage, pinned so a deploy never follows whatever region the operator's
 * shell or profile names. A stage not listed (a developer's) deploys to DEFAULT_REGION.
 */
export const STAGE_REGIONS: Record<string, string> = { production: "eu-central-1", prod: "eu-central-1", staging: "eu-central-1" };
export const DEFAULT_REGION = "eu-central-1";
export const regionOf = (stage: string) => STAGE_REGIONS[stage] ?? DEFAULT_REGION;

/**
 * The alarms of infra/monitoring.ts, with their thresholds. docs/deploy.md lists each one and what
 * an operator does when it fires (a test keeps the two in step).
 */
export const ALARMS = {
  IndexerIteratorAge: { threshold: 15 * 60_000, unit: "ms", periodSeconds: 60, evaluationPeriods: 5, statistic: "Maximum" },
  IndexerFailureQueue: { threshold: 1, unit: "messages", periodSeconds: 300, evaluationPeriods: 1, statistic: "Maximum" },
  Api5xxRate: { threshold: 1, unit: "%", periodSeconds: 300, evaluationPeriods: 2, statistic: "Sum" },
  ApiLatencyP95: { threshold: 1000, unit: "ms", periodSeconds: 300, evaluationPeriods: 3, statistic: "p95" },
  SearchLatencyP95: { threshold: 300, unit: "ms", periodSeconds: 300, evaluationPeriods: 3, statistic: "p95" },
} as const;

/** The namespace of the application's own metrics (CloudWatch embedded metric format lines in the logs). */
export const METRICS_NAMESPACE = "Newsline";
