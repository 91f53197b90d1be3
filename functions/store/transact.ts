import { TransactWriteCommand, TransactionCanceledException, type AttributeValue, type TransactWriteCommandInput } from "./dynamo.js";
import type { Db } from "./client.js";

export type TxItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** The transaction was cancelled because these items' conditions did not hold (indexes into the item list). */
export class ConditionsFailed extends Error {
  constructor(
    readonly indexes: number[],
    /** Per item, the stored copy DynamoDB returned (ReturnValuesOnConditionCheckFailure: ALL_OLD), marshalled. */
    readonly items: (Record<string, AttributeValue> | undefined)[] = [],
  ) {
    super(`Transaction conditions failed at ${indexes.join(", ")}`);
  }
  has(index: number) {
    return this.indexes.includes(index);
  }
}

/** Reasons DynamoDB gives for a cancellation that is worth trying again as it is. */
const TRANSIENT = new Set(["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"]);
const MAX_ATTEMPTS = 16;
const BASE_DELAY_MS = 10;
const MAX_DELAY_MS = 800;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One TransactWriteItems, retried while it only lost a race to another transaction on the same
 * items (exponential backoff, full jitter). A failed condition is final for this call and is
 * thrown as ConditionsFailed, so the caller decides: duplicate, re-read and retry, or refuse.
 */
export async function transactWrite(db: Db, items: TxItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const failed = reasons.flatMap((r, i) => (r.Code === "ConditionalCheckFailed" ? [i] : []));
      if (failed.length) throw new ConditionsFailed(failed, reasons.map((r) => r.Item));
      const transient = reasons.some((r) => r.Code && TRANSIENT.has(r.Code));
      if (!transient || attempt >= MAX_ATTEMPTS) throw err;
      await sleep(Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt));
    }
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}
