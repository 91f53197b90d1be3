import type { SearchDocument, SearchEngine } from "../../functions/search/engine.js";

export type EngineCall = { op: "init" | "clear" } | { op: "upsert"; ids: string[] } | { op: "remove"; ids: string[] } | { op: "synonyms"; groups: string[][] };

/**
 * An in-memory SearchEngine that records every write, for tests of code above the port.
 * `failWhen` makes a call throw, like an engine outage or a rejected document.
 */
export class RecordingEngine implements SearchEngine {
  readonly name = "embedded" as const;
  readonly docs = new Map<string, SearchDocument>();
  readonly calls: EngineCall[] = [];
  failWhen: (call: EngineCall) => boolean = () => false;

  private record(call: EngineCall) {
    if (this.failWhen(call)) throw new Error(`engine unavailable (${call.op})`);
    this.calls.push(call);
  }

  async init() {
    this.record({ op: "init" });
  }
  async upsert(docs: SearchDocument[]) {
    this.record({ op: "upsert", ids: docs.map((d) => d.id) });
    for (const d of docs) this.docs.set(d.id, d);
  }
  async remove(ids: string[]) {
    this.record({ op: "remove", ids });
    for (const id of ids) this.docs.delete(id);
  }
  async clear() {
    this.record({ op: "clear" });
    this.docs.clear();
  }
  async setSynonyms(groups: string[][]) {
    this.record({ op: "synonyms", groups });
  }
  async search(): Promise<never> {
    throw new Error("not used in these tests");
  }
  async suggest(): Promise<never> {
    throw new Error("not used in these tests");
  }
  async moreLikeThis(): Promise<never> {
    throw new Error("not used in these tests");
  }
  async count() {
    return this.docs.size;
  }
  async ping() {
    return true;
  }
  async close() {}
}
