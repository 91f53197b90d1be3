import { GetCommand, UpdateCommand } from "./dynamo.js";
import type { Db } from "./client.js";
import { indexerStateKey } from "./keys.js";

/** How far the search index is behind the table, as far as the indexer can tell. */
export interface IndexingState {
  /** Stream records read and not yet applied; null where the indexer cannot know (Lambda's event source holds them). */
  pending: number | null;
  /** Seconds between a change and its arrival in the index, at the last batch (0 when caught up); null before any batch. */
  lagSeconds: number | null;
  /** When the indexer last applied a batch. */
  lastIndexedAt: string | null;
}

/** Where the cloud indexer leaves a note after each batch, for GET /v1/admin/status (one item, one write per batch). */
export class IndexerStateStore {
  constructor(private readonly db: Db) {}

  /** `newestRecordAt`: the approximate creation time of the batch's newest record. */
  async recordBatch(newestRecordAt: Date, appliedAt: Date, records: number, failed: number): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.table,
        Key: indexerStateKey(),
        UpdateExpression: "SET newestRecordAt = :r, appliedAt = :a, lastBatchRecords = :n, lastBatchFailed = :f, #type = :t",
        ExpressionAttributeNames: { "#type": "type" },
        ExpressionAttributeValues: { ":r": newestRecordAt.toISOString(), ":a": appliedAt.toISOString(), ":n": records, ":f": failed, ":t": "indexer-state" },
      }),
    );
  }

  async read(): Promise<IndexingState> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.table, Key: indexerStateKey() }));
    const item = out.Item;
    if (!item) return { pending: null, lagSeconds: null, lastIndexedAt: null };
    const lag = (Date.parse(String(item.appliedAt)) - Date.parse(String(item.newestRecordAt))) / 1000;
    return { pending: null, lagSeconds: Math.max(0, Math.round(lag)), lastIndexedAt: String(item.appliedAt) };
  }
}
