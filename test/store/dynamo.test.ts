import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DynamoDBClient as SdkClient } from "@aws-sdk/client-dynamodb";
import * as Sdk from "@aws-sdk/lib-dynamodb";
import { createDb, type Db } from "../../functions/store/client.js";
import {
  BatchGetCommand,
  BatchWriteCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  TransactionCanceledException,
  UpdateCommand,
  paginateQuery,
} from "../../functions/store/dynamo.js";
import { toUnavailable } from "../../functions/store/guard.js";
import { UnavailableError } from "../../functions/store/errors.js";
import { ensureTable } from "../../scripts/local/dynamodb.js";

/** The store's own DynamoDB client on DynamoDB Local, checked against the SDK's document client on the same table. */
describe("DynamoDB client on DynamoDB Local", () => {
  let db: Db;
  let sdk: Sdk.DynamoDBDocumentClient;
  const item = (n: number) => ({
    pk: "dyn#a",
    sk: `item#${String(n).padStart(3, "0")}`,
    n,
    big: 2 ** 40 + n,
    text: `Заголовок ${n} — "quoted" \u{1F5F3}`,
    nested: { list: [1, "two", { three: true }], empty: "", missing: undefined, nothing: null },
    set: new Set(["x", `y${n}`]),
  });

  beforeAll(async () => {
    const endpoint = inject("dynamoEndpoint");
    db = createDb({ table: `dynamo-${randomUUID()}`, endpoint });
    await ensureTable(db);
    sdk = Sdk.DynamoDBDocumentClient.from(new SdkClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }), {
      marshallOptions: { removeUndefinedValues: true },
    });
    await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: Array.from({ length: 25 }, (_, n) => ({ PutRequest: { Item: item(n) } })) } }));
  });
  afterAll(() => sdk?.destroy());

  it("reads back what it wrote exactly as the SDK's document client reads it", async () => {
    const key = { pk: "dyn#a", sk: "item#007" };
    const ours = await db.doc.send(new GetCommand({ TableName: db.table, Key: key }));
    const theirs = await sdk.send(new Sdk.GetCommand({ TableName: db.table, Key: key }));
    expect(ours.Item).toEqual(theirs.Item);
    expect(ours.Item).toEqual({ ...item(7), nested: { list: [1, "two", { three: true }], empty: "", nothing: null } });
    expect(ours.$metadata.httpStatusCode).toBe(200);

    const query = { TableName: db.table, KeyConditionExpression: "pk = :p AND begins_with(sk, :s)", ExpressionAttributeValues: { ":p": "dyn#a", ":s": "item#01" } };
    const [q1, q2] = await Promise.all([db.doc.send(new QueryCommand(query)), sdk.send(new Sdk.QueryCommand(query))]);
    expect(q1.Items).toEqual(q2.Items);
    expect(q1.Items).toHaveLength(10);

    const keys = [{ pk: "dyn#a", sk: "item#001" }, { pk: "dyn#a", sk: "item#024" }, { pk: "dyn#a", sk: "none" }];
    const batch = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: keys } } }));
    expect(batch.Responses?.[db.table]?.map((i) => i.n).sort()).toEqual([1, 24]);
  });

  it("pages a query through LastEvaluatedKey, from a starting key and with a page size", async () => {
    const input = { TableName: db.table, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "dyn#a" } };
    const sizes: number[] = [];
    const seen: number[] = [];
    for await (const page of paginateQuery({ client: db.doc, pageSize: 10 }, input)) {
      sizes.push(page.Items!.length);
      seen.push(...page.Items!.map((i) => i.n as number));
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, n) => n));
    expect(sizes.slice(0, 3)).toEqual([10, 10, 5]);
    const rest: number[] = [];
    for await (const page of paginateQuery({ client: db.doc, startingToken: { pk: "dyn#a", sk: "item#019" } }, input)) rest.push(...page.Items!.map((i) => i.n as number));
    expect(rest).toEqual([20, 21, 22, 23, 24]);
  });

  it("throws DynamoDB's errors as the SDK's classes, with the stored item and the cancellation reasons", async () => {
    const err = await db.doc
      .send(new PutCommand({ TableName: db.table, Item: item(3), ConditionExpression: "attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" }))
      .catch((e: any) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect(err.name).toBe("ConditionalCheckFailedException");
    expect(err.$fault).toBe("client");
    expect(err.Item?.n).toEqual({ N: "3" });
    expect(toUnavailable("store", err)).toBe(err); // a failed condition is an answer, not an outage

    const tx = await db.doc
      .send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: db.table, Key: { pk: "dyn#a", sk: "item#004" }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": 40 } } },
            { ConditionCheck: { TableName: db.table, Key: { pk: "dyn#a", sk: "item#005" }, ConditionExpression: "n = :x", ExpressionAttributeValues: { ":x": 99 } } },
          ],
        }),
      )
      .catch((e: any) => e);
    expect(tx).toBeInstanceOf(TransactionCanceledException);
    expect(tx.CancellationReasons.map((r: { Code: string }) => r.Code)).toEqual(["None", "ConditionalCheckFailed"]);
    const unchanged = await db.doc.send(new GetCommand({ TableName: db.table, Key: { pk: "dyn#a", sk: "item#004" }, ConsistentRead: true }));
    expect(unchanged.Item?.n).toBe(4);

    const invalid = await db.doc.send(new UpdateCommand({ TableName: db.table, Key: { pk: "dyn#a" }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": 1 } })).catch((e: any) => e);
    expect(invalid.name).toBe("ValidationException");
    expect(invalid.$metadata.attempts).toBe(1); // not retried
  });
});

