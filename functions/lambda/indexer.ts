/**
 * The indexer function: DynamoDB Streams → search index. The event source mapping (infra/jobs.ts)
 * delivers only article items, retries failed records until they leave the stream (24 h), and
 * reads our partial batch responses, so a search outage delays indexing but loses nothing.
 *
 * It only writes documents. Index settings belong to the reindex function, run once per deploy
 * (docs/deploy.md): a settings task from every cold start would queue behind document batches and
 * break Meilisearch's batching of consecutive writes.
 */
import { cloudDeps, logJson } from "./cloud.js";
import { RelatedProfiles } from "../store/related.js";
import { indexStreamBatch, type BatchResponse, type StreamRecord } from "../search/stream-batch.js";
import { emfLine } from "../observability/metrics.js";

/** Seconds since epoch at which DynamoDB wrote the record (set by Streams on every record). */
type TimedRecord = StreamRecord & { dynamodb?: { ApproximateCreationDateTime?: number } };

/** How long the oldest record of the batch waited between its write and now, when it became searchable. */
export function indexingLagMs(records: TimedRecord[], now = Date.now()): number | undefined {
  const written = records.map((r) => r.dynamodb?.ApproximateCreationDateTime).filter((t): t is number => typeof t === "number");
  return written.length ? Math.max(0, now - Math.min(...written) * 1000) : undefined;
}
import { IndexerStateStore } from "../store/indexer-state.js";

const { engine, db } = cloudDeps({ apiKeys: false });
const profiles = new RelatedProfiles(db);
const progress = new IndexerStateStore(db);

export async function handler(event: { Records?: StreamRecord[] }): Promise<BatchResponse> {
  const records = event.Records ?? [];
  const response = await indexStreamBatch({ engine, profiles }, records, logJson);
  const lag = indexingLagMs(records);
  const fields = { level: "info", msg: "stream batch", records: records.length, failed: response.batchItemFailures.length };
  // The stream batch line doubles as the IndexingLag metric (embedded metric format).
  console.log(lag === undefined ? JSON.stringify(fields) : emfLine({ Service: "indexer" }, { IndexingLag: { value: lag, unit: "Milliseconds" } }, { fields }));
  await noteProgress(records, response.batchItemFailures.length);
  return response;
}

/** Leaves the batch's lag for GET /v1/admin/status (one UpdateItem); a failure here never fails the batch. */
async function noteProgress(records: StreamRecord[], failed: number): Promise<void> {
  // Lambda gives ApproximateCreationDateTime in epoch seconds.
  const created = records.map((r) => Number((r.dynamodb as { ApproximateCreationDateTime?: number } | undefined)?.ApproximateCreationDateTime ?? 0));
  const newest = Math.max(0, ...created);
  if (!newest) return;
  await progress.recordBatch(new Date(newest * 1000), new Date(), records.length, failed).catch((err: Error) =>
    logJson({ level: "warn", msg: "indexing progress not recorded", error: err.message }),
  );
}
