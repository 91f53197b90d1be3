import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SearchEngine } from "../../functions/search/engine.js";
import { startTestRuntime, uniqueId, type TestRuntime } from "../support/runtime.js";

/** Wraps the real engine; while `down`, every write fails the way an unreachable engine would. */
function outageSwitch(engine: SearchEngine) {
  const state = { down: false, failedWrites: 0 };
  const fail = () => {
    state.failedWrites++;
    throw new Error("search engine unreachable");
  };
  const wrapped: SearchEngine = Object.create(engine);
  wrapped.upsert = async (docs) => (state.down ? fail() : engine.upsert(docs));
  wrapped.remove = async (ids) => (state.down ? fail() : engine.remove(ids));
  return { wrapped, state };
}

let rt: TestRuntime;
let outage: ReturnType<typeof outageSwitch>;
beforeAll(async () => {
  rt = await startTestRuntime({
    wrapEngine: (engine) => {
      outage = outageSwitch(engine);
      return outage.wrapped;
    },
  });
});
afterAll(async () => rt?.stop());

describe("indexing without loss", () => {
  it("indexes all 200 articles accepted while the search engine was down, once it is back", async () => {
    const marker = `outagetest${Date.now() % 100000}`;
    outage.state.down = true;
    const articles = Array.from({ length: 200 }, (_, i) => ({
      id: uniqueId(`outage${i}`),
      title: `Regional council ${marker} report number ${i}`,
      body: `The council published report ${i} on ${marker} spending.`,
      publishedAt: new Date(Date.UTC(2026, 0, 1 + (i % 28))).toISOString(),
    }));
    const res = await rt.call("POST", "/v1/articles/batch", { body: { articles } });
    const { results }: any = await res.json();
    expect(results.filter((r: { status: string }) => r.status === "created")).toHaveLength(200);

    // While down: the indexer keeps failing and retrying, and nothing is searchable.
    await new Promise((r) => setTimeout(r, 1000));
    expect(outage.state.failedWrites).toBeGreaterThan(0);
    expect((await (await rt.call("GET", `/v1/search?q=${marker}`)).json() as any).total).toBe(0);

    outage.state.down = false;
    await rt.indexed();
    const after: any = await (await rt.call("GET", `/v1/search?q=${marker}&limit=50`)).json();
    expect(after.total).toBe(200);
    // Every one of them, by id.
    expect(await rt.engine.count()).toBeGreaterThanOrEqual(200);
  });
});
