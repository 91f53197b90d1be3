/**
 * A DynamoDB client for the operations the store uses: the service's JSON protocol (one signed POST
 * per call, `X-Amz-Target: DynamoDB_20120810.<Operation>`), the SDK's marshalling
 * (@aws-sdk/util-dynamodb) and its retry policy. It replaces @aws-sdk/client-dynamodb and
 * lib-dynamodb in the functions: those made up half of what a cold start of the API spent importing
 * (docs/deploy.md). Command names, inputs, outputs and error names are the SDK's, so the store
 * reads as it would with the SDK, and its types are the SDK's own (type imports only).
 */
import type * as Doc from "@aws-sdk/lib-dynamodb";
import type * as Raw from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { environmentCredentials, signedPoster, type Credentials, type SignedPost } from "../aws/sign.js";

type Item = Record<string, unknown>;
type Marshalled = Record<string, Raw.AttributeValue>;

const toWire = (item: Item): Marshalled => marshall(item, { removeUndefinedValues: true, convertEmptyValues: false });
const fromWire = (item: Marshalled): Item => unmarshall(item);

/** Maps a record's values, leaving it undefined when it is. */
function mapValues<T, U>(record: Record<string, T> | undefined, fn: (v: T) => U): Record<string, U> | undefined {
  return record && Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

// What each document command marshals on the way out and unmarshals on the way back, as
// lib-dynamodb does for the same fields.
type Codec = { input(input: any): any; output(output: any): any };
const same = (x: any) => x;
const expressionValues = (i: any) => ({ ...i, ExpressionAttributeValues: i.ExpressionAttributeValues && toWire(i.ExpressionAttributeValues) });
const writeRequest = (w: any, code: (item: any) => any) => ({
  ...w,
  ...(w.PutRequest ? { PutRequest: { ...w.PutRequest, Item: code(w.PutRequest.Item) } } : {}),
  ...(w.DeleteRequest ? { DeleteRequest: { ...w.DeleteRequest, Key: code(w.DeleteRequest.Key) } } : {}),
});
const transactItem = (t: any) =>
  Object.fromEntries(
    Object.entries(t).map(([kind, op]: [string, any]) => [
      kind,
      { ...expressionValues(op), ...(op.Key ? { Key: toWire(op.Key) } : {}), ...(op.Item ? { Item: toWire(op.Item) } : {}) },
    ]),
  );
/** The item as it was or became (ReturnValues), on writes. */
const attributes = (o: any) => ({ ...o, Attributes: o.Attributes && fromWire(o.Attributes) });
const pages: Codec = {
  input: (i) => ({ ...expressionValues(i), ExclusiveStartKey: i.ExclusiveStartKey && toWire(i.ExclusiveStartKey) }),
  output: (o) => ({ ...o, Items: o.Items?.map(fromWire), LastEvaluatedKey: o.LastEvaluatedKey && fromWire(o.LastEvaluatedKey) }),
};
const CODECS = {
  GetItem: { input: (i) => ({ ...i, Key: toWire(i.Key) }), output: (o) => ({ ...o, Item: o.Item && fromWire(o.Item) }) },
  PutItem: { input: (i) => ({ ...expressionValues(i), Item: toWire(i.Item) }), output: attributes },
  UpdateItem: { input: (i) => ({ ...expressionValues(i), Key: toWire(i.Key) }), output: attributes },
  DeleteItem: { input: (i) => ({ ...expressionValues(i), Key: toWire(i.Key) }), output: attributes },
  Query: pages,
  Scan: pages,
  BatchGetItem: {
    input: (i) => ({ ...i, RequestItems: mapValues(i.RequestItems, (r: any) => ({ ...r, Keys: r.Keys.map(toWire) })) }),
    output: (o) => ({
      ...o,
      Responses: mapValues(o.Responses, (items: Marshalled[]) => items.map(fromWire)),
      UnprocessedKeys: mapValues(o.UnprocessedKeys, (r: any) => ({ ...r, Keys: r.Keys.map(fromWire) })),
    }),
  },
  BatchWriteItem: {
    input: (i) => ({ ...i, RequestItems: mapValues(i.RequestItems, (ws: any[]) => ws.map((w) => writeRequest(w, toWire))) }),
    output: (o) => ({ ...o, UnprocessedItems: mapValues(o.UnprocessedItems, (ws: any[]) => ws.map((w) => writeRequest(w, fromWire))) }),
  },
  // The SDK fills ClientRequestToken (an idempotency token) when the caller does not: a retry of the
  // same request after a lost answer is then recognised by DynamoDB instead of applied again.
  TransactWriteItems: { input: (i) => ({ ClientRequestToken: randomUUID(), ...i, TransactItems: i.TransactItems.map(transactItem) }), output: same },
} satisfies Record<string, Codec>;

/** A command: the operation's name and its input, as the SDK's command classes hold them. */
export abstract class Command<Input, Output> {
  declare readonly __output: Output;
  abstract readonly operation: string;
  constructor(readonly input: Input) {}
}

// Document commands (plain JavaScript values in and out), as in @aws-sdk/lib-dynamodb.
export class GetCommand extends Command<Doc.GetCommandInput, Doc.GetCommandOutput> {
  readonly operation = "GetItem";
}
export class PutCommand extends Command<Doc.PutCommandInput, Doc.PutCommandOutput> {
  readonly operation = "PutItem";
}
export class UpdateCommand extends Command<Doc.UpdateCommandInput, Doc.UpdateCommandOutput> {
  readonly operation = "UpdateItem";
}
export class DeleteCommand extends Command<Doc.DeleteCommandInput, Doc.DeleteCommandOutput> {
  readonly operation = "DeleteItem";
}
export class QueryCommand extends Command<Doc.QueryCommandInput, Doc.QueryCommandOutput> {
  readonly operation = "Query";
}
export class ScanCommand extends Command<Doc.ScanCommandInput, Doc.ScanCommandOutput> {
  readonly operation = "Scan";
}
export class BatchGetCommand extends Command<Doc.BatchGetCommandInput, Doc.BatchGetCommandOutput> {
  readonly operation = "BatchGetItem";
}
export class BatchWriteCommand extends Command<Doc.BatchWriteCommandInput, Doc.BatchWriteCommandOutput> {
  readonly operation = "BatchWriteItem";
}
export class TransactWriteCommand extends Command<Doc.TransactWriteCommandInput, Doc.TransactWriteCommandOutput> {
  readonly operation = "TransactWriteItems";
}
// Table commands (no items to convert), as in @aws-sdk/client-dynamodb.
export class DescribeTableCommand extends Command<Raw.DescribeTableCommandInput, Raw.DescribeTableCommandOutput> {
  readonly operation = "DescribeTable";
}
export class CreateTableCommand extends Command<Raw.CreateTableCommandInput, Raw.CreateTableCommandOutput> {
  readonly operation = "CreateTable";
}
export class ListTablesCommand extends Command<Raw.ListTablesCommandInput, Raw.ListTablesCommandOutput> {
  readonly operation = "ListTables";
}

export type { QueryCommandInput, TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
export type { AttributeValue } from "@aws-sdk/client-dynamodb";

/** An error DynamoDB answered with; `name` is its type (ConditionalCheckFailedException, …). */
export class DynamoDBServiceException extends Error {
  readonly $fault: "client" | "server";
  readonly $metadata: { httpStatusCode: number; requestId?: string; attempts: number };
  constructor(name: string, message: string, status: number, requestId: string | undefined, attempts: number) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? "server" : "client";
    this.$metadata = { httpStatusCode: status, requestId, attempts };
  }
}
/** A failed condition; `Item` is the stored item, marshalled, when ReturnValuesOnConditionCheckFailure asked for it. */
export class ConditionalCheckFailedException extends DynamoDBServiceException {
  Item?: Marshalled;
}
export class TransactionCanceledException extends DynamoDBServiceException {
  CancellationReasons?: Raw.CancellationReason[];
}
export class ResourceInUseException extends DynamoDBServiceException {}

const ERROR_CLASSES: Record<string, typeof DynamoDBServiceException> = {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  ResourceInUseException,
};

/** The SDK's standard retry policy: throttling, server faults and network failures, up to maxAttempts in all. */
const THROTTLING = new Set([
  "ThrottlingException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "LimitExceededException",
  "TransactionInProgressException",
  "RequestThrottledException",
  "TooManyRequestsException",
]);
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 20_000;

function retryable(err: unknown): boolean {
  if (err instanceof DynamoDBServiceException) return err.$fault === "server" || THROTTLING.has(err.name);
  // fetch rejects with "fetch failed" and the socket's error as its cause; an abort is the caller's.
  return err instanceof TypeError && err.message === "fetch failed";
}

export interface DynamoDBClientConfig {
  region: string;
  /** DynamoDB Local; the environment's endpoint variable or the regional endpoint when absent. */
  endpoint?: string;
  credentials?: Credentials;
  maxAttempts?: number;
}

/** Sends commands as they are (table operations and raw AttributeValues). */
export class DynamoDBClient {
  private readonly post: SignedPost;
  private readonly maxAttempts: number;

  constructor(config: DynamoDBClientConfig) {
    // The SDK's endpoint variables are honoured too (AWS_ENDPOINT_URL_DYNAMODB, then AWS_ENDPOINT_URL).
    const { AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL } = process.env;
    const url = new URL(config.endpoint ?? AWS_ENDPOINT_URL_DYNAMODB ?? AWS_ENDPOINT_URL ?? `https://dynamodb.${config.region}.amazonaws.com`);
    const fixed = config.credentials;
    const credentials = fixed ? async () => fixed : environmentCredentials;
    this.post = signedPoster({ service: "dynamodb", region: config.region, url, credentials });
    this.maxAttempts = config.maxAttempts ?? 3;
  }

  async send<I, O>(command: Command<I, O>, options: { abortSignal?: AbortSignal } = {}): Promise<O> {
    return (await this.call(command.operation, command.input, options.abortSignal)) as O;
  }

  /** Nothing to release: connections belong to fetch's pool, which does not keep the process alive. */
  destroy(): void {}

  async call(operation: string, input: unknown, signal?: AbortSignal): Promise<unknown> {
    const body = JSON.stringify(input);
    const headers = { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${operation}` };
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.post("/", headers, body, signal);
        const text = await res.text();
        if (res.ok) return { ...(text ? JSON.parse(text) : {}), $metadata: { httpStatusCode: res.status, requestId: res.headers.get("x-amzn-requestid") ?? undefined, attempts: attempt } };
        throw parseError(res, text, attempt);
      } catch (err) {
        if (attempt >= this.maxAttempts || signal?.aborted || !retryable(err)) throw err;
        await sleep(Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt), signal);
      }
    }
  }
}

/** Plain JavaScript values in and out, converted as lib-dynamodb's DynamoDBDocumentClient does. */
export class DynamoDBDocumentClient {
  constructor(readonly raw: DynamoDBClient) {}

  async send<I, O>(command: Command<I, O>, options: { abortSignal?: AbortSignal } = {}): Promise<O> {
    const codec: Codec = (CODECS as Record<string, Codec>)[command.operation] ?? { input: same, output: same };
    return codec.output(await this.raw.call(command.operation, codec.input(command.input), options.abortSignal)) as O;
  }
}

/** Every page of a query, following LastEvaluatedKey, as the SDK's paginateQuery (pageSize: Limit; startingToken: ExclusiveStartKey). */
export async function* paginateQuery(
  config: { client: DynamoDBDocumentClient; pageSize?: number; startingToken?: Record<string, unknown> },
  input: Doc.QueryCommandInput,
): AsyncGenerator<Doc.QueryCommandOutput> {
  let start = config.startingToken ?? input.ExclusiveStartKey;
  do {
    const page = await config.client.send(new QueryCommand({ ...input, ...(config.pageSize ? { Limit: config.pageSize } : {}), ExclusiveStartKey: start }));
    yield page;
    start = page.LastEvaluatedKey;
  } while (start);
}

function parseError(res: Response, text: string, attempts: number): DynamoDBServiceException {
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  // "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", or the header's "Name:detail".
  const type = String(body.__type ?? res.headers.get("x-amzn-errortype") ?? (res.status >= 500 ? "InternalServerError" : "UnknownError"));
  const name = type.split("#").pop()!.split(":")[0];
  const message = String(body.message ?? body.Message ?? `DynamoDB answered HTTP ${res.status}`);
  const ErrorClass = ERROR_CLASSES[name] ?? DynamoDBServiceException;
  const err = new ErrorClass(name, message, res.status, res.headers.get("x-amzn-requestid") ?? undefined, attempts);
  for (const [k, v] of Object.entries(body)) if (k !== "__type" && k !== "message" && k !== "Message") (err as unknown as Record<string, unknown>)[k] = v;
  return err;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