/** Retry policy: a local server answering as DynamoDB does when it throttles or fails. */
describe("DynamoDB client retries", () => {
  let server: Server;
  let answers: Array<{ status: number; body: unknown }> = [];
  const requests: Array<{ target?: string; authorization?: string; body: string }> = [];
  let endpoint = "";

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c)).on("end", () => {
        requests.push({ target: req.headers["x-amz-target"] as string, authorization: req.headers.authorization, body });
        const next = answers.shift() ?? { status: 200, body: { TableNames: [] } };
        res.writeHead(next.status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "r1" }).end(JSON.stringify(next.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  const client = (maxAttempts = 5) => new DynamoDBClient({ region: "eu-west-1", endpoint, credentials: { accessKeyId: "AKID", secretAccessKey: "secret" }, maxAttempts });

  it("signs each call for dynamodb in its region, the operation in a signed header", async () => {
    requests.length = 0;
    await client().call("ListTables", {});
    expect(requests[0].target).toBe("DynamoDB_20120810.ListTables");
    expect(requests[0].authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/dynamodb\/aws4_request, SignedHeaders=[^,]*x-amz-target/);
  });

  it("retries throttling and server faults, and not what the caller got wrong", async () => {
    requests.length = 0;
    answers = [
      { status: 400, body: { __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", message: "slow down" } },
      { status: 500, body: { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: "oops" } },
      { status: 200, body: { TableNames: ["t"] } },
    ];
    const out = (await client().call("ListTables", {})) as { TableNames: string[]; $metadata: { attempts: number } };
    expect(out.TableNames).toEqual(["t"]);
    expect(out.$metadata.attempts).toBe(3);

    answers = Array.from({ length: 5 }, () => ({ status: 503, body: {} }));
    const down: any = await client(2).call("ListTables", {}).catch((e) => e);
    expect(down.$fault).toBe("server");
    expect(down.$metadata).toMatchObject({ httpStatusCode: 503, attempts: 2 });
    expect(toUnavailable("store", down)).toBeInstanceOf(UnavailableError);
    answers = [];

    requests.length = 0;
    answers = [{ status: 400, body: { __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "no table" } }];
    const missing: any = await client().call("DescribeTable", { TableName: "x" }).catch((e) => e);
    expect(missing).toMatchObject({ name: "ResourceNotFoundException", message: "no table", $fault: "client" });
    expect(requests).toHaveLength(1);
  });

  it("sends a retried transaction with the same idempotency token, a new transaction with a new one", async () => {
    const doc = new DynamoDBDocumentClient(client());
    const tx = () => new TransactWriteCommand({ TransactItems: [{ Put: { TableName: "t", Item: { pk: "a", sk: "b" } } }] });
    requests.length = 0;
    answers = [{ status: 500, body: { __type: "com.amazonaws.dynamodb.v20120810#InternalServerError" } }, { status: 200, body: {} }];
    await doc.send(tx());
    await doc.send(tx());
    const tokens = requests.map((r) => JSON.parse(r.body).ClientRequestToken);
    expect(tokens).toHaveLength(3);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(JSON.parse(requests[0].body).TransactItems[0].Put.Item).toEqual({ pk: { S: "a" }, sk: { S: "b" } });
  });

  it("gives up on an unreachable endpoint after its attempts, as an outage", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const unreachable = new DynamoDBClient({ region: "eu-west-1", endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 2 });
    const err: any = await unreachable.call("ListTables", {}).catch((e) => e);
    expect(err.cause?.code).toBe("ECONNREFUSED");
    expect(toUnavailable("store", err)).toBeInstanceOf(UnavailableError);
  });
});
