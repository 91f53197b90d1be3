/**
 * The indexer function: DynamoDB Streams → search index. The event source mapping (infra/jobs.ts)
 * delivers only article items, retries failed records until they leave the stream (24 h), and
 * reads our partial batch responses, so a search outage delays indexing but loses nothing.
 */
import { cloudDeps, logJson } from "./cloud.js";
import { indexStreamBatch, type BatchResponse, type StreamRecord } from "../search/stream-batch.js";

const { engine } = cloudDeps({ apiKeys: false });

/** Settings before the first document, once per container; a failure retries with the batch. */
let ready: Promise<void> | undefined;
function ensureIndex(): Promise<void> {
  ready ??= engine.init().catch((err) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

export async function handler(event: { Records?: StreamRecord[] }): Promise<BatchResponse> {
  const records = event.Records ?? [];
  try {
    await ensureIndex();
  } catch (err) {
    logJson({ level: "error", msg: "search index not ready; the batch will be retried", error: (err as Error).message });
    // Reporting the first record makes Lambda retry the whole batch.
    const first = records[0]?.dynamodb?.SequenceNumber;
    if (!first) throw err;
    return { batchItemFailures: [{ itemIdentifier: first }] };
  }
  const response = await indexStreamBatch(engine, records, logJson);
  logJson({ level: "info", msg: "stream batch", records: records.length, failed: response.batchItemFailures.length });
  return response;
}
