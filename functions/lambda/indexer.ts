/**
 * The indexer function: DynamoDB Streams → search index and related-stories profiles. The event source mapping (infra/jobs.ts)
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

const { engine, db } = cloudDeps({ apiKeys: false });
const profiles = new RelatedProfiles(db);

export async function handler(event: { Records?: StreamRecord[] }): Promise<BatchResponse> {
  const records = event.Records ?? [];
  const response = await indexStreamBatch({ engine, profiles }, records, logJson);
  logJson({ level: "info", msg: "stream batch", records: records.length, failed: response.batchItemFailures.length });
  return response;
}
