/**
 * Alarms and a dashboard: is search behind the table (stream iterator age, failure queue), is the
 * API failing or slow (API Gateway 5xx rate and p95 latency, search p95 from our own metrics).
 * Thresholds in infra/limits.ts; what to do when one fires: docs/deploy.md.
 */
import { api, apiRoute } from "./api";
import { indexer, indexerFailures, reindex } from "./jobs";
import { ALARMS, METRICS_NAMESPACE } from "./limits";

/** Alarm notifications. Set ALARM_EMAIL at deploy time to subscribe an address (confirmed by mail). */
export const alarmTopic = new sst.aws.SnsTopic("Alarms");
if (process.env.ALARM_EMAIL) {
  new aws.sns.TopicSubscription("AlarmsEmail", { topic: alarmTopic.arn, protocol: "email", endpoint: process.env.ALARM_EMAIL });
}

const indexerName = indexer.apply((s) => s.nodes.function).apply((f) => f.name);
const apiFunctionName = apiRoute.nodes.function.apply((f) => f.name);
const failureQueueName = indexerFailures.nodes.queue.name;
const apiId = api.nodes.api.id;
const apiDimensions = { ApiId: apiId, Stage: "$default" };

const common = (name: keyof typeof ALARMS, description: string) => ({
  alarmDescription: `${description} See docs/deploy.md, "Alarms".`,
  threshold: ALARMS[name].threshold,
  evaluationPeriods: ALARMS[name].evaluationPeriods,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  alarmActions: [alarmTopic.arn],
  okActions: [alarmTopic.arn],
  // No requests or records, no datapoints: an idle service is neither failing nor behind.
  treatMissingData: "notBreaching",
});

type Statistic = { statistic: string } | { extendedStatistic: string };

/** An alarm on one metric, over the period infra/limits.ts gives it. */
const metricAlarm = (
  name: keyof typeof ALARMS,
  description: string,
  metric: { namespace: string; metricName: string; dimensions: Record<string, $util.Input<string>> } & Statistic,
) => new aws.cloudwatch.MetricAlarm(name, { ...common(name, description), ...metric, period: ALARMS[name].periodSeconds });

export const iteratorAgeAlarm = metricAlarm("IndexerIteratorAge", "Search is behind the table: the indexer's oldest unprocessed stream record is old.", {
  namespace: "AWS/Lambda",
  metricName: "IteratorAge",
  dimensions: { FunctionName: indexerName },
  statistic: "Maximum",
});

export const failureQueueAlarm = metricAlarm("IndexerFailureQueue", "Stream records gave up on indexing and went to the failure queue: search misses some writes.", {
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: failureQueueName },
  statistic: "Maximum",
});

export const api5xxAlarm = new aws.cloudwatch.MetricAlarm("Api5xxRate", {
  ...common("Api5xxRate", "More than 1% of API requests answered 5xx (a dependency down, or a bug)."),
  metricQueries: [
    { id: "errors", metric: { namespace: "AWS/ApiGateway", metricName: "5xx", dimensions: apiDimensions, stat: "Sum", period: ALARMS.Api5xxRate.periodSeconds } },
    { id: "requests", metric: { namespace: "AWS/ApiGateway", metricName: "Count", dimensions: apiDimensions, stat: "Sum", period: ALARMS.Api5xxRate.periodSeconds } },
    // Below 20 requests in the period a single error is noise, not a rate.
    { id: "rate", expression: "IF(requests >= 20, 100 * errors / requests, 0)", label: "5xx %", returnData: true },
  ],
});

export const apiLatencyAlarm = metricAlarm("ApiLatencyP95", "API p95 latency (API Gateway, Lambda included) is high.", {
  namespace: "AWS/ApiGateway",
  metricName: "Latency",
  dimensions: apiDimensions,
  extendedStatistic: "p95",
});

export const searchLatencyAlarm = metricAlarm("SearchLatencyP95", "Search p95 inside the function (our metric, the engine's share mostly) is high.", {
  namespace: METRICS_NAMESPACE,
  metricName: "SearchLatency",
  dimensions: { Service: "api" },
  extendedStatistic: "p95",
});

const region = aws.getRegionOutput().name;
const reindexName = reindex.name;

export const dashboard = new aws.cloudwatch.Dashboard("Dashboard", {
  dashboardName: $interpolate`newsline-${$app.stage}`,
  dashboardBody: $jsonStringify({
    widgets: [
      widget(0, 0, "Indexing: stream iterator age (ms) and lag seen by the indexer", [
        ["AWS/Lambda", "IteratorAge", "FunctionName", indexerName, { stat: "Maximum" }],
        [METRICS_NAMESPACE, "IndexingLag", "Service", "indexer", { stat: "Maximum" }],
      ]),
      widget(12, 0, "Failure queue depth; indexer and reindex errors", [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", failureQueueName, { stat: "Maximum" }],
        ["AWS/Lambda", "Errors", "FunctionName", indexerName, { stat: "Sum" }],
        ["AWS/Lambda", "Errors", "FunctionName", reindexName, { stat: "Sum" }],
      ]),
      widget(0, 6, "API requests and 5xx", [
        ["AWS/ApiGateway", "Count", "ApiId", apiId, "Stage", "$default", { stat: "Sum" }],
        ["AWS/ApiGateway", "5xx", "ApiId", apiId, "Stage", "$default", { stat: "Sum" }],
        [METRICS_NAMESPACE, "Http5xx", "Service", "api", { stat: "Sum" }],
      ]),
      widget(12, 6, "Latency p95 (ms): API Gateway, search, related", [
        ["AWS/ApiGateway", "Latency", "ApiId", apiId, "Stage", "$default", { stat: "p95" }],
        [METRICS_NAMESPACE, "SearchLatency", "Service", "api", { stat: "p95" }],
        [METRICS_NAMESPACE, "RelatedLatency", "Service", "api", { stat: "p95" }],
      ]),
      widget(0, 12, "Searches and searches with no result", [
        [METRICS_NAMESPACE, "Searches", "Service", "api", { stat: "Sum" }],
        [METRICS_NAMESPACE, "SearchZeroResults", "Service", "api", { stat: "Sum" }],
      ]),
      widget(12, 12, "Concurrency and throttles (reserved: infra/limits.ts)", [
        ["AWS/Lambda", "ConcurrentExecutions", "FunctionName", apiFunctionName, { stat: "Maximum" }],
        ["AWS/Lambda", "Throttles", "FunctionName", apiFunctionName, { stat: "Sum" }],
        ["AWS/Lambda", "Throttles", "FunctionName", indexerName, { stat: "Sum" }],
      ]),
    ],
  }),
});

function widget(x: number, y: number, title: string, metrics: unknown[][]) {
  return { type: "metric", x, y, width: 12, height: 6, properties: { title, region, view: "timeSeries", stat: "Average", period: 60, metrics } };
}
