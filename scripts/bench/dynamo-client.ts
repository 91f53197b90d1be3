/**
 * The store's DynamoDB client against the SDK's document client, on the same DynamoDB Local:
 * PutItem then GetItem of the same items, 8 in flight, 4 rounds alternating which goes first;
 * medians of items/s and of this process's CPU per operation (signing, marshalling, HTTP).
 * `npx tsx scripts/bench/dynamo-client.ts [items per round, default 1500]`; see docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DynamoDBClient as SdkClient } from "@aws-sdk/client-dynamodb";
import * as Sdk from "@aws-sdk/lib-dynamodb";
import { createDb } from "../../functions/store/client.js";
import { GetCommand, PutCommand } from "../../functions/store/dynamo.js";
import { ensureTable, startLocalDynamo } from "../local/dynamodb.js";

type Client = { put(item: Record<string, unknown>): Promise<unknown>; get(key: Record<string, unknown>): Promise<unknown> };

const perRound = Number(process.argv[2] ?? 1500);
const dir = mkdtempSync(path.join(tmpdir(), "dynamo-client-bench-"));
const dynamo = await startLocalDynamo({ dir });
const db = createDb({ table: "bench", endpoint: dynamo.endpoint });
await ensureTable(db);
const sdk = Sdk.DynamoDBDocumentClient.from(
  new SdkClient({ region: "us-east-1", endpoint: dynamo.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 5 }),
  { marshallOptions: { removeUndefinedValues: true } },
);
const clients: Record<string, Client> = {
  store: { put: (Item) => db.doc.send(new PutCommand({ TableName: "bench", Item })), get: (Key) => db.doc.send(new GetCommand({ TableName: "bench", Key })) },
  sdk: { put: (Item) => sdk.send(new Sdk.PutCommand({ TableName: "bench", Item })), get: (Key) => sdk.send(new Sdk.GetCommand({ TableName: "bench", Key })) },
};

// An article-sized item: a title, 2 KB of text, a number and a list.
const key = (tag: string, i: number) => ({ pk: `BENCH#${tag}#${i}`, sk: "A" });
const item = (tag: string, i: number) => ({ ...key(tag, i), title: "Parliament debates the budget", body: "word ".repeat(400), n: i, tags: ["a", "b"] });

async function inFlight(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => { while (next < n) await fn(next++); }));
  return n / ((performance.now() - started) / 1000);
}

async function round(name: string, tag: string, n: number) {
  const cpu = process.cpuUsage();
  const put = await inFlight(n, (i) => clients[name].put(item(tag, i)));
  const get = await inFlight(n, (i) => clients[name].get(key(tag, i)));
  const used = process.cpuUsage(cpu);
  return { put, get, cpuMsPerOp: (used.user + used.system) / 1000 / (2 * n) };
}

for (const name of Object.keys(clients)) await round(name, `warm-${name}`, 300); // JIT and DynamoDB Local warm-up
const results: Record<string, Array<Awaited<ReturnType<typeof round>>>> = { store: [], sdk: [] };
for (let r = 0; r < 4; r++) {
  for (const name of r % 2 ? ["sdk", "store"] : ["store", "sdk"]) results[name].push(await round(name, `${name}-${r}`, perRound));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = Object.fromEntries(
  Object.entries(results).map(([name, rs]) => [name, { put: median(rs.map((x) => x.put)), get: median(rs.map((x) => x.get)), cpu: median(rs.map((x) => x.cpuMsPerOp)) }]),
);
for (const [name, s] of Object.entries(summary)) console.log(`${name.padEnd(6)} PutItem ${s.put.toFixed(0)}/s  GetItem ${s.get.toFixed(0)}/s  client CPU ${s.cpu.toFixed(3)} ms/op`);
console.log(`store ÷ sdk: PutItem ${(summary.store.put / summary.sdk.put).toFixed(2)}×, GetItem ${(summary.store.get / summary.sdk.get).toFixed(2)}×, CPU ${(summary.store.cpu / summary.sdk.cpu).toFixed(2)}×`);
sdk.destroy();
await dynamo.stop();
rmSync(dir, { recursive: true, force: true });
