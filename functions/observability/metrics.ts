/**
 * Metrics as CloudWatch embedded metric format (EMF): a JSON log line that CloudWatch Logs turns
 * into metrics, with no API call and no agent. Hand-written: the format is a few fields, where
 * AWS Lambda Powertools' metrics package would add its own dependencies to every cold start.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

/** Must equal METRICS_NAMESPACE in infra/limits.ts (the alarms and dashboard read it). */
export const METRICS_NAMESPACE = "Newsline";

export type MetricUnit = "Milliseconds" | "Count" | "Percent";

export interface MetricValue {
  value: number;
  unit: MetricUnit;
}

/** One EMF line: the metrics under one set of dimensions, plus any extra (non-metric) fields. */
export function emfLine(
  dimensions: Record<string, string>,
  metrics: Record<string, MetricValue>,
  opts: { timestamp?: number; fields?: Record<string, unknown> } = {},
): string {
  const names = Object.keys(metrics);
  return JSON.stringify({
    ...opts.fields,
    _aws: {
      Timestamp: opts.timestamp ?? Date.now(),
      CloudWatchMetrics: [
        { Namespace: METRICS_NAMESPACE, Dimensions: [Object.keys(dimensions)], Metrics: names.map((name) => ({ Name: name, Unit: metrics[name].unit })) },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(names.map((name) => [name, metrics[name].value])),
  });
}
