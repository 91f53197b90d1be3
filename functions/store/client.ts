import { DynamoDBClient, DynamoDBDocumentClient } from "./dynamo.js";

export interface Db {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  table: string;
}

/** A document client; `endpoint` points at DynamoDB Local, otherwise the regional endpoint is used. */
export function createDb(opts: { table: string; region?: string; endpoint?: string }): Db {
  const raw = new DynamoDBClient({
    region: opts.region ?? "us-east-1",
    ...(opts.endpoint ? { endpoint: opts.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    maxAttempts: 5,
  });
  return { doc: new DynamoDBDocumentClient(raw), raw, table: opts.table };
}
