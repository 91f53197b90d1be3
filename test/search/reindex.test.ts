import { describe, expect, it } from "vitest";
import { reindex, REINDEX_BATCH_SIZE, type ReindexProgress } from "../../functions/search/reindex.js";
import { RecordingEngine } from "../support/recording-engine.js";
import { storedArticle } from "../support/articles.js";

const many = (n: number, prefix = "a") => Array.from({ length: n }, (_, i) => storedArticle(`${prefix}-${i}`));

async function* pages(...lists: ReturnType<typeof many>[]) {
  for (const list of lists) yield list;
}

describe("reindex", () => {
  it("applies settings and synonyms before any document, then writes every article", async () => {
    const engine = new RecordingEngine();
    const result = await reindex(pages(many(3, "x"), many(2, "y")), engine, undefined, { synonyms: [["eu", "european union"]] });
    expect(result.indexed).toBe(5);
    expect(engine.calls.slice(0, 2)).toEqual([{ op: "init" }, { op: "synonyms", groups: [["eu", "european union"]] }]);
    expect([...engine.docs.keys()].sort()).toEqual(["x-0", "x-1", "x-2", "y-0", "y-1"]);
    // Only the public, searchable part goes to the engine.
    expect(engine.docs.get("x-0")).not.toHaveProperty("entities");
    expect(engine.docs.get("x-0")).not.toHaveProperty("version");
  });

  it("splits large pages into engine batches and reports progress after each", async () => {
    const engine = new RecordingEngine();
    const progress: ReindexProgress[] = [];
    const total = REINDEX_BATCH_SIZE * 2 + 7;
    await reindex([many(total)], engine, (p) => progress.push(p));
    const upserts = engine.calls.filter((c) => c.op === "upsert");
    expect(upserts.map((c) => ("ids" in c ? c.ids.length : 0))).toEqual([REINDEX_BATCH_SIZE, REINDEX_BATCH_SIZE, 7]);
    expect(progress.map((p) => p.indexed)).toEqual([REINDEX_BATCH_SIZE, REINDEX_BATCH_SIZE * 2, total]);
    expect(engine.docs.size).toBe(total);
  });

  it("keeps existing documents unless asked to clear, and clearing drops orphans", async () => {
    const engine = new RecordingEngine();
    await engine.upsert([{ ...storedArticle("orphan"), url: null }]);
    await reindex([many(2)], engine);
    expect(engine.docs.has("orphan")).toBe(true);

    await reindex([many(2)], engine, undefined, { clear: true });
    expect(engine.docs.has("orphan")).toBe(false);
    expect(engine.docs.size).toBe(2);
    const ops = engine.calls.map((c) => c.op);
    expect(ops.lastIndexOf("clear")).toBeLessThan(ops.lastIndexOf("upsert"));
  });

  it("fails when the engine fails, so the operator sees it and re-runs", async () => {
    const engine = new RecordingEngine();
    engine.failWhen = (c) => c.op === "upsert";
    await expect(reindex([many(3)], engine)).rejects.toThrow(/unavailable/);
  });

  it("handles an empty store", async () => {
    const engine = new RecordingEngine();
    expect((await reindex(pages(), engine)).indexed).toBe(0);
    expect(engine.calls).toEqual([{ op: "init" }]);
  });
});
