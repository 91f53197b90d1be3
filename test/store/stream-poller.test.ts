import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { _Record } from "@aws-sdk/client-dynamodb-streams";
import { createDb, type Db } from "../../functions/store/client.js";
import { PutCommand } from "../../functions/store/dynamo.js";
import { articleKey } from "../../functions/store/keys.js";
import { ensureTable } from "../../scripts/local/dynamodb.js";
import { isArticleRecord } from "../../scripts/local/runtime.js";
import { StreamPoller } from "../../scripts/local/stream-poller.js";

/** The local stand-in for the indexer's event source, on DynamoDB Local's own stream. */
describe("stream poller on DynamoDB Local", () => {
  let db: Db;
  let dir: string;
  const keysOf = (r: _Record) => `${r.dynamodb?.Keys?.pk?.S} ${r.dynamodb?.Keys?.sk?.S}`;
  const poller = (seen: _Record[]) =>
    new StreamPoller({
      endpoint: inject("dynamoEndpoint"),
      table: db.table,
      checkpointFile: path.join(dir, "checkpoint.json"),
      idleMs: 50,
      wanted: isArticleRecord,
      onRecords: async (records) => void seen.push(...records),
    });

  beforeAll(async () => {
    db = createDb({ table: `poller-${randomUUID()}`, endpoint: inject("dynamoEndpoint") });
    await ensureTable(db);
    dir = mkdtempSync(path.join(tmpdir(), "newsline-poller-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("hands on article items only, and checkpoints past the records it passed over", async () => {
    const put = (item: Record<string, unknown>) => db.doc.send(new PutCommand({ TableName: db.table, Item: item }));
    await put({ ...articleKey("a1"), title: "One" });
    await put({ pk: "QSTAT#2026-12-06", sk: "q#budget", searches: 3 });
    await put({ ...articleKey("a2"), title: "Two" });
    await put({ pk: "QSTAT#2026-12-06", sk: "q#treaty", searches: 1 });

    const seen: _Record[] = [];
    const first = poller(seen);
    first.start();
    await first.drained();
    await first.stop();
    expect(seen.map(keysOf)).toEqual(["ART#a1 ARTICLE", "ART#a2 ARTICLE"]);
    // The last record read was a search count: the checkpoint is past it, so a restart reads nothing again.
    const checkpoint = JSON.parse(readFileSync(path.join(dir, "checkpoint.json"), "utf8")) as Record<string, string>;
    expect(Object.keys(checkpoint)).toHaveLength(1);

    await put({ pk: "QSTAT#2026-12-06", sk: "q#vote", searches: 1 });
    await put({ ...articleKey("a3"), title: "Three" });
    const after: _Record[] = [];
    const second = poller(after);
    second.start();
    await second.drained();
    await second.stop();
    expect(after.map(keysOf)).toEqual(["ART#a3 ARTICLE"]);
  });
});
