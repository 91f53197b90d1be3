import type { SearchEngine } from "./engine.js";
import { articleChanges, indexChanges, type ChangeRecord, type ChangeTargets } from "./indexer.js";

/** A DynamoDB Streams record as Lambda delivers it; SequenceNumber identifies it in a partial failure. */
export interface StreamRecord extends ChangeRecord {
  eventID?: string;
  dynamodb?: ChangeRecord["dynamodb"] & { SequenceNumber?: string };
}

/** Lambda's partial batch response (event source mapping with ReportBatchItemFailures). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export type StreamLogger = (entry: Record<string, unknown>) => void;

/**
 * Applies one batch of stream records to the search index.
 *
 * The whole batch goes in one engine call. If that fails, the records are applied one by one in
 * order until one fails; that record is reported, and Lambda retries from it (for streams, the
 * lowest reported sequence number is the checkpoint). So the records before it are not redone, and
 * an engine outage only ever holds the batch back: nothing is skipped.
 */
export async function indexStreamBatch(engine: SearchEngine | ChangeTargets, records: StreamRecord[], log: StreamLogger = () => {}): Promise<BatchResponse> {
  if (records.length === 0) return { batchItemFailures: [] };
  try {
    await indexChanges(engine, articleChanges(records));
    return { batchItemFailures: [] };
  } catch (err) {
    log({ level: "warn", msg: "batch failed; applying records one by one", records: records.length, error: errorMessage(err) });
  }
  for (const record of records) {
    try {
      await indexChanges(engine, articleChanges([record]));
    } catch (err) {
      const itemIdentifier = record.dynamodb?.SequenceNumber;
      log({ level: "error", msg: "record not indexed; it will be retried", eventID: record.eventID, sequenceNumber: itemIdentifier, error: errorMessage(err) });
      // Without a sequence number Lambda cannot resume mid-batch: fail the whole batch instead.
      if (!itemIdentifier) throw err;
      return { batchItemFailures: [{ itemIdentifier }] };
    }
  }
  return { batchItemFailures: [] };
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
