import { BatchGetCommand, BatchWriteCommand } from "./dynamo.js";
import type { Db } from "./client.js";

type Key = Record<string, string>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_ROUNDS = 10;

/** BatchWriteItem deletes in chunks of 25, re-sending unprocessed items with backoff. */
export async function deleteKeys(db: Db, keys: Key[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let pending = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let round = 0; pending.length; round++) {
      if (round >= MAX_ROUNDS) throw new Error("DynamoDB kept deletes unprocessed; try again");
      if (round) await sleep(Math.min(1000, 20 * 2 ** round));
      const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
      pending = (out.UnprocessedItems?.[db.table] ?? []) as typeof pending;
    }
  }
}

/** BatchGetItem in chunks of 100, re-asking for unprocessed keys with backoff. */
export async function getKeys(
  db: Db,
  keys: Key[],
  projection?: { expression: string; names: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Key[] = keys.slice(i, i + 100);
    for (let round = 0; pending.length; round++) {
      if (round >= MAX_ROUNDS) throw new Error("DynamoDB kept reads unprocessed; try again");
      if (round) await sleep(Math.min(1000, 20 * 2 ** round));
      const out = await db.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [db.table]: {
              Keys: pending,
              ...(projection ? { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names } : {}),
            },
          },
        }),
      );
      found.push(...((out.Responses?.[db.table] ?? []) as Record<string, unknown>[]));
      pending = (out.UnprocessedKeys?.[db.table]?.Keys ?? []) as Key[];
    }
  }
  return found;
}
