import { describe, expect, it } from "vitest";
import { marshall } from "@aws-sdk/util-dynamodb";
import { indexStreamBatch, type StreamRecord } from "../../functions/search/stream-batch.js";
import { articleByTime, articleKey, reviewKey } from "../../functions/store/keys.js";
import { RecordingEngine } from "../support/recording-engine.js";
import { storedArticle } from "../support/articles.js";

let sequence = 100;
const nextSeq = () => String(sequence++);

function put(id: string, title = `Title of ${id}`): StreamRecord {
  const a = storedArticle(id, { title });
  const item = { ...articleKey(id), ...articleByTime(id, a.publishedAt), type: "article", ...a };
  return {
    eventID: `e-${id}-${sequence}`,
    eventName: "MODIFY",
    dynamodb: { Keys: marshall(articleKey(id)), NewImage: marshall(item, { removeUndefinedValues: true }), SequenceNumber: nextSeq() },
  };
}

function remove(id: string): StreamRecord {
  return { eventID: `e-del-${id}`, eventName: "REMOVE", dynamodb: { Keys: marshall(articleKey(id)), SequenceNumber: nextSeq() } };
}

describe("indexStreamBatch", () => {
  it("indexes article writes and removals and reports no failure", async () => {
    const engine = new RecordingEngine();
    await engine.upsert([{ ...storedArticle("gone") }]);
    const review = { eventName: "INSERT", dynamodb: { Keys: marshall(reviewKey("a", "r1")), NewImage: marshall({ ...reviewKey("a", "r1"), rating: 5 }), SequenceNumber: nextSeq() } };
    const res = await indexStreamBatch(engine, [put("a"), review, put("b"), remove("gone")]);
    expect(res).toEqual({ batchItemFailures: [] });
    expect([...engine.docs.keys()].sort()).toEqual(["a", "b"]);
  });

  it("makes one engine write for the batch, the last change of an id winning", async () => {
    const engine = new RecordingEngine();
    await indexStreamBatch(engine, [put("a", "first"), put("a", "second")]);
    expect(engine.calls.filter((c) => c.op === "upsert")).toHaveLength(1);
    expect(engine.docs.get("a")?.title).toBe("second");
  });

  it("during an outage reports the first record, so Lambda retries the whole batch", async () => {
    const engine = new RecordingEngine();
    engine.failWhen = () => true;
    const records = [put("a"), put("b")];
    const res = await indexStreamBatch(engine, records);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: records[0].dynamodb!.SequenceNumber }]);
    expect(engine.docs.size).toBe(0);

    // The retry after the outage indexes everything.
    engine.failWhen = () => false;
    expect(await indexStreamBatch(engine, records)).toEqual({ batchItemFailures: [] });
    expect([...engine.docs.keys()].sort()).toEqual(["a", "b"]);
  });

  it("isolates a record the engine rejects: earlier ones are applied, retry resumes at it", async () => {
    const engine = new RecordingEngine();
    engine.failWhen = (c) => c.op === "upsert" && c.ids.includes("bad");
    const records = [put("a"), put("bad"), put("c")];
    const logs: Record<string, unknown>[] = [];
    const res = await indexStreamBatch(engine, records, (e) => logs.push(e));
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: records[1].dynamodb!.SequenceNumber }]);
    expect([...engine.docs.keys()]).toEqual(["a"]);
    expect(logs.some((l) => l.level === "error" && l.sequenceNumber === records[1].dynamodb!.SequenceNumber)).toBe(true);
  });

  it("throws when a failing record has no sequence number, failing the whole batch", async () => {
    const engine = new RecordingEngine();
    engine.failWhen = () => true;
    const record = put("a");
    delete record.dynamodb!.SequenceNumber;
    await expect(indexStreamBatch(engine, [record])).rejects.toThrow(/unavailable/);
  });

  it("accepts an empty batch", async () => {
    expect(await indexStreamBatch(new RecordingEngine(), [])).toEqual({ batchItemFailures: [] });
  });
});
